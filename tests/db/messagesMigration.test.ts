import Database from 'better-sqlite3-multiple-ciphers';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, migrations, schemaVersion } from '../../electron/db/migrations';
import {
  APPOINTMENT_CANDIDATES_SQL,
  cycleCandidatesSql,
  DUE_OUTBOX_SQL,
  EVENT_CANDIDATES_SQL,
} from '../../electron/db/messagesRepo';
import { tempDir } from '../support/tempDir';

const step = migrations.findIndex((m) => m.name.startsWith('mail settings'));

function planOf(db: Database.Database, sql: string, params: Record<string, unknown>): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail).join(' | ');
}

describe('the messages migration', () => {
  it('keeps every recall contact, accepts the automatic ones, and gives the clinic a country', () => {
    const db = new Database(path.join(tempDir(), 'clinic.sqlite'));
    migrate(db, migrations.slice(0, step));
    db.prepare("INSERT INTO clinic_settings VALUES (1, 'Kept', '', '', 'UTC', 0)").run();
    db.prepare(
      `INSERT INTO patients (id, first_name, last_name, preferred_name, dob, sex, phone, phone_digits, email, address, contact_preference,
         medical_history, flags_json, allergies, medications, activity_level, notes, created_at_ms, updated_at_ms)
       VALUES (1, 'Ann', 'Okafor', '', NULL, 'female', '', '', '', '', 'email', '', '[]', '', '', 'normal', '', 0, 0)`,
    ).run();
    db.prepare(
      "INSERT INTO recall_contacts (patient_id, contacted_on, outcome, snoozed_until, note, staff_name, at_ms) VALUES (1, '2026-11-01', 'called', NULL, 'hi', 'Rosa', 5)",
    ).run();
    expect(() =>
      db
        .prepare(
          "INSERT INTO recall_contacts (patient_id, contacted_on, outcome, snoozed_until, note, staff_name, at_ms) VALUES (1, '2026-11-02', 'email_sent', NULL, '', 'x', 6)",
        )
        .run(),
    ).toThrow(/CHECK/);

    migrate(db, migrations.slice(0, step + 1));
    expect(schemaVersion(db)).toBe(step + 1);
    expect(db.prepare('SELECT name, country FROM clinic_settings').get()).toEqual({ name: 'Kept', country: '' });
    expect(db.prepare('SELECT outcome, note, staff_name FROM recall_contacts').all()).toEqual([
      { outcome: 'called', note: 'hi', staff_name: 'Rosa' },
    ]);
    db.prepare(
      "INSERT INTO recall_contacts (patient_id, contacted_on, outcome, snoozed_until, note, staff_name, at_ms) VALUES (1, '2026-11-02', 'email_sent', NULL, '', 'x', 6)",
    ).run();
    expect(() => db.prepare("UPDATE clinic_settings SET country = 'GBR'").run()).toThrow(/CHECK/);
    db.close();
  });

  it('the outbox accepts one message per reason, and the planner’s statements use their indexes', () => {
    const db = new Database(path.join(tempDir(), 'clinic.sqlite'));
    migrate(db, migrations.slice(0, step + 1));
    db.prepare(
      `INSERT INTO patients (id, first_name, last_name, preferred_name, dob, sex, phone, phone_digits, email, address, contact_preference,
         medical_history, flags_json, allergies, medications, activity_level, notes, created_at_ms, updated_at_ms)
       VALUES (1, 'Ann', 'Okafor', '', NULL, 'female', '', '', '', '', 'email', '', '[]', '', '', 'normal', '', 0, 0)`,
    ).run();
    const insert = db.prepare(
      `INSERT INTO outbox (idem_key, kind, channel, patient_id, about_on, due_at_ms, recipient, subject, body_text, body_html, message_id,
         status, next_attempt_at_ms, created_at_ms, created_by, updated_at_ms)
       VALUES (?, 'recall', 'email', 1, '2026-12-08', 0, 'a@b.c', 's', 't', 'h', ?, 'queued', 0, 0, 'x', 0)`,
    );
    insert.run('recall:1:2026-09-01', '<1@b.c>');
    expect(() => insert.run('recall:1:2026-09-01', '<2@b.c>')).toThrow(/UNIQUE/);
    expect(() => insert.run('recall:1:2026-12-01', '<1@b.c>')).toThrow(/UNIQUE/);
    expect(() => db.prepare("UPDATE outbox SET status = 'sent'").run()).toThrow(/CHECK/);

    expect(planOf(db, DUE_OUTBOX_SQL, { nowMs: 1, sms: 0, limit: 5 })).toContain('USING INDEX outbox_due');
    const window = { from: '2026-12-01', to: '2026-12-08', preferences: '["email"]' };
    expect(planOf(db, cycleCandidatesSql('recall'), { ...window, kind: 'recall' })).toContain('schedule_by_recall');
    expect(planOf(db, cycleCandidatesSql('soft_reminder'), { ...window, kind: 'soft_reminder' })).toContain(
      'schedule_by_soft_reminder',
    );
    expect(planOf(db, cycleCandidatesSql('check_in'), { ...window, kind: 'check_in' })).toContain('schedule_by_expected_return');
    expect(planOf(db, cycleCandidatesSql('review_reminder'), { ...window, kind: 'review_reminder' })).toContain(
      'schedule_by_review',
    );
    expect(planOf(db, EVENT_CANDIDATES_SQL, window)).toContain('events_by_day');
    expect(planOf(db, APPOINTMENT_CANDIDATES_SQL, { fromMs: 0, toMs: 1, preferences: '["email"]' })).toContain(
      'appointments_by_start',
    );
    // The check for an existing message is a lookup by its unique key, never a scan of the outbox.
    expect(planOf(db, cycleCandidatesSql('recall'), { ...window, kind: 'recall' })).toContain(
      'USING COVERING INDEX sqlite_autoindex_outbox_1',
    );
    db.close();
  });
});
