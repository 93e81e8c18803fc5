import Database from 'better-sqlite3-multiple-ciphers';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, migrations } from '../../electron/db/migrations';
import { tempDir } from '../support/tempDir';

/** A database at the version before `name`, with a patient, a lot and a recall contact in it. */
function before(name: string): Database.Database {
  const db = new Database(path.join(tempDir(), 'clinic.sqlite'));
  const upTo = migrations.findIndex((m) => m.name === name);
  expect(upTo).toBeGreaterThan(0);
  migrate(db, migrations.slice(0, upTo));
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

const next = (db: Database.Database, name: string) =>
  migrate(db, migrations.slice(0, migrations.findIndex((m) => m.name === name) + 1));

describe('the front-desk migrations on a real file with data in it', () => {
  it('011 adds country, language and calendar names (not chosen yet) and a random id of the clinic', () => {
    const db = before('clinic country, language and calendar export names');
    next(db, 'clinic country, language and calendar export names');
    expect(db.prepare('SELECT country, language, calendar_names FROM clinic_settings').get()).toEqual({
      country: '',
      language: 'en',
      calendar_names: 'initials',
    });
    expect(db.prepare('SELECT uid FROM clinic_identity').pluck().get()).toMatch(/^[0-9a-f]{32}$/);
    expect(() => db.prepare("UPDATE clinic_settings SET calendar_names = 'nicknames'").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO clinic_identity VALUES (2, 'x')").run()).toThrow(/CHECK/);
    db.close();
  });

  it('012 indexes the phone numbers already saved by any three digits, keeps new ones in step, and lists the words of names', () => {
    const db = before('phone numbers by any part, and the words of names for typos');
    next(db, 'phone numbers by any part, and the words of names for typos');
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
  });

  it('013 dates each contact logged so far when it was logged, and keeps that as when it was recorded', () => {
    const db = before('when a recall contact happened and when it was logged');
    next(db, 'when a recall contact happened and when it was logged');
    expect(db.prepare('SELECT at_ms, recorded_at_ms FROM recall_contacts').get()).toEqual({
      at_ms: 1763632800000,
      recorded_at_ms: 1763632800000,
    });
    db.close();
  });

  it('014 starts each lot’s units on hand from its vials', () => {
    const db = before('units on hand per lot');
    next(db, 'units on hand per lot');
    expect(db.prepare('SELECT vials, units_on_hand FROM lots').get()).toEqual({ vials: 4, units_on_hand: 400 });
    db.close();
  });
});
