import type { Migration } from './types';

/**
 * Treatments and observations by their date, for the recall summaries' daily catch-up: the
 * patients with a record dated since the summaries were last worked out.
 */
export const recordsByDay: Migration = {
  version: 13,
  name: 'treatments and observations by date',
  up(db) {
    db.exec(`
      CREATE INDEX treatments_by_day ON treatments (performed_on);
      CREATE INDEX observations_by_day ON observations (observed_on) WHERE removed_at_ms IS NULL;
    `);
  },
};
