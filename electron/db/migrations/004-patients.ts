import type { Migration } from './types';

export const patients: Migration = {
  version: 4,
  name: 'patients and their search index',
  up(db) {
    db.exec(`
      CREATE TABLE patients (
        id INTEGER PRIMARY KEY,
        first_name TEXT NOT NULL,
        last_name TEXT NOT NULL,
        preferred_name TEXT NOT NULL,
        dob TEXT,
        sex TEXT NOT NULL CHECK (sex IN ('female', 'male', 'other', 'unknown')),
        phone TEXT NOT NULL,
        phone_digits TEXT NOT NULL,
        email TEXT NOT NULL,
        address TEXT NOT NULL,
        contact_preference TEXT NOT NULL CHECK (contact_preference IN ('phone', 'sms', 'email', 'do_not_contact')),
        medical_history TEXT NOT NULL,
        flags_json TEXT NOT NULL CHECK (json_valid(flags_json)),
        allergies TEXT NOT NULL,
        medications TEXT NOT NULL,
        activity_level TEXT NOT NULL CHECK (activity_level IN ('low', 'normal', 'high')),
        notes TEXT NOT NULL,
        archived_at_ms INTEGER,
        created_at_ms INTEGER NOT NULL,
        updated_at_ms INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX patients_by_name ON patients (last_name COLLATE NOCASE, first_name COLLATE NOCASE);
      CREATE INDEX patients_by_phone ON patients (phone_digits) WHERE phone_digits <> '';

      -- Accents and case are folded by the tokenizer, so "Ánn" and "ann" find the same rows.
      CREATE VIRTUAL TABLE patient_search USING fts5(
        names, phone_digits, email,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '1 2 3'
      );
      CREATE TRIGGER patients_search_insert AFTER INSERT ON patients BEGIN
        INSERT INTO patient_search (rowid, names, phone_digits, email)
        VALUES (new.id, new.first_name || ' ' || new.last_name || ' ' || new.preferred_name, new.phone_digits, new.email);
      END;
      CREATE TRIGGER patients_search_update AFTER UPDATE OF first_name, last_name, preferred_name, phone_digits, email ON patients BEGIN
        UPDATE patient_search
        SET names = new.first_name || ' ' || new.last_name || ' ' || new.preferred_name, phone_digits = new.phone_digits, email = new.email
        WHERE rowid = new.id;
      END;
    `);
  },
};
