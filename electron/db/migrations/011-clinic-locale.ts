import type { Migration } from './types';

/**
 * The clinic's country and language (how dates, times and phone numbers are written and which
 * paper printouts use), how patients are named in calendar exports, and a random id of this
 * clinic that calendar exports put in every event's UID, so two clinics' events never collide
 * in one calendar. An empty country means "not chosen yet": the app guesses from the computer.
 */
export const clinicLocale: Migration = {
  version: 11,
  name: 'clinic country, language and calendar export names',
  up(db) {
    db.exec(`
      ALTER TABLE clinic_settings ADD COLUMN country TEXT NOT NULL DEFAULT '';
      ALTER TABLE clinic_settings ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
      ALTER TABLE clinic_settings ADD COLUMN calendar_names TEXT NOT NULL DEFAULT 'initials'
        CHECK (calendar_names IN ('initials', 'full'));
      CREATE TABLE clinic_identity (id INTEGER PRIMARY KEY CHECK (id = 1), uid TEXT NOT NULL) STRICT;
      INSERT INTO clinic_identity (id, uid) VALUES (1, lower(hex(randomblob(16))));
    `);
  },
};
