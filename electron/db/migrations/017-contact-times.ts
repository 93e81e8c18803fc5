import type { Migration } from './types';

/**
 * A recall contact is dated when it happened, which reception may give (a call made before
 * lunch and logged after); when it was written down is kept beside it for the audit trail.
 * Until now both were the moment it was logged.
 */
export const contactTimes: Migration = {
  version: 17,
  name: 'when a recall contact happened and when it was logged',
  up(db) {
    db.exec(`
      ALTER TABLE recall_contacts ADD COLUMN recorded_at_ms INTEGER NOT NULL DEFAULT 0;
      UPDATE recall_contacts SET recorded_at_ms = at_ms;
    `);
  },
};
