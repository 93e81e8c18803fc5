import type { Migration } from './types';

/**
 * Indexes that the query-plan tests (tests/db/queryPlans.test.ts, run on the statements the
 * repositories ship) found missing:
 * - a patient's treatments with every version, for the timeline (the old index held only the
 *   versions in force, so the timeline read every treatment of the clinic);
 * - the summaries' review dates, for Today's "reviews due";
 * - the latest photos imported, for the Photos section.
 */
export const indexesForShippedQueries: Migration = {
  version: 12,
  name: 'indexes for the timeline, reviews due and recent photos',
  up(db) {
    db.exec(`
      DROP INDEX treatments_by_patient;
      CREATE INDEX treatments_by_patient ON treatments (patient_id, performed_on);
      CREATE INDEX schedule_by_review ON patient_schedule (review_on) WHERE review_on IS NOT NULL;
      CREATE INDEX photos_by_import ON photos (imported_at_ms, id) WHERE deleted_at_ms IS NULL;
    `);
  },
};
