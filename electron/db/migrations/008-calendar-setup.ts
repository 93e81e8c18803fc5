import type { Migration } from './types';

/** What the calendar is built on: appointment types, working hours, days off and closures. */
export const calendarSetup: Migration = {
  version: 8,
  name: 'appointment types, working hours, days off and closures',
  up(db) {
    db.exec(`
      CREATE TABLE appointment_types (
        code TEXT PRIMARY KEY CHECK (code IN ('consultation', 'treatment', 'review', 'touch_up', 'check_in', 'other')),
        minutes INTEGER NOT NULL CHECK (minutes BETWEEN 5 AND 480)
      ) STRICT;
      INSERT INTO appointment_types (code, minutes) VALUES
        ('consultation', 30), ('treatment', 30), ('review', 15), ('touch_up', 15), ('check_in', 15), ('other', 30);

      -- A practitioner's own hours per weekday; with no rows they work the clinic's opening hours.
      CREATE TABLE working_hours (
        staff_id INTEGER NOT NULL REFERENCES staff (id),
        weekday TEXT NOT NULL CHECK (weekday IN ('mon','tue','wed','thu','fri','sat','sun')),
        is_working INTEGER NOT NULL CHECK (is_working IN (0, 1)),
        starts TEXT NOT NULL,
        ends TEXT NOT NULL,
        PRIMARY KEY (staff_id, weekday),
        CHECK (is_working = 0 OR ends > starts)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE days_off (
        id INTEGER PRIMARY KEY,
        -- NULL: the whole clinic is closed that day.
        staff_id INTEGER REFERENCES staff (id),
        day TEXT NOT NULL,
        reason TEXT NOT NULL,
        removed_at_ms INTEGER
      ) STRICT;
      CREATE INDEX days_off_by_day ON days_off (day) WHERE removed_at_ms IS NULL;
    `);
  },
};
