import { DEFAULT_RULE_SETTINGS, ruleSettingsSchema, type RuleSettings } from '../../shared/ruleSettings';
import type { Db } from './connection';

/** The clinic's scheduling settings: what it saved, over the defaults for anything it has not. */
export function readRuleSettings(db: Db): RuleSettings {
  const row = db.prepare('SELECT settings_json FROM rule_settings WHERE id = 1').get() as { settings_json: string } | undefined;
  if (!row) return structuredClone(DEFAULT_RULE_SETTINGS);
  const saved = JSON.parse(row.settings_json) as Partial<RuleSettings>;
  const merged = {
    ...DEFAULT_RULE_SETTINGS,
    ...saved,
    activityFactors: { ...DEFAULT_RULE_SETTINGS.activityFactors, ...saved.activityFactors },
  };
  // Saved values were validated on the way in; a failure here means the file was edited by hand.
  return ruleSettingsSchema.parse(merged);
}

export function writeRuleSettings(db: Db, settings: RuleSettings, nowMs: number): void {
  db.prepare(
    `INSERT INTO rule_settings (id, settings_json, updated_at_ms) VALUES (1, ?, ?)
     ON CONFLICT (id) DO UPDATE SET settings_json = excluded.settings_json, updated_at_ms = excluded.updated_at_ms`,
  ).run(JSON.stringify(settings), nowMs);
}
