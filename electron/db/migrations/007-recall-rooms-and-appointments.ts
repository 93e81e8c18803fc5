import type { Migration } from './types';

/**
 * The recall list and the calendar's first tables: patient_schedule (a per-patient summary
 * of the scheduling rules, rewritten whenever anything they read changes, so the recall
 * list is one indexed range query however large the clinic), recall_contacts, rooms and
 * appointments (created here because the recall list asks whether a treatment is booked;
 * migration 008 adds what the calendar's set-up needs).
 */
export const recallRoomsAndAppointments: Migration = {
  version: 7,
  name: 'schedule summary, recall contacts, rooms and appointments',
  up(db) {
    db.exec(`
      CREATE TABLE patient_schedule (
        patient_id INTEGER PRIMARY KEY REFERENCES patients (id),
        last_treatment_on TEXT NOT NULL,
        recall_on TEXT NOT NULL,
        soft_reminder_on TEXT NOT NULL,
        earliest_retreatment_on TEXT NOT NULL,
        review_on TEXT,
        expected_return_on TEXT NOT NULL,
        areas TEXT NOT NULL,
        last_injector_id INTEGER,
        snr INTEGER NOT NULL CHECK (snr IN (0, 1))
      ) STRICT;
      CREATE INDEX schedule_by_recall ON patient_schedule (recall_on);
      CREATE INDEX schedule_by_soft_reminder ON patient_schedule (soft_reminder_on);

      CREATE TABLE recall_contacts (
        id INTEGER PRIMARY KEY,
        patient_id INTEGER NOT NULL REFERENCES patients (id),
        contacted_on TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('called', 'no_answer', 'left_message', 'booked', 'declined', 'do_not_contact', 'snoozed')),
        snoozed_until TEXT,
        note TEXT NOT NULL,
        staff_name TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        CHECK ((outcome = 'snoozed') = (snoozed_until IS NOT NULL))
      ) STRICT;
      CREATE INDEX recall_contacts_by_patient ON recall_contacts (patient_id, at_ms);

      CREATE TABLE rooms (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        active INTEGER NOT NULL CHECK (active IN (0, 1))
      ) STRICT;

      CREATE TABLE appointments (
        id INTEGER PRIMARY KEY,
        patient_id INTEGER NOT NULL REFERENCES patients (id),
        practitioner_id INTEGER NOT NULL REFERENCES staff (id),
        room_id INTEGER REFERENCES rooms (id),
        type TEXT NOT NULL CHECK (type IN ('consultation', 'treatment', 'review', 'touch_up', 'check_in', 'other')),
        starts_at_ms INTEGER NOT NULL,
        ends_at_ms INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('booked', 'confirmed', 'arrived', 'completed', 'cancelled', 'no_show')),
        cancel_reason TEXT NOT NULL DEFAULT '',
        -- What the booking check found, and the written reason a warning was overridden with.
        findings_json TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(findings_json)),
        override_reason TEXT NOT NULL DEFAULT '',
        planned_json TEXT NOT NULL DEFAULT 'null' CHECK (json_valid(planned_json)),
        notes TEXT NOT NULL DEFAULT '',
        created_at_ms INTEGER NOT NULL,
        updated_at_ms INTEGER NOT NULL DEFAULT 0,
        CHECK (ends_at_ms > starts_at_ms)
      ) STRICT;
      CREATE INDEX appointments_by_practitioner ON appointments (practitioner_id, starts_at_ms);
      CREATE INDEX appointments_by_room ON appointments (room_id, starts_at_ms) WHERE room_id IS NOT NULL;
      CREATE INDEX appointments_by_patient ON appointments (patient_id, starts_at_ms);
      CREATE INDEX appointments_by_start ON appointments (starts_at_ms);
    `);
  },
};
