import { DEFAULT_RULE_SETTINGS } from '../../shared/ruleSettings';
import { recordAudit } from '../db/auditRepo';
import { readRuleSettings, writeRuleSettings } from '../db/ruleSettingsRepo';
import type { Handlers } from '../dispatch';
import type { ApiDeps } from './deps';
import { clinicToday } from './clinicDay';
import { markSummariesStale, rebuildSummaries } from '../scheduling/summaryUpkeep';

export function ruleSettingsHandlers(deps: ApiDeps): Pick<Handlers, 'ruleSettings.get' | 'ruleSettings.update'> {
  const { db, clock } = deps;
  return {
    'ruleSettings.get': () => ({ settings: readRuleSettings(db), defaults: DEFAULT_RULE_SETTINGS }),
    'ruleSettings.update': async (settings, { staff }) => {
      const today = clinicToday(deps);
      const after = db.transaction(() => {
        const before = readRuleSettings(db);
        const atMs = clock.nowMs();
        writeRuleSettings(db, settings, atMs);
        const saved = readRuleSettings(db);
        recordAudit(db, { atMs, staff, action: 'update', entity: 'rule_settings', entityId: '1', before, after: saved });
        // Every recall date may move. Marked stale with the save, so a rebuild cut short runs again on opening.
        markSummariesStale(db, today);
        return saved;
      })();
      // Rebuilt on a worker thread, in short transactions: the window goes on answering meanwhile.
      await rebuildSummaries(db, deps.jobs, today);
      return { settings: after, defaults: DEFAULT_RULE_SETTINGS };
    },
  };
}
