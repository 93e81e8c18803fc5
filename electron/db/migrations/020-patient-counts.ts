import type { Migration } from './types';

/**
 * How many patients there are, kept by triggers (issue 18): the patient list shows the count on
 * every keystroke, and counting 50,000 rows read from an encrypted file costs more than the
 * search itself whenever the page cache has been dropped, which happens each time another
 * connection commits (a rebuild of the recall summaries on its worker thread commits often).
 * One row, `all_patients` and `active_patients` (not archived), read in microseconds.
 */
export const patientCounts: Migration = {
  version: 20,
  name: 'patient counts kept by triggers',
  up(db) {
    db.exec(`
      CREATE TABLE patient_counts (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        all_patients INTEGER NOT NULL,
        active_patients INTEGER NOT NULL
      );
      INSERT INTO patient_counts (id, all_patients, active_patients)
        SELECT 1, count(*), count(*) FILTER (WHERE archived_at_ms IS NULL) FROM patients;
      CREATE TRIGGER patient_counts_insert AFTER INSERT ON patients BEGIN
        UPDATE patient_counts SET all_patients = all_patients + 1,
          active_patients = active_patients + (NEW.archived_at_ms IS NULL) WHERE id = 1;
      END;
      CREATE TRIGGER patient_counts_delete AFTER DELETE ON patients BEGIN
        UPDATE patient_counts SET all_patients = all_patients - 1,
          active_patients = active_patients - (OLD.archived_at_ms IS NULL) WHERE id = 1;
      END;
      CREATE TRIGGER patient_counts_archive AFTER UPDATE OF archived_at_ms ON patients
        WHEN (OLD.archived_at_ms IS NULL) IS NOT (NEW.archived_at_ms IS NULL) BEGIN
        UPDATE patient_counts SET active_patients = active_patients + (NEW.archived_at_ms IS NULL) - (OLD.archived_at_ms IS NULL)
          WHERE id = 1;
      END;
    `);
  },
};
