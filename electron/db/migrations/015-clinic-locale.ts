import type { Migration } from './types';

/**
 * The language dates are written in (the country itself came with migration 14), how patients
 * are named in calendar exports, and a random id of this clinic that calendar exports put in
 * every event's UID, so two clinics' events never collide in one calendar.
 */
export const clinicLocale: Migration = {
  version: 15,
  name: 'date language, calendar export names and the clinic’s own id',
  up(db) {
    db.exec(`
      ALTER TABLE clinic_settings ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
      ALTER TABLE clinic_settings ADD COLUMN calendar_names TEXT NOT NULL DEFAULT 'initials'
        CHECK (calendar_names IN ('initials', 'full'));
      CREATE TABLE clinic_identity (id INTEGER PRIMARY KEY CHECK (id = 1), uid TEXT NOT NULL) STRICT;
      INSERT INTO clinic_identity (id, uid) VALUES (1, lower(hex(randomblob(16))));
    `);
  },
};
