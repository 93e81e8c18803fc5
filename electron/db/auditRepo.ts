import type { Role, StaffMember } from '../../shared/staff';
import type { Db } from './connection';

export type AuditAction = 'create' | 'update' | 'archive' | 'restore' | 'delete';

export interface AuditEntry {
  atMs: number;
  staff: StaffMember;
  action: AuditAction;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

export interface AuditRecord extends AuditEntry {
  id: number;
}

interface AuditRow {
  id: number;
  at_ms: number;
  staff_id: string;
  staff_name: string;
  staff_role: Role;
  action: AuditAction;
  entity: string;
  entity_id: string;
  before_json: string | null;
  after_json: string | null;
}

export function recordAudit(db: Db, e: AuditEntry): void {
  db.prepare(
    `INSERT INTO audit_log (at_ms, staff_id, staff_name, staff_role, action, entity, entity_id, before_json, after_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    e.atMs,
    e.staff.id,
    e.staff.name,
    e.staff.role,
    e.action,
    e.entity,
    e.entityId,
    e.before === undefined ? null : JSON.stringify(e.before),
    e.after === undefined ? null : JSON.stringify(e.after),
  );
}

export function auditTrail(db: Db, entity: string, entityId: string): AuditRecord[] {
  const rows = db
    .prepare('SELECT * FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY at_ms, id')
    .all(entity, entityId) as AuditRow[];
  return rows.map((r) => ({
    id: r.id,
    atMs: r.at_ms,
    staff: { id: r.staff_id, name: r.staff_name, role: r.staff_role },
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    before: r.before_json === null ? undefined : (JSON.parse(r.before_json) as unknown),
    after: r.after_json === null ? undefined : (JSON.parse(r.after_json) as unknown),
  }));
}
