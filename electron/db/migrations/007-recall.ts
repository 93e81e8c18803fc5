import type { Migration } from './types';

/**
 * What reception's recall list reads. patient_schedule is a per-patient summary of the
 * scheduling rules, rewritten whenever anything they read changes, so the list is one
 * indexed range query however large the clinic. Appointments start here with what the
 * recall list needs (is a treatment booked?); the calendar adds to them.
 */
export const recall: Migration = {
  version: 7,
  name: 'schedule summary, recall contacts and appointments',
  up(db) {
    db.exec(`
      CREATE TABLE patient_schedule (
        patient_id INTEGER PRIMARY KEY REFERENCES patients (id),
        last_treatment_on TEXT NOT NULL,
        recall_on TEXT NOT NULL,
        soft_reminder_on TEXT NOT NULL,
        earliest_retreatment_on TEXT NOT NULL,
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

      CREATE TABLE appointments (
        id INTEGER PRIMARY KEY,
        patient_id INTEGER NOT NULL REFERENCES patients (id),
        practitioner_id INTEGER REFERENCES staff (id),
        type TEXT NOT NULL CHECK (type IN ('consultation', 'treatment', 'review', 'touch_up', 'check_in', 'other')),
        starts_at_ms INTEGER NOT NULL,
        ends_at_ms INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('booked', 'confirmed', 'arrived', 'completed', 'cancelled', 'no_show')),
        created_at_ms INTEGER NOT NULL,
        CHECK (ends_at_ms > starts_at_ms)
      ) STRICT;
      CREATE INDEX appointments_by_patient ON appointments (patient_id, starts_at_ms);
      CREATE INDEX appointments_by_start ON appointments (starts_at_ms);
    `);
  },
};
