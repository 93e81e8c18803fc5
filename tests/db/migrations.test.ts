import Database from 'better-sqlite3-multiple-ciphers';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chainHash, GENESIS_HASH } from '../../electron/db/auditChain';
import { appointmentsBetween, MAX_APPOINTMENT_MS } from '../../electron/db/appointmentsRepo';
import { applyKey, openDatabase, UPGRADE_BACKUP_FOLDER } from '../../electron/db/connection';
import {
  checkMigrationList,
  LATEST_SCHEMA_VERSION,
  migrate,
  migrations,
  NewerDatabaseError,
  schemaVersion,
} from '../../electron/db/migrations';
import type { Migration } from '../../electron/db/migrations/types';
import { readClinicSettings, writeClinicSettings } from '../../electron/db/settingsRepo';
import { ruleTreatmentsIn } from '../../electron/db/treatmentsRepo';
import { defaultOpeningHours } from '../../shared/settings';
import { planOf, statementsRunBy } from '../support/queryPlans';
import { tempDir } from '../support/tempDir';

type Raw = Database.Database;

function freshFile(): string {
  return path.join(tempDir(), 'clinic.sqlite');
}

function tables(db: Raw): string[] {
  return (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map(
    (r) => r.name,
  );
}

function indexSql(db: Raw, name: string): string | undefined {
  return (db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?").get(name) as { sql: string } | undefined)
    ?.sql;
}

/** A raw database brought up to just before `version`, foreign keys on as the app has them. */
function before(version: number, file = freshFile()): Raw {
  const db = new Database(file);
  db.pragma('foreign_keys = ON');
  migrate(
    db,
    migrations.filter((m) => m.version < version),
  );
  return db;
}

/** Applies the steps up to and including `version`. */
function upTo(db: Raw, version: number): void {
  migrate(
    db,
    migrations.filter((m) => m.version <= version),
  );
  expect(schemaVersion(db)).toBe(version);
}

/** Patient 1 ("A B"), as the steps from 4 on shape the table: what the steps that follow hang rows on. */
function addPatientOne(db: Raw): void {
  db.prepare(
    `INSERT INTO patients (id, first_name, last_name, preferred_name, dob, sex, phone, phone_digits, email, address, contact_preference,
       medical_history, flags_json, allergies, medications, activity_level, notes, created_at_ms, updated_at_ms)
     VALUES (1, 'A', 'B', '', NULL, 'unknown', '', '', '', '', 'phone', '', '[]', '', '', 'normal', '', 0, 0)`,
  ).run();
}

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const KEY = Buffer.alloc(32, 0x5a);

describe('opening a clinic database', () => {
  it('sets WAL, foreign keys, full sync and a busy timeout, and reaches the latest schema', () => {
    const db = openDatabase(freshFile());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(LATEST_SCHEMA_VERSION).toBe(migrations.at(-1)!.version);
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

  it('refuses a database written by a newer version before changing a single byte of it (not even the journal mode)', () => {
    const file = freshFile();
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    raw.exec('CREATE TABLE from_the_future (x INTEGER) STRICT');
    raw.close();
    const hash = sha(file);
    expect(() => openDatabase(file)).toThrow(NewerDatabaseError);
    expect(() => openDatabase(file)).toThrow(/newer version of Clinic Records/);
    expect(sha(file)).toBe(hash);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['clinic.sqlite']);
    const check = new Database(file, { readonly: true });
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(schemaVersion(check)).toBe(LATEST_SCHEMA_VERSION + 1);
    expect(tables(check)).toEqual(['from_the_future']);
    check.close();
  });

  it('refuses an encrypted newer database the same way, with its key', () => {
    const file = freshFile();
    const raw = new Database(file);
    applyKey(raw, KEY);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 7}`);
    raw.close();
    const hash = sha(file);
    expect(() => openDatabase(file, KEY)).toThrow(NewerDatabaseError);
    expect(sha(file)).toBe(hash);
  });

  it('applies all pending steps in one transaction: a failing step leaves the file as it was', () => {
    const db = new Database(freshFile());
    const broken = [
      ...migrations,
      { version: LATEST_SCHEMA_VERSION + 1, name: 'broken', up: (d: Raw) => d.exec('CREATE TABLE nope (') },
    ];
    expect(() => migrate(db, broken)).toThrow();
    expect(schemaVersion(db)).toBe(0);
    expect(tables(db)).toEqual([]);
    db.close();
  });
});

describe('migration numbers', () => {
  const step = (version: number, table: string): Migration => ({
    version,
    name: table,
    up: (d) => d.exec(`CREATE TABLE ${table} (x INTEGER) STRICT`),
  });

  it('are the steps’ own: gaps are allowed and only steps above the file’s version run', () => {
    const db = new Database(freshFile());
    expect(migrate(db, [step(1, 'a'), step(2, 'b'), step(5, 'e')])).toEqual({ from: 0, to: 5 });
    expect(schemaVersion(db)).toBe(5);
    // A later release adds step 7 (and a hotfix numbered 6 shipped between the two releases).
    expect(migrate(db, [step(1, 'a'), step(2, 'b'), step(5, 'e'), step(6, 'f'), step(7, 'g')])).toEqual({ from: 5, to: 7 });
    expect(tables(db)).toEqual(['a', 'b', 'e', 'f', 'g']);
    db.close();
  });

  it('must grow along the list: a repeated or out-of-place number is refused before anything runs', () => {
    expect(() => checkMigrationList([step(1, 'a'), step(1, 'b')])).toThrow(/must be a whole number above 1/);
    expect(() => checkMigrationList([step(2, 'a'), step(1, 'b')])).toThrow(/"b" has number 1/);
    expect(() => checkMigrationList([step(1.5, 'a')])).toThrow(/whole number/);
    const db = new Database(freshFile());
    expect(() => migrate(db, [step(1, 'a'), step(3, 'c'), step(2, 'b')])).toThrow(/"b" has number 2/);
    expect(tables(db)).toEqual([]);
    db.close();
    expect(() => checkMigrationList(migrations)).not.toThrow();
  });
});

describe('the copy made before an upgrade', () => {
  function backups(file: string): string[] {
    const dir = path.join(path.dirname(file), UPGRADE_BACKUP_FOLDER);
    return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
  }

  it('is taken of a database that needs upgrading, holds it exactly as it was, and is private', () => {
    const file = freshFile();
    const old = before(10, file);
    old.prepare("INSERT INTO clinic_settings VALUES (1, 'Harbour', 'Quay', '1', 'Europe/London', 0)").run();
    old.close();
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    db.close();
    const [copy, ...more] = backups(file);
    expect(more).toEqual([]);
    expect(copy).toMatch(new RegExp(`^clinic-schema-9-before-${LATEST_SCHEMA_VERSION}-.+\\.sqlite$`));
    const full = path.join(path.dirname(file), UPGRADE_BACKUP_FOLDER, copy!);
    if (process.platform !== 'win32') expect(fs.statSync(full).mode & 0o777).toBe(0o600);
    const saved = new Database(full, { readonly: true });
    expect(schemaVersion(saved)).toBe(9);
    expect(saved.prepare('SELECT name FROM clinic_settings').get()).toEqual({ name: 'Harbour' });
    saved.close();
  });

  it('of an encrypted clinic is encrypted with the same key', () => {
    const file = freshFile();
    const old = new Database(file);
    applyKey(old, KEY);
    migrate(
      old,
      migrations.filter((m) => m.version < 10),
    );
    old
      .prepare(
        "INSERT INTO patients (first_name, last_name, preferred_name, dob, sex, phone, phone_digits, email, address, contact_preference, medical_history, flags_json, allergies, medications, activity_level, notes, created_at_ms, updated_at_ms) VALUES ('Zebedee', 'Quartermaine', '', NULL, 'unknown', '', '', '', '', 'phone', '', '[]', '', '', 'normal', '', 0, 0)",
      )
      .run();
    old.close();
    openDatabase(file, KEY).close();
    const [copy] = backups(file);
    const full = path.join(path.dirname(file), UPGRADE_BACKUP_FOLDER, copy!);
    const bytes = fs.readFileSync(full);
    expect(bytes.subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');
    expect(bytes.includes(Buffer.from('Quartermaine'))).toBe(false);
    expect(() => new Database(full).prepare('SELECT 1 FROM patients').get()).toThrow(/not a database/);
    const keyed = new Database(full);
    applyKey(keyed, KEY);
    expect(schemaVersion(keyed)).toBe(9);
    expect(keyed.prepare('SELECT last_name FROM patients').get()).toEqual({ last_name: 'Quartermaine' });
    keyed.close();
  });

  it('is not taken of a new database, nor of one already up to date', () => {
    const file = freshFile();
    openDatabase(file).close();
    openDatabase(file).close();
    expect(backups(file)).toEqual([]);
  });

  it('keeps the copies of the last three upgrades', () => {
    const file = freshFile();
    const template = path.join(tempDir(), 'version-9.sqlite');
    before(10, template).close();
    for (let i = 0; i < 5; i += 1) {
      fs.copyFileSync(template, file);
      for (const extra of ['-wal', '-shm']) fs.rmSync(file + extra, { force: true });
      openDatabase(file).close();
    }
    expect(backups(file)).toHaveLength(3);
  });
});

/** One test per migration: each step on a real file, on top of the steps before it. */
const perMigration: Record<number, () => void | Promise<void>> = {
  1: () => {
    const db = before(1);
    upTo(db, 1);
    expect(tables(db)).toEqual(['clinic_settings', 'opening_hours']);
    const insert = db.prepare("INSERT INTO clinic_settings VALUES (?, 'n', 'a', 'p', 'UTC', 0)");
    insert.run(1);
    expect(() => insert.run(2)).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO opening_hours VALUES ('mon', 1, '18:00', '09:00')").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO opening_hours VALUES ('funday', 0, '09:00', '18:00')").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO opening_hours VALUES ('tue', 'yes', '09:00', '18:00')").run()).toThrow();
    db.close();
  },
  2: () => {
    const db = before(2);
    db.prepare("INSERT INTO clinic_settings VALUES (1, 'Kept', '', '', 'UTC', 0)").run();
    upTo(db, 2);
    expect(tables(db)).toEqual(['audit_log', 'clinic_settings', 'opening_hours']);
    expect(db.prepare('SELECT name FROM clinic_settings').get()).toEqual({ name: 'Kept' });
    expect(() =>
      db
        .prepare(
          "INSERT INTO audit_log (at_ms, staff_id, staff_name, staff_role, action, entity, entity_id) VALUES (0, '1', 'A', 'admin', 'view', 'x', '1')",
        )
        .run(),
    ).toThrow(/CHECK/);
    expect(indexSql(db, 'audit_log_by_entity')).toContain('(entity, entity_id, at_ms)');
    db.close();
  },
  3: () => {
    const db = before(3);
    upTo(db, 3);
    const insert = db.prepare('INSERT INTO rule_settings VALUES (?, ?, 0)');
    insert.run(1, '{"minIntervalDays": 90}');
    expect(() => insert.run(2, '{}')).toThrow(/CHECK/);
    db.prepare('DELETE FROM rule_settings').run();
    expect(() => insert.run(1, '{not json')).toThrow(/CHECK/);
    db.close();
  },
  4: () => {
    const db = before(4);
    upTo(db, 4);
    const add = db.prepare(
      `INSERT INTO patients (first_name, last_name, preferred_name, dob, sex, phone, phone_digits, email, address, contact_preference,
         medical_history, flags_json, allergies, medications, activity_level, notes, created_at_ms, updated_at_ms)
       VALUES (?, ?, '', NULL, ?, '', ?, '', '', 'phone', '', '[]', '', '', 'normal', '', 0, 0)`,
    );
    const id = Number(add.run('Ann', 'Okafor', 'female', '07123456789').lastInsertRowid);
    const find = (q: string) => db.prepare('SELECT rowid FROM patient_search WHERE patient_search MATCH ?').pluck().all(q);
    expect(find('"okaf"*')).toEqual([id]);
    expect(find('phone_digits:"0712"*')).toEqual([id]);
    // Renaming follows into the search index, accents folded.
    db.prepare("UPDATE patients SET first_name = 'Ánnabel' WHERE id = ?").run(id);
    expect(find('"annabel"')).toEqual([id]);
    expect(find('"ann"')).toEqual([]);
    expect(() => add.run('B', 'C', 'alien', '')).toThrow(/CHECK/);
    db.close();
  },
  5: () => {
    const db = before(5);
    upTo(db, 5);
    const add = db.prepare(
      "INSERT INTO consents (patient_id, form_name, form_version, signed_on, photo_scope, withdrawn_on, created_at_ms) VALUES (?, 'Form', '1', ?, ?, ?, 0)",
    );
    // No such patient: the foreign key refuses it.
    expect(() => add.run(99, '2026-01-01', 'clinical', null)).toThrow(/FOREIGN KEY/);
    addPatientOne(db);
    add.run(1, '2026-01-01', 'marketing', '2026-02-01');
    expect(() => add.run(1, '2026-01-01', 'clinical', '2025-12-31')).toThrow(/CHECK/);
    expect(() => add.run(1, '2026-01-01', 'everything', null)).toThrow(/CHECK/);
    db.close();
  },
  6: () => {
    const db = before(6);
    upTo(db, 6);
    expect(tables(db)).toEqual(
      expect.arrayContaining([
        'app_state',
        'staff',
        'clinic_products',
        'clinic_areas',
        'lots',
        'treatments',
        'treatment_areas',
        'observations',
        'patient_events',
      ]),
    );
    expect(() =>
      db.prepare("INSERT INTO staff (name, role, registration, active, created_at_ms) VALUES ('A', 'owner', '', 1, 0)").run(),
    ).toThrow(/CHECK/);
    const lot = db.prepare(
      "INSERT INTO lots (product, lot_number, expiry, received_on, supplier, vials, units_per_vial, created_at_ms) VALUES ('botox', ?, '2027-01-01', '2026-01-01', '', ?, 100, 0)",
    );
    lot.run('L1', 1);
    expect(() => lot.run('L1', 2)).toThrow(/UNIQUE/);
    expect(() => lot.run('L2', -1)).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO observations (patient_id, area, observed_on, kind, note, created_by, created_at_ms) VALUES (1, 'glabella', '2026-01-01', 'itchy', '', 'x', 0)",
        )
        .run(),
    ).toThrow();
    db.close();
  },
  7: () => {
    const db = before(7);
    addPatientOne(db);
    db.prepare(
      "INSERT INTO staff (id, name, role, registration, active, created_at_ms) VALUES (1, 'Dr S', 'practitioner', '', 1, 0)",
    ).run();
    upTo(db, 7);
    expect(tables(db)).toEqual(expect.arrayContaining(['patient_schedule', 'recall_contacts', 'rooms', 'appointments']));
    const book = db.prepare(
      "INSERT INTO appointments (patient_id, practitioner_id, type, starts_at_ms, ends_at_ms, status, created_at_ms) VALUES (1, 1, 'treatment', ?, ?, 'booked', 0)",
    );
    const id = Number(book.run(1000, 2000).lastInsertRowid);
    expect(db.prepare('SELECT findings_json, planned_json, cancel_reason FROM appointments WHERE id = ?').get(id)).toEqual({
      findings_json: '[]',
      planned_json: 'null',
      cancel_reason: '',
    });
    expect(() => book.run(2000, 2000)).toThrow(/CHECK/);
    const contact = db.prepare(
      "INSERT INTO recall_contacts (patient_id, contacted_on, outcome, snoozed_until, note, staff_name, at_ms) VALUES (1, '2026-01-01', ?, ?, '', 'R', 0)",
    );
    contact.run('snoozed', '2026-02-01');
    expect(() => contact.run('snoozed', null)).toThrow(/CHECK/);
    expect(() => contact.run('called', '2026-02-01')).toThrow(/CHECK/);
    db.close();
  },
  8: () => {
    const db = before(8);
    upTo(db, 8);
    expect(db.prepare('SELECT code, minutes FROM appointment_types ORDER BY code').all()).toEqual([
      { code: 'check_in', minutes: 15 },
      { code: 'consultation', minutes: 30 },
      { code: 'other', minutes: 30 },
      { code: 'review', minutes: 15 },
      { code: 'touch_up', minutes: 15 },
      { code: 'treatment', minutes: 30 },
    ]);
    expect(() => db.prepare("UPDATE appointment_types SET minutes = 600 WHERE code = 'review'").run()).toThrow(/CHECK/);
    db.prepare(
      "INSERT INTO staff (id, name, role, registration, active, created_at_ms) VALUES (1, 'Dr S', 'practitioner', '', 1, 0)",
    ).run();
    const hours = db.prepare('INSERT INTO working_hours VALUES (1, ?, ?, ?, ?)');
    hours.run('mon', 1, '09:00', '17:00');
    expect(() => hours.run('tue', 1, '17:00', '09:00')).toThrow(/CHECK/);
    hours.run('wed', 0, '00:00', '00:00');
    expect(indexSql(db, 'days_off_by_day')).toContain('WHERE removed_at_ms IS NULL');
    db.close();
  },
  9: () => {
    const db = before(9);
    addPatientOne(db);
    upTo(db, 9);
    const add = db.prepare(
      "INSERT INTO photos (patient_id, sha256, original_name, format, width, height, bytes, taken_on, taken_on_source, imported_at_ms, imported_by, deleted_at_ms) VALUES (1, ?, 'a.jpg', 'jpeg', 10, 10, 100, '2026-01-01', 'camera', 0, 'x', ?)",
    );
    const hash = 'a'.repeat(64);
    const first = Number(add.run(hash, null).lastInsertRowid);
    expect(() => add.run(hash, null)).toThrow(/UNIQUE/);
    // Deleted, the same file may be imported again.
    db.prepare('UPDATE photos SET deleted_at_ms = 1 WHERE id = ?').run(first);
    add.run(hash, null);
    expect(() => add.run('short', null)).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO comparisons (patient_id, name, view_json, created_at_ms, created_by) VALUES (1, 'c', 'nope', 0, 'x')",
        )
        .run(),
    ).toThrow(/CHECK/);
    db.close();
  },
  10: () => {
    const db = before(10);
    db.prepare(
      "INSERT INTO staff (id, name, role, registration, active, created_at_ms) VALUES (1, 'Dr S', 'practitioner', '', 1, 0)",
    ).run();
    db.prepare(
      `INSERT INTO audit_log (at_ms, staff_id, staff_name, staff_role, action, entity, entity_id, before_json, after_json)
       VALUES (5, '0', 'Clinic owner', 'admin', 'create', 'patient', '7', NULL, '{"firstName":"Ann"}')`,
    ).run();
    upTo(db, 10);
    expect(db.prepare('SELECT account, pin_json FROM staff').get()).toEqual({ account: 'none', pin_json: null });
    const row = db.prepare('SELECT * FROM audit_log').get() as Record<string, unknown>;
    expect(row).toMatchObject({ id: 1, device: '', patient_id: 7, prev_hash: GENESIS_HASH });
    expect(row.hash).toBe(
      chainHash(GENESIS_HASH, {
        id: 1,
        at_ms: 5,
        staff_id: '0',
        staff_name: 'Clinic owner',
        staff_role: 'admin',
        device: '',
        action: 'create',
        entity: 'patient',
        entity_id: '7',
        patient_id: 7,
        before_json: null,
        after_json: '{"firstName":"Ann"}',
      }),
    );
    expect(() => db.prepare("UPDATE audit_log SET staff_name = 'x'").run()).toThrow(/cannot be changed/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/cannot be deleted/);
    db.close();
  },
  11: () => {
    const db = before(11);
    db.prepare(
      `INSERT INTO patients (id, first_name, last_name, preferred_name, dob, sex, phone, phone_digits, email, address, contact_preference,
         medical_history, flags_json, allergies, medications, activity_level, notes, created_at_ms, updated_at_ms)
       VALUES (1, 'Ann', 'Long', '', NULL, 'unknown', '', '', '', '', 'phone', '', '[]', '', '', 'normal', '', 0, 0)`,
    ).run();
    db.prepare(
      "INSERT INTO staff (id, name, role, registration, active, created_at_ms) VALUES (1, 'Dr S', 'practitioner', '', 1, 0)",
    ).run();
    upTo(db, 11);
    const book = db.prepare(
      "INSERT INTO appointments (patient_id, practitioner_id, type, starts_at_ms, ends_at_ms, status, created_at_ms) VALUES (1, 1, 'other', ?, ?, 'booked', 0)",
    );
    const day = Date.UTC(2026, 10, 20);
    expect(() => book.run(day, day + MAX_APPOINTMENT_MS + 60_000)).toThrow(/at most 26 hours/);
    const longest = Number(book.run(day, day + MAX_APPOINTMENT_MS).lastInsertRowid);
    expect(() => db.prepare('UPDATE appointments SET ends_at_ms = ends_at_ms + 60000 WHERE id = ?').run(longest)).toThrow(
      /at most 26 hours/,
    );
    // The longest possible appointment, begun the day before, is still found by the bounded range query.
    const found = appointmentsBetween(db, day + MAX_APPOINTMENT_MS - 1, day + MAX_APPOINTMENT_MS + 3_600_000);
    expect(found.map((a) => a.id)).toEqual([longest]);
    expect(appointmentsBetween(db, day + MAX_APPOINTMENT_MS, day + MAX_APPOINTMENT_MS + 3_600_000)).toEqual([]);
    db.close();
  },
  12: () => {
    const db = before(12);
    expect(indexSql(db, 'treatments_by_patient')).toContain('WHERE superseded_by IS NULL');
    upTo(db, 12);
    // Every version now, so a patient's timeline (which shows earlier versions) is one indexed read.
    expect(indexSql(db, 'treatments_by_patient')).not.toContain('WHERE');
    expect(indexSql(db, 'schedule_by_review')).toContain('(review_on) WHERE review_on IS NOT NULL');
    expect(indexSql(db, 'photos_by_import')).toContain('WHERE deleted_at_ms IS NULL');
    db.close();
  },
  13: () => {
    const db = before(13);
    upTo(db, 13);
    expect(indexSql(db, 'treatments_by_day')).toContain('(performed_on)');
    expect(indexSql(db, 'observations_by_day')).toContain('WHERE removed_at_ms IS NULL');
    db.close();
  },
  14: () => {
    // The full checks of this step (recall contacts kept, the planner's query plans) are in messagesMigration.test.ts.
    const db = before(14);
    db.prepare("INSERT INTO clinic_settings VALUES (1, 'Kept', '', '', 'UTC', 0)").run();
    upTo(db, 14);
    expect(db.prepare('SELECT name, country FROM clinic_settings').get()).toEqual({ name: 'Kept', country: '' });
    expect(tables(db)).toEqual(expect.arrayContaining(['mail_settings', 'message_templates', 'outbox']));
    expect(indexSql(db, 'schedule_by_review')).toContain('(review_on)');
    expect(() => db.prepare("UPDATE clinic_settings SET country = 'GBR'").run()).toThrow(/CHECK/);
    db.close();
  },
  15: () => {
    const db = withFrontDeskData(before(15));
    upTo(db, 15);
    // The language and calendar names start at their defaults; the country (migration 14) is untouched.
    expect(db.prepare('SELECT country, language, calendar_names FROM clinic_settings').get()).toEqual({
      country: '',
      language: 'en',
      calendar_names: 'initials',
    });
    expect(db.prepare('SELECT uid FROM clinic_identity').pluck().get()).toMatch(/^[0-9a-f]{32}$/);
    expect(() => db.prepare("UPDATE clinic_settings SET calendar_names = 'nicknames'").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO clinic_identity VALUES (2, 'x')").run()).toThrow(/CHECK/);
    db.close();
  },
  16: () => {
    const db = withFrontDeskData(before(16));
    upTo(db, 16);
    // The numbers already saved are indexed by any run of three digits, and new ones follow.
    const byDigits = (d: string) =>
      db.prepare('SELECT rowid FROM patient_phone WHERE patient_phone MATCH ?').pluck().all(`"${d}"`);
    expect(byDigits('561570')).toEqual([1]);
    expect(byDigits('7859561')).toEqual([1]);
    db.prepare("UPDATE patients SET phone = '07700 900123', phone_digits = '07700900123' WHERE id = 1").run();
    expect(byDigits('561570')).toEqual([]);
    expect(byDigits('900123')).toEqual([1]);
    expect(db.prepare("SELECT term FROM patient_name_terms WHERE col = 'names' ORDER BY term").pluck().all()).toEqual([
      'fernandez',
      'maria',
    ]);
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT rowid FROM patient_phone WHERE patient_phone MATCH ?').all('"123"') as {
      detail: string;
    }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/VIRTUAL TABLE INDEX/);
    db.close();
  },
  17: () => {
    const db = withFrontDeskData(before(17));
    upTo(db, 17);
    // Each contact logged so far is dated when it was logged, which is also when it was recorded.
    expect(db.prepare('SELECT at_ms, recorded_at_ms FROM recall_contacts').get()).toEqual({
      at_ms: 1763632800000,
      recorded_at_ms: 1763632800000,
    });
    db.close();
  },
  18: () => {
    const db = withFrontDeskData(before(18));
    upTo(db, 18);
    // A lot's units on hand start from its vials.
    expect(db.prepare('SELECT vials, units_on_hand FROM lots').get()).toEqual({ vials: 4, units_on_hand: 400 });
    db.close();
  },
  19: () => {
    const db = before(19);
    addPatientOne(db);
    const add = db.prepare(
      `INSERT INTO photos (patient_id, sha256, original_name, format, width, height, bytes, taken_on, taken_on_source,
         imported_at_ms, imported_by) VALUES (1, ?, 'a.jpg', 'jpeg', 10, 10, 10, '2026-01-01', 'camera', 0, 'X')`,
    );
    add.run('a'.repeat(64));
    upTo(db, 19);
    // A photo from before the step was imported, and its light is not measured yet.
    expect(db.prepare('SELECT source, lighting_json FROM photos').get()).toEqual({ source: 'import', lighting_json: null });
    const id = Number(add.run('b'.repeat(64)).lastInsertRowid);
    const set = db.prepare('UPDATE photos SET source = ?, lighting_json = ? WHERE id = ?');
    set.run('patient', '{"meanLuminance":0.2}', id);
    set.run('capture', null, id);
    expect(() => set.run('scanner', null, id)).toThrow(/CHECK/);
    expect(() => set.run('import', '{not json', id)).toThrow(/CHECK/);
    db.close();
  },
  20: () => {
    const db = before(20);
    const add = db.prepare(
      `INSERT INTO patients (first_name, last_name, preferred_name, dob, sex, phone, phone_digits, email, address, contact_preference,
         medical_history, flags_json, allergies, medications, activity_level, notes, archived_at_ms, created_at_ms, updated_at_ms)
       VALUES ('A', 'B', '', NULL, 'unknown', '', '', '', '', 'phone', '', '[]', '', '', 'normal', '', ?, 0, 0)`,
    );
    for (const archived of [null, null, 5, null]) add.run(archived);
    upTo(db, 20);
    const counts = () => db.prepare('SELECT all_patients, active_patients FROM patient_counts').all();
    // Counted from the patients already there, then kept by the triggers.
    expect(counts()).toEqual([{ all_patients: 4, active_patients: 3 }]);
    const id = Number(add.run(null).lastInsertRowid);
    add.run(9);
    expect(counts()).toEqual([{ all_patients: 6, active_patients: 4 }]);
    const archive = db.prepare('UPDATE patients SET archived_at_ms = ? WHERE id = ?');
    archive.run(7, id);
    archive.run(8, id); // archived again at another time: still one archived patient
    expect(counts()).toEqual([{ all_patients: 6, active_patients: 3 }]);
    archive.run(null, id);
    db.prepare("UPDATE patients SET first_name = 'C' WHERE id = ?").run(id);
    expect(counts()).toEqual([{ all_patients: 6, active_patients: 4 }]);
    db.prepare('DELETE FROM patients WHERE archived_at_ms IS NOT NULL').run();
    expect(counts()).toEqual([{ all_patients: 4, active_patients: 4 }]);
    expect(db.prepare('SELECT count(*) FROM patients').pluck().get()).toBe(4);
    db.close();
  },
  21: () => {
    const db = before(21);
    upTo(db, 21);
    expect(indexSql(db, 'treatments_for_rules')).toContain(
      "WHERE status = 'final' AND superseded_by IS NULL AND product IS NOT NULL",
    );
    // The rules' read of a range of patients (which needs step 22's column) is checked at 22.
    db.close();
  },
  22: async () => {
    const db = before(22);
    addPatientOne(db);
    const treat = db.prepare(
      `INSERT INTO treatments (id, record_id, version, patient_id, status, source, elsewhere, performed_on, performed_at, prescriber, product,
         lot_number, expired_lot_reason, ready_to_use, diluent, kind, points_json, notes, review_outcome, amendment_reason, created_by,
         created_at_ms, updated_at_ms)
       VALUES (?, ?, 1, 1, 'final', 'clinic', '', ?, '10:00', '', 'botox', 'L1', '', 1, '', 'full', '[]', '', '', '', 'A', 0, 0)`,
    );
    const area = db.prepare('INSERT INTO treatment_areas (treatment_id, area, units, position) VALUES (?, ?, ?, ?)');
    treat.run(1, 1, '2026-01-10');
    treat.run(2, 2, '2026-05-10');
    treat.run(3, 3, '2026-09-10'); // no areas
    // Charted against the alphabet, with a name JSON must escape.
    area.run(1, 'glabella', 20, 0);
    area.run(1, 'forehead', 12.5, 1);
    area.run(2, 'say "cheese"', 4, 0);
    upTo(db, 22);
    const copies = () => db.prepare('SELECT id, rule_areas FROM treatments ORDER BY id').raw().all();
    expect(copies()).toEqual([
      [1, '[["glabella",20.0],["forehead",12.5]]'],
      [2, '[["say \\"cheese\\"",4.0]]'],
      [3, '[]'],
    ]);
    expect(
      ruleTreatmentsIn(db, 1, 1)
        .get(1)!
        .map((t) => t.areas),
    ).toEqual([
      [
        { area: 'glabella', units: 20 },
        { area: 'forehead', units: 12.5 },
      ],
      [{ area: 'say "cheese"', units: 4 }],
      [],
    ]);
    // The rules' read never goes to treatment_areas.
    const ran = await statementsRunBy(db, () => ruleTreatmentsIn(db, 1, 100));
    const plans = ran.flatMap((s) => planOf(db, s)).join(' | ');
    expect(plans).toContain('USING COVERING INDEX treatments_for_rules');
    expect(plans).not.toContain('treatment_areas');
    db.close();
  },
};

/** A clinic, a patient with a phone number, a lot and a logged contact: what the front-desk steps (15–18) change. */
function withFrontDeskData(db: Raw): Raw {
  db.exec(`
    INSERT INTO clinic_settings (id, name, address, phone, time_zone, updated_at_ms) VALUES (1, 'Harbour', '', '', 'Europe/London', 0);
    INSERT INTO patients (id, first_name, last_name, preferred_name, dob, sex, phone, phone_digits, email, address, contact_preference,
      medical_history, flags_json, allergies, medications, activity_level, notes, archived_at_ms, created_at_ms, updated_at_ms)
    VALUES (1, 'Maria', 'Fernandez', '', NULL, 'female', '07859 561570', '07859561570', '', '', 'phone', '', '[]', '', '', 'normal', '', NULL, 0, 0);
    INSERT INTO lots (id, product, lot_number, expiry, received_on, supplier, vials, units_per_vial, created_at_ms)
    VALUES (1, 'botox', 'C1', '2027-01-01', '2026-01-01', '', 4, 100, 0);
    INSERT INTO recall_contacts (patient_id, contacted_on, outcome, snoozed_until, note, staff_name, at_ms)
    VALUES (1, '2026-11-20', 'no_answer', NULL, '', 'Tom', 1763632800000);
  `);
  return db;
}

describe('each migration on a real file', () => {
  it('has a test of its own here', () => {
    expect(Object.keys(perMigration).map(Number)).toEqual(migrations.map((m) => m.version));
  });
  for (const m of migrations) {
    it(`${String(m.version).padStart(3, '0')} ${m.name}`, async () => {
      const test = perMigration[m.version];
      expect(test, `migration ${m.version} needs a test in perMigration`).toBeDefined();
      await test!();
    });
  }
});
