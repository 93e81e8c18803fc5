import type { Migration } from './types';

/**
 * Stock on hand per lot, in the product's units: charting from a lot takes its units off, an
 * amendment puts the old ones back and takes the new ones, and a count entered on the lot sets
 * it again. `vials` stays the whole and opened vials left, so "in stock" keeps meaning vials > 0.
 * Existing lots start from the vials recorded on them.
 */
export const lotStock: Migration = {
  version: 18,
  name: 'units on hand per lot',
  up(db) {
    db.exec(`
      ALTER TABLE lots ADD COLUMN units_on_hand REAL NOT NULL DEFAULT 0;
      UPDATE lots SET units_on_hand = vials * units_per_vial;
    `);
  },
};
