import type { Migration } from './types';

/**
 * An index holding everything the scheduling rules read of a treatment (issue 18): the
 * finalised treatments in force, by patient and in the rules' order, with their product, kind
 * and injector (and the two columns the condition reads, so that SQLite reads only the index).
 * Reading a patient's history, or a thousand patients' at a time when the rule
 * settings change, then never reads the treatment rows themselves (large: injection points
 * and notes); only each treatment's areas are looked up by their primary key.
 */
export const treatmentsForRules: Migration = {
  version: 21,
  name: 'treatments as the scheduling rules read them',
  up(db) {
    db.exec(`
      CREATE INDEX treatments_for_rules
        ON treatments (patient_id, performed_on, performed_at, id, product, kind, injector_id, status, superseded_by)
        WHERE status = 'final' AND superseded_by IS NULL AND product IS NOT NULL;
    `);
  },
};
