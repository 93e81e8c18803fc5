import { DEFAULT_RULE_SETTINGS } from '../../shared/ruleSettings';
import { recordAudit } from '../db/auditRepo';
import { readRuleSettings, writeRuleSettings } from '../db/ruleSettingsRepo';
import type { Handlers } from '../dispatch';
import type { ApiDeps } from './deps';
import { clinicToday } from './clinicDay';
import { loadRulesContext } from '../scheduling/context';
import { refreshAllScheduleSummaries } from '../scheduling/patientSchedule';

export function ruleSettingsHandlers(deps: ApiDeps): Pick<Handlers, 'ruleSettings.get' | 'ruleSettings.update'> {
  const { db, clock } = deps;
  return {
    'ruleSettings.get': () => ({ settings: readRuleSettings(db), defaults: DEFAULT_RULE_SETTINGS }),
    'ruleSettings.update': (settings, { staff }) =>
      db.transaction(() => {
        const before = readRuleSettings(db);
        const atMs = clock.nowMs();
        writeRuleSettings(db, settings, atMs);
        const after = readRuleSettings(db);
        recordAudit(db, { atMs, staff, action: 'update', entity: 'rule_settings', entityId: '1', before, after });
        // Every recall date may move: the summary the recall list reads is rebuilt in the same transaction.
        refreshAllScheduleSummaries(db, loadRulesContext(db), clinicToday(deps));
        return { settings: after, defaults: DEFAULT_RULE_SETTINGS };
      })(),
  };
}
