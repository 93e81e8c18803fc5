import { chainHash, GENESIS_HASH, type ChainedFields } from '../auditChain';
import type { Migration } from './types';

/**
 * Staff accounts and an audit trail that can be trusted:
 * - staff: whether a person can sign in (none / invited with a setup code / active) and their PIN's hash;
 * - audit_log rebuilt with the device, the patient concerned, any action (reads, prints, exports,
 *   sign-ins), and a hash chain: each row's hash covers its fields and the previous row's hash, so
 *   a row changed or removed in the file breaks the chain. Triggers refuse UPDATE and DELETE.
 * Rows written before this version are chained in their order; their device is unknown ('').
 */
export const accountsAndAuditChain: Migration = {
  version: 10,
  name: 'staff accounts and a hash-chained audit trail',
  up(db) {
    db.exec(`
      ALTER TABLE staff ADD COLUMN account TEXT NOT NULL DEFAULT 'none' CHECK (account IN ('none', 'invited', 'active'));
      ALTER TABLE staff ADD COLUMN pin_json TEXT;

      CREATE TABLE audit_chain (
        id INTEGER PRIMARY KEY,
        at_ms INTEGER NOT NULL,
        staff_id TEXT NOT NULL,
        staff_name TEXT NOT NULL,
        staff_role TEXT NOT NULL,
        device TEXT NOT NULL,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        patient_id INTEGER,
        before_json TEXT,
        after_json TEXT,
        prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
        hash TEXT NOT NULL CHECK (length(hash) = 64)
      ) STRICT;
    `);
    const insert = db.prepare(
      `INSERT INTO audit_chain (id, at_ms, staff_id, staff_name, staff_role, device, action, entity, entity_id, patient_id,
                                before_json, after_json, prev_hash, hash)
       VALUES (@id, @at_ms, @staff_id, @staff_name, @staff_role, @device, @action, @entity, @entity_id, @patient_id,
               @before_json, @after_json, @prev_hash, @hash)`,
    );
    let prev = GENESIS_HASH;
    // Read in batches: one connection cannot insert while a query on it is still stepping.
    const batch = db.prepare(
      `SELECT id, at_ms, staff_id, staff_name, staff_role, action, entity, entity_id, before_json, after_json,
              CASE WHEN entity = 'patient' THEN CAST(entity_id AS INTEGER)
                   ELSE COALESCE(json_extract(after_json, '$.patientId'), json_extract(before_json, '$.patientId')) END AS patient_id
       FROM audit_log WHERE id > ? ORDER BY id LIMIT 5000`,
    );
    for (let after = 0; ;) {
      const rows = batch.all(after) as Omit<ChainedFields, 'device'>[];
      if (rows.length === 0) break;
      for (const row of rows) {
        const fields: ChainedFields = {
          ...row,
          device: '',
          patient_id: typeof row.patient_id === 'number' ? row.patient_id : null,
        };
        const hash = chainHash(prev, fields);
        insert.run({ ...fields, prev_hash: prev, hash });
        prev = hash;
      }
      after = rows[rows.length - 1]!.id;
    }
    db.exec(`
      DROP TABLE audit_log;
      ALTER TABLE audit_chain RENAME TO audit_log;
      CREATE INDEX audit_log_by_entity ON audit_log (entity, entity_id, at_ms);
      CREATE INDEX audit_log_by_patient ON audit_log (patient_id, at_ms) WHERE patient_id IS NOT NULL;
      CREATE INDEX audit_log_by_staff ON audit_log (staff_id, at_ms);
      CREATE INDEX audit_log_by_time ON audit_log (at_ms);
      CREATE TRIGGER audit_log_never_changes BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'The audit trail cannot be changed'); END;
      CREATE TRIGGER audit_log_never_deleted BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'The audit trail cannot be deleted'); END;
    `);
  },
};
