import { ApiError } from '../../shared/envelope';
import type { Patient } from '../../shared/patients';
import type { ClinicSettings } from '../../shared/settings';
import { recordAudit, type AuditAction } from '../db/auditRepo';
import type { Db } from '../db/connection';
import { getPatient } from '../db/patientsRepo';
import { readClinicSettings } from '../db/settingsRepo';
import type { CallContext } from '../dispatch';
import type { ApiDeps } from './deps';

/**
 * What several namespaces' handlers need and must do the same way. Holds no handlers: each
 * contract namespace has a file of its own in this folder.
 */

/** The clinic's settings, its time zone falling back to the computer's. */
export function clinicSettings({ db, systemTimeZone }: ApiDeps): ClinicSettings {
  return readClinicSettings(db, systemTimeZone);
}

/** The patient, or NOT_FOUND. */
export function mustGetPatient(db: Db, id: number): Patient {
  const patient = getPatient(db, id);
  if (!patient) throw new ApiError('NOT_FOUND', `There is no patient number ${id}.`);
  return patient;
}

/** The patient, or NOT_FOUND; an archived one is refused (CONFLICT) with what to do. */
export function mustGetActivePatient(db: Db, id: number, doing: string): Patient {
  const patient = mustGetPatient(db, id);
  if (patient.archived) throw new ApiError('CONFLICT', `This patient is archived: restore the record before ${doing}.`);
  return patient;
}

/** Writes one audit row for a change made by the caller, now. */
export function audit(
  { db, clock }: ApiDeps,
  { staff }: CallContext,
  action: AuditAction,
  entity: string,
  entityId: string | number,
  before: unknown,
  after: unknown,
): void {
  recordAudit(db, { atMs: clock.nowMs(), staff, action, entity, entityId: String(entityId), before, after });
}

/** A file that left the app (an iCalendar, a saved PDF): the audit trail says who took what. */
export function auditExport({ db, clock }: ApiDeps, { staff }: CallContext, entity: string, after: unknown): void {
  recordAudit(db, {
    atMs: clock.nowMs(),
    staff,
    action: 'export',
    entity,
    entityId: '-',
    before: undefined,
    after,
    patientId: null,
  });
}
