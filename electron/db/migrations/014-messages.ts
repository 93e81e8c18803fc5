import type { Migration } from './types';

/**
 * Reaching patients: the clinic's mail account, a template per kind of message, the outbox,
 * and the clinic's country (dates in messages, the paper the plan is printed on).
 * - outbox.idem_key is unique: a message for one reason (a kind, a patient, a treatment cycle
 *   or an appointment time) is created once however often the planner runs.
 * - outbox.message_id is fixed when the message is queued and recorded before any attempt, so
 *   a message sent again after a crash carries the same Message-ID.
 * - recall_contacts is rebuilt to accept the automatic contacts 'email_sent' and 'sms_sent'.
 */
export const messages: Migration = {
  version: 14,
  name: 'mail settings, message templates, the outbox and the clinic’s country',
  up(db) {
    db.exec(`
      ALTER TABLE clinic_settings ADD COLUMN country TEXT NOT NULL DEFAULT '' CHECK (country = '' OR length(country) = 2);

      CREATE TABLE mail_settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        host TEXT NOT NULL,
        port INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
        security TEXT NOT NULL CHECK (security IN ('tls', 'starttls', 'none')),
        user TEXT NOT NULL,
        -- Kept only here, inside the encrypted clinic database; never logged or sent to the page.
        password TEXT NOT NULL,
        from_name TEXT NOT NULL,
        from_address TEXT NOT NULL,
        reply_to TEXT NOT NULL,
        -- A certificate the owner chose to trust (a server with its own, self-signed one).
        trusted_cert_pem TEXT,
        trusted_cert_fingerprint TEXT,
        send_from TEXT NOT NULL,
        sending INTEGER NOT NULL CHECK (sending IN (0, 1)),
        sms_mode TEXT NOT NULL CHECK (sms_mode IN ('off', 'csv', 'gateway')),
        sms_gateway TEXT NOT NULL,
        updated_at_ms INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE message_templates (
        kind TEXT PRIMARY KEY CHECK (kind IN ('appointment_reminder', 'soft_reminder', 'check_in', 'recall',
          'event_preparation', 'review_reminder', 'treatment_plan')),
        enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
        lead INTEGER NOT NULL CHECK (lead >= 0),
        subject TEXT NOT NULL,
        body TEXT NOT NULL,
        sms_body TEXT NOT NULL,
        updated_at_ms INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        idem_key TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
        patient_id INTEGER NOT NULL REFERENCES patients (id),
        appointment_id INTEGER REFERENCES appointments (id),
        treatment_id INTEGER,
        about_on TEXT NOT NULL,
        due_at_ms INTEGER NOT NULL,
        recipient TEXT NOT NULL,
        subject TEXT NOT NULL,
        body_text TEXT NOT NULL,
        body_html TEXT NOT NULL,
        message_id TEXT NOT NULL UNIQUE,
        status TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'cancelled')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at_ms INTEGER NOT NULL,
        last_error TEXT NOT NULL DEFAULT '',
        server_response TEXT NOT NULL DEFAULT '',
        exported INTEGER NOT NULL DEFAULT 0 CHECK (exported IN (0, 1)),
        created_at_ms INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        sending_at_ms INTEGER,
        sent_at_ms INTEGER,
        sent_by TEXT NOT NULL DEFAULT '',
        cancelled_at_ms INTEGER,
        cancel_reason TEXT NOT NULL DEFAULT '',
        updated_at_ms INTEGER NOT NULL,
        CHECK ((status = 'sent') = (sent_at_ms IS NOT NULL))
      ) STRICT;
      CREATE INDEX outbox_due ON outbox (status, next_attempt_at_ms);
      CREATE INDEX outbox_by_patient ON outbox (patient_id, created_at_ms);
      CREATE INDEX outbox_by_sent ON outbox (sent_at_ms) WHERE sent_at_ms IS NOT NULL;
      CREATE INDEX outbox_by_update ON outbox (status, updated_at_ms);

      -- What the planner looks up by day, besides the recall, soft-reminder and review dates
      -- (the review index came with migration 12).
      CREATE INDEX schedule_by_expected_return ON patient_schedule (expected_return_on);
      CREATE INDEX events_by_day ON patient_events (event_on) WHERE removed_at_ms IS NULL;

      CREATE TABLE recall_contacts_v2 (
        id INTEGER PRIMARY KEY,
        patient_id INTEGER NOT NULL REFERENCES patients (id),
        contacted_on TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('called', 'no_answer', 'left_message', 'booked', 'declined', 'do_not_contact',
          'snoozed', 'email_sent', 'sms_sent')),
        snoozed_until TEXT,
        note TEXT NOT NULL,
        staff_name TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        CHECK ((outcome = 'snoozed') = (snoozed_until IS NOT NULL))
      ) STRICT;
      INSERT INTO recall_contacts_v2 (id, patient_id, contacted_on, outcome, snoozed_until, note, staff_name, at_ms)
        SELECT id, patient_id, contacted_on, outcome, snoozed_until, note, staff_name, at_ms FROM recall_contacts;
      DROP TABLE recall_contacts;
      ALTER TABLE recall_contacts_v2 RENAME TO recall_contacts;
      CREATE INDEX recall_contacts_by_patient ON recall_contacts (patient_id, at_ms);
    `);
  },
};
