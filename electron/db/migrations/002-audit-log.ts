import type { Migration } from './types';

export const auditLog: Migration = {
  version: 2,
  name: 'audit log',
  up(db) {
    db.exec(`
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at_ms INTEGER NOT NULL,
        staff_id TEXT NOT NULL,
        staff_name TEXT NOT NULL,
        staff_role TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('create', 'update', 'archive', 'restore', 'delete')),
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        before_json TEXT,
        after_json TEXT
      ) STRICT;
      CREATE INDEX audit_log_by_entity ON audit_log (entity, entity_id, at_ms);
    `);
  },
};
