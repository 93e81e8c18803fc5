import type { Migration } from './types';

export const clinicSettings: Migration = {
  version: 1,
  name: 'clinic settings and opening hours',
  up(db) {
    db.exec(`
      CREATE TABLE clinic_settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        name TEXT NOT NULL,
        address TEXT NOT NULL,
        phone TEXT NOT NULL,
        time_zone TEXT NOT NULL,
        updated_at_ms INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE opening_hours (
        weekday TEXT PRIMARY KEY CHECK (weekday IN ('mon','tue','wed','thu','fri','sat','sun')),
        is_open INTEGER NOT NULL CHECK (is_open IN (0, 1)),
        opens TEXT NOT NULL,
        closes TEXT NOT NULL,
        CHECK (is_open = 0 OR closes > opens)
      ) STRICT;
    `);
  },
};
