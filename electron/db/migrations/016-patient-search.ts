import type { Migration } from './types';

/**
 * Finding a patient the way callers and typists actually give them:
 * - patient_phone: every stored number's digits under a trigram index, so any run of three or
 *   more digits from anywhere in the number ("561570", "7859 561") finds it quickly;
 * - patient_name_terms: the words of the name index, which the typo-forgiving search compares
 *   a mistyped word with ("ferandez" → "fernandez").
 */
export const patientSearch: Migration = {
  version: 16,
  name: 'phone numbers by any part, and the words of names for typos',
  up(db) {
    db.exec(`
      CREATE VIRTUAL TABLE patient_phone USING fts5(digits, tokenize = 'trigram');
      INSERT INTO patient_phone (rowid, digits) SELECT id, phone_digits FROM patients;
      CREATE TRIGGER patients_phone_insert AFTER INSERT ON patients BEGIN
        INSERT INTO patient_phone (rowid, digits) VALUES (new.id, new.phone_digits);
      END;
      CREATE TRIGGER patients_phone_update AFTER UPDATE OF phone_digits ON patients BEGIN
        UPDATE patient_phone SET digits = new.phone_digits WHERE rowid = new.id;
      END;
      CREATE VIRTUAL TABLE patient_name_terms USING fts5vocab(patient_search, 'col');
    `);
  },
};
