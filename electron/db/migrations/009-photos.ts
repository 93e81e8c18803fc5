import type { Migration } from './types';

/** The photo library: one row per photo of a patient (the files live in the content-addressed store) and saved comparisons. */
export const photos: Migration = {
  version: 9,
  name: 'photo library and saved comparisons',
  up(db) {
    db.exec(`
      CREATE TABLE photos (
        id INTEGER PRIMARY KEY,
        patient_id INTEGER NOT NULL REFERENCES patients (id),
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        original_name TEXT NOT NULL,
        format TEXT NOT NULL,
        width INTEGER NOT NULL CHECK (width > 0),
        height INTEGER NOT NULL CHECK (height > 0),
        bytes INTEGER NOT NULL CHECK (bytes > 0),
        taken_on TEXT NOT NULL,
        taken_on_source TEXT NOT NULL CHECK (taken_on_source IN ('camera', 'import', 'edited')),
        area TEXT,
        view TEXT CHECK (view IN ('front', 'left45', 'right45', 'left90', 'right90')),
        expression TEXT CHECK (expression IN ('rest', 'frown', 'raised', 'smile', 'clench')),
        phase TEXT CHECK (phase IN ('baseline', 'review', 'before_retreatment', 'follow_up')),
        treatment_record_id INTEGER,
        landmarks_json TEXT CHECK (landmarks_json IS NULL OR json_valid(landmarks_json)),
        imported_at_ms INTEGER NOT NULL,
        imported_by TEXT NOT NULL,
        -- A deleted photo stays, with who deleted it and why, for the audit trail.
        deleted_at_ms INTEGER,
        deleted_by TEXT,
        delete_reason TEXT
      ) STRICT;
      CREATE INDEX photos_by_patient ON photos (patient_id, taken_on) WHERE deleted_at_ms IS NULL;
      -- The same file is in a patient's library once.
      CREATE UNIQUE INDEX photos_once_per_patient ON photos (patient_id, sha256) WHERE deleted_at_ms IS NULL;

      CREATE TABLE comparisons (
        id INTEGER PRIMARY KEY,
        patient_id INTEGER NOT NULL REFERENCES patients (id),
        name TEXT NOT NULL,
        view_json TEXT NOT NULL CHECK (json_valid(view_json)),
        created_at_ms INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        deleted_at_ms INTEGER
      ) STRICT;
      CREATE INDEX comparisons_by_patient ON comparisons (patient_id) WHERE deleted_at_ms IS NULL;
    `);
  },
};
