import Database from 'better-sqlite3-multiple-ciphers';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/db/connection';
import { migrate, migrations } from '../../electron/db/migrations';
import { readRuleSettings, writeRuleSettings } from '../../electron/db/ruleSettingsRepo';
import { DEFAULT_RULE_SETTINGS } from '../../shared/ruleSettings';
import { tempDir } from '../support/tempDir';

describe('scheduling rule settings in the database', () => {
  it('003 adds the rule settings table on top of 002 and refuses invalid JSON', () => {
    const db = new Database(path.join(tempDir(), 'c.sqlite'));
    migrate(db, migrations.slice(0, 2));
    migrate(db, migrations.slice(0, 3));
    expect(() => db.prepare("INSERT INTO rule_settings VALUES (1, '{not json', 0)").run()).toThrow(/CHECK/);
    db.close();
  });

  it('reads the defaults when nothing is saved, and saved values round-trip', () => {
    const db = openDatabase(path.join(tempDir(), 'c.sqlite'));
    expect(readRuleSettings(db)).toEqual(DEFAULT_RULE_SETTINGS);
    writeRuleSettings(
      db,
      { ...DEFAULT_RULE_SETTINGS, minIntervalDays: 91, activityFactors: { low: 1.1, normal: 1, high: 0.8 } },
      5,
    );
    expect(readRuleSettings(db)).toMatchObject({ minIntervalDays: 91, activityFactors: { low: 1.1, high: 0.8 } });
    db.close();
  });

  it('fills a setting missing from an older saved document with its default', () => {
    const db = openDatabase(path.join(tempDir(), 'c.sqlite'));
    db.prepare('INSERT INTO rule_settings VALUES (1, ?, 0)').run(
      JSON.stringify({ minIntervalDays: 88, activityFactors: { high: 0.8 } }),
    );
    const settings = readRuleSettings(db);
    expect(settings.minIntervalDays).toBe(88);
    expect(settings.eventMinDays).toBe(DEFAULT_RULE_SETTINGS.eventMinDays);
    expect(settings.activityFactors).toEqual({ low: 1, normal: 1, high: 0.8 });
    db.close();
  });
});
