import type { Migration } from './types';

/**
 * An appointment lasts at most 26 hours (a booking is one day's start and end; a day is 25
 * hours long when the clocks go back). The calendar's range queries rely on this bound to
 * search the start index between two instants instead of reading every earlier appointment.
 * The number is written here rather than imported, so this step never changes.
 */
export const appointmentLength: Migration = {
  version: 11,
  name: 'appointments last at most 26 hours',
  up(db) {
    db.exec(`
      CREATE TRIGGER appointments_length_on_insert BEFORE INSERT ON appointments
        WHEN new.ends_at_ms - new.starts_at_ms > 93600000
        BEGIN SELECT RAISE(ABORT, 'An appointment lasts at most 26 hours'); END;
      CREATE TRIGGER appointments_length_on_update BEFORE UPDATE OF starts_at_ms, ends_at_ms ON appointments
        WHEN new.ends_at_ms - new.starts_at_ms > 93600000
        BEGIN SELECT RAISE(ABORT, 'An appointment lasts at most 26 hours'); END;
    `);
  },
};
