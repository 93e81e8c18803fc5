import type { AuditQuery, AuditRow, AuditVerification } from '../../shared/audit';
import type { Actor } from '../../shared/staff';
import { chainHash, GENESIS_HASH, type ChainedFields } from './auditChain';
import type { Db } from './connection';

/**
 * What happened: changes (create, update, archive, restore, delete), reads (view, print,
 * export) and sign-in events. Checked in TypeScript rather than by the table, so a new kind
 * never needs the append-only table rebuilt.
 */
export type AuditAction =
  | 'create'
  | 'update'
  | 'archive'
  | 'restore'
  | 'delete'
  | 'view'
  | 'print'
  | 'export'
  /** A message to a patient handed to the clinic's mail server (or its SMS service). */
  | 'send'
  | 'sign_in'
  | 'sign_in_failed'
  | 'sign_out'
  | 'lock'
  | 'unlock'
  | 'unlock_failed'
  /** A workstation paired with this clinic's computer, or its pairing revoked (issue 13). */
  | 'pair'
  | 'revoke'
  /** Something turned away at the network door: an unpaired or revoked device, a wrong pairing code, a stale token. */
  | 'refused';

/** Who acted; before the first sign-in of a new clinic, or for a failed attempt, a described stranger. */
export type AuditActor = Actor | { id: string; name: string; role: string; device: string };

export interface AuditEntry {
  atMs: number;
  staff: AuditActor;
  action: AuditAction;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
  /** The patient concerned; derived from the entity or a `patientId` in the values when not given. */
  patientId?: number | null;
}

export interface AuditRecord extends Omit<AuditEntry, 'staff' | 'patientId'> {
  id: number;
  staff: { id: string; name: string; role: string };
  patientId: number | null;
}

interface StoredRow extends ChainedFields {
  prev_hash: string;
  hash: string;
}

function patientOf(e: AuditEntry): number | null {
  if (e.patientId !== undefined) return e.patientId;
  if (e.entity === 'patient' && /^\d+$/.test(e.entityId)) return Number(e.entityId);
  for (const v of [e.after, e.before]) {
    if (v && typeof v === 'object' && 'patientId' in v && typeof v.patientId === 'number') return v.patientId;
  }
  return null;
}

/**
 * Appends one row to the chain. Callers run inside the transaction of the change they record,
 * so the row and the change commit together and no other write can slip between the read of
 * the previous hash and this insert (one connection writes the clinic).
 */
export function recordAudit(db: Db, e: AuditEntry): void {
  const last = db.prepare('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as
    { id: number; hash: string } | undefined;
  const fields: ChainedFields = {
    id: (last?.id ?? 0) + 1,
    at_ms: e.atMs,
    staff_id: String(e.staff.id),
    staff_name: e.staff.name,
    staff_role: e.staff.role,
    device: e.staff.device,
    action: e.action,
    entity: e.entity,
    entity_id: e.entityId,
    patient_id: patientOf(e),
    before_json: e.before === undefined ? null : JSON.stringify(e.before),
    after_json: e.after === undefined ? null : JSON.stringify(e.after),
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  db.prepare(
    `INSERT INTO audit_log (id, at_ms, staff_id, staff_name, staff_role, device, action, entity, entity_id, patient_id,
                            before_json, after_json, prev_hash, hash)
     VALUES (@id, @at_ms, @staff_id, @staff_name, @staff_role, @device, @action, @entity, @entity_id, @patient_id,
             @before_json, @after_json, @prev_hash, @hash)`,
  ).run({ ...fields, prev_hash: prevHash, hash: chainHash(prevHash, fields) });
}

function toRecord(r: StoredRow): AuditRecord {
  return {
    id: r.id,
    atMs: r.at_ms,
    staff: { id: r.staff_id, name: r.staff_name, role: r.staff_role },
    action: r.action as AuditAction,
    entity: r.entity,
    entityId: r.entity_id,
    patientId: r.patient_id,
    before: r.before_json === null ? undefined : (JSON.parse(r.before_json) as unknown),
    after: r.after_json === null ? undefined : (JSON.parse(r.after_json) as unknown),
  };
}

export function auditTrail(db: Db, entity: string, entityId: string): AuditRecord[] {
  const rows = db
    .prepare('SELECT * FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY at_ms, id')
    .all(entity, entityId) as StoredRow[];
  return rows.map(toRecord);
}

/** The rows matching a query, newest first, with the patient's name where there is one. */
export function searchAudit(db: Db, q: AuditQuery): { rows: AuditRow[]; total: number } {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (q.staffId !== null) {
    where.push('a.staff_id = ?');
    args.push(String(q.staffId));
  }
  if (q.patientId !== null) {
    where.push('a.patient_id = ?');
    args.push(q.patientId);
  }
  if (q.action !== null) {
    where.push('a.action = ?');
    args.push(q.action);
  }
  if (q.fromMs !== null) {
    where.push('a.at_ms >= ?');
    args.push(q.fromMs);
  }
  if (q.toMs !== null) {
    where.push('a.at_ms < ?');
    args.push(q.toMs);
  }
  const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const total = db
    .prepare(`SELECT count(*) FROM audit_log a ${clause}`)
    .pluck()
    .get(...args) as number;
  const rows = db
    .prepare(
      `SELECT a.id, a.at_ms, a.staff_id, a.staff_name, a.staff_role, a.device, a.action, a.entity, a.entity_id, a.patient_id,
              a.before_json, a.after_json,
              CASE WHEN p.id IS NULL THEN NULL ELSE p.first_name || ' ' || p.last_name END AS patient_name
       FROM audit_log a LEFT JOIN patients p ON p.id = a.patient_id
       ${clause}
       ORDER BY a.id DESC LIMIT ? OFFSET ?`,
    )
    .all(...args, q.limit, q.offset) as (ChainedFields & { patient_name: string | null })[];
  return {
    total,
    rows: rows.map((r) => ({
      id: r.id,
      atMs: r.at_ms,
      staffId: r.staff_id,
      staffName: r.staff_name,
      staffRole: r.staff_role,
      device: r.device,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      patientId: r.patient_id,
      patientName: r.patient_name,
      before: r.before_json,
      after: r.after_json,
    })),
  };
}

/**
 * Walks the whole chain from the first row, recomputing each hash. Reports the first row that
 * does not match (changed in the file, or a row missing before it).
 */
export function verifyAuditChain(db: Db): AuditVerification {
  let prev = GENESIS_HASH;
  let expectedId = 1;
  let checked = 0;
  for (const row of db.prepare('SELECT * FROM audit_log ORDER BY id').iterate() as IterableIterator<StoredRow>) {
    if (row.id !== expectedId) {
      return {
        ok: false,
        checked,
        firstBadId: row.id,
        problem: `Row ${expectedId} is missing: the row before ${row.id} was removed.`,
      };
    }
    if (row.prev_hash !== prev) {
      return { ok: false, checked, firstBadId: row.id, problem: `Row ${row.id} does not follow the row before it.` };
    }
    const hash = chainHash(prev, row);
    if (hash !== row.hash) {
      return { ok: false, checked, firstBadId: row.id, problem: `Row ${row.id} was changed after it was written.` };
    }
    prev = hash;
    expectedId += 1;
    checked += 1;
  }
  return { ok: true, checked, firstBadId: null, problem: null };
}

/** The newest row's id and hash: what a backup records so that a later cut of the trail shows. */
export function auditHead(db: Db): { id: number; hash: string } {
  const last = db.prepare('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as
    { id: number; hash: string } | undefined;
  return last ?? { id: 0, hash: GENESIS_HASH };
}
