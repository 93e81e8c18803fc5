import type { Migration } from './types';

export const ruleSettings: Migration = {
  version: 3,
  name: 'scheduling rule settings',
  up(db) {
    // One validated JSON document: read back merged over the defaults, so a setting
    // added in a later version starts at its default in an existing clinic.
    db.exec(`
      CREATE TABLE rule_settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        settings_json TEXT NOT NULL CHECK (json_valid(settings_json)),
        updated_at_ms INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
