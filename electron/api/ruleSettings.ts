import { DEFAULT_RULE_SETTINGS } from '../../shared/ruleSettings';
import { recordAudit } from '../db/auditRepo';
import { readRuleSettings, writeRuleSettings } from '../db/ruleSettingsRepo';
import type { Handlers } from '../dispatch';
import type { ApiDeps } from './deps';

export function ruleSettingsHandlers({ db, clock }: ApiDeps): Pick<Handlers, 'ruleSettings.get' | 'ruleSettings.update'> {
  return {
    'ruleSettings.get': () => ({ settings: readRuleSettings(db), defaults: DEFAULT_RULE_SETTINGS }),
    'ruleSettings.update': (settings, { staff }) =>
      db.transaction(() => {
        const before = readRuleSettings(db);
        const atMs = clock.nowMs();
        writeRuleSettings(db, settings, atMs);
        const after = readRuleSettings(db);
        recordAudit(db, { atMs, staff, action: 'update', entity: 'rule_settings', entityId: '1', before, after });
        return { settings: after, defaults: DEFAULT_RULE_SETTINGS };
      })(),
  };
}
