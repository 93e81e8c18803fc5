import Database from 'better-sqlite3-multiple-ciphers';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/db/connection';
import { LATEST_SCHEMA_VERSION, NewerDatabaseError, migrate, migrations, schemaVersion } from '../../electron/db/migrations';
import { readClinicSettings, writeClinicSettings } from '../../electron/db/settingsRepo';
import { defaultOpeningHours } from '../../shared/settings';
import { tempDir } from '../support/tempDir';

function freshFile(): string {
  return path.join(tempDir(), 'clinic.sqlite');
}

function tables(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map(
    (r) => r.name,
  );
}

describe('opening a clinic database', () => {
  it('sets WAL, foreign keys, full sync and a busy timeout, and reaches the latest schema', () => {
    const db = openDatabase(freshFile());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    db.close();
  });

  it('keeps what was saved across closing and reopening the file', () => {
    const file = freshFile();
    const db = openDatabase(file);
    writeClinicSettings(
      db,
      {
        name: 'Harbour',
        address: 'Quay',
        phone: '1',
        timeZone: 'Europe/Paris',
        country: 'FR',
        language: 'fr',
        calendarNames: 'initials',
        openingHours: defaultOpeningHours(),
      },
      1,
    );
    db.close();
    const again = openDatabase(file);
    expect(readClinicSettings(again, 'UTC')).toMatchObject({
      name: 'Harbour',
      timeZone: 'Europe/Paris',
      country: 'FR',
      language: 'fr',
    });
    again.close();
  });

  it('refuses, and leaves untouched, a database written by a newer version', () => {
    const file = freshFile();
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    raw.exec('CREATE TABLE from_the_future (x INTEGER) STRICT');
    raw.close();
    expect(() => openDatabase(file)).toThrow(NewerDatabaseError);
    expect(() => openDatabase(file)).toThrow(/newer version of Clinic Records/);
    const check = new Database(file);
    expect(schemaVersion(check)).toBe(LATEST_SCHEMA_VERSION + 1);
    expect(tables(check)).toEqual(['from_the_future']);
    check.close();
  });

  it('applies all pending steps in one transaction: a failing step leaves the file as it was', () => {
    const db = new Database(freshFile());
    const broken = [
      ...migrations,
      { version: migrations.length + 1, name: 'broken', up: (d: Database.Database) => d.exec('CREATE TABLE nope (') },
    ];
    expect(() => migrate(db, broken)).toThrow();
    expect(schemaVersion(db)).toBe(0);
    expect(tables(db)).toEqual([]);
    db.close();
  });
});

describe('each migration on a real file', () => {
  it('001 creates the single-row clinic settings and the opening hours with their checks', () => {
    const db = new Database(freshFile());
    migrate(db, migrations.slice(0, 1));
    expect(schemaVersion(db)).toBe(1);
    expect(tables(db)).toEqual(['clinic_settings', 'opening_hours']);
    const insert = db.prepare("INSERT INTO clinic_settings VALUES (?, 'n', 'a', 'p', 'UTC', 0)");
    insert.run(1);
    expect(() => insert.run(2)).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO opening_hours VALUES ('mon', 1, '18:00', '09:00')").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO opening_hours VALUES ('funday', 0, '09:00', '18:00')").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO opening_hours VALUES ('tue', 'yes', '09:00', '18:00')").run()).toThrow();
    db.close();
  });

  it('002 adds the audit log on top of 001, keeping existing settings', () => {
    const db = new Database(freshFile());
    migrate(db, migrations.slice(0, 1));
    db.prepare("INSERT INTO clinic_settings VALUES (1, 'Kept', '', '', 'UTC', 0)").run();
    migrate(db, migrations.slice(0, 2));
    expect(schemaVersion(db)).toBe(2);
    expect(tables(db)).not.toContain('rule_settings');
    expect(tables(db)).toContain('audit_log');
    expect(db.prepare('SELECT name FROM clinic_settings').get()).toEqual({ name: 'Kept' });
    const plan = db
      .prepare("EXPLAIN QUERY PLAN SELECT * FROM audit_log WHERE entity = 'x' AND entity_id = '1' ORDER BY at_ms")
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('audit_log_by_entity');
    db.close();
  });
});
