import type { Migration } from './types';

export const consents: Migration = {
  version: 5,
  name: 'patient consents',
  up(db) {
    db.exec(`
      CREATE TABLE consents (
        id INTEGER PRIMARY KEY,
        patient_id INTEGER NOT NULL REFERENCES patients (id),
        form_name TEXT NOT NULL,
        form_version TEXT NOT NULL,
        signed_on TEXT NOT NULL,
        photo_scope TEXT NOT NULL CHECK (photo_scope IN ('clinical', 'education', 'marketing')),
        withdrawn_on TEXT,
        created_at_ms INTEGER NOT NULL,
        CHECK (withdrawn_on IS NULL OR withdrawn_on >= signed_on)
      ) STRICT;
      CREATE INDEX consents_by_patient ON consents (patient_id, signed_on);
    `);
  },
};
