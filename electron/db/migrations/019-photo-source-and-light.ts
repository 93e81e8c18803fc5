import type { Migration } from './types';

/**
 * Consistent photos (issue 15):
 * - photos.source says how a photo came in: imported from the clinic's camera files, captured in the
 *   app from a camera attached to the computer, or sent by the patient (taken by the patient).
 * - photos.lighting_json keeps the photo's measured light (exposure, grey-world colour, CIELAB mean
 *   and spread; shared/lighting.ts), from which the timeline's consistency mark is worked out.
 *   Photos imported before this step have none until the library measures them.
 */
export const photoSourceAndLight: Migration = {
  version: 19,
  name: 'where a photo came from and its measured light',
  up(db) {
    db.exec(`
      ALTER TABLE photos ADD COLUMN source TEXT NOT NULL DEFAULT 'import' CHECK (source IN ('import', 'capture', 'patient'));
      ALTER TABLE photos ADD COLUMN lighting_json TEXT CHECK (lighting_json IS NULL OR json_valid(lighting_json));
    `);
  },
};
