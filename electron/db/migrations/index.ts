import type { Database } from 'better-sqlite3-multiple-ciphers';
import { clinicSettings } from './001-clinic-settings';
import { auditLog } from './002-audit-log';
import { ruleSettings } from './003-rule-settings';
import { patients } from './004-patients';
import { consents } from './005-consents';
import { clinicalRecord } from './006-clinical-record';
import { recallRoomsAndAppointments } from './007-recall-rooms-and-appointments';
import { calendarSetup } from './008-calendar-setup';
import { photos } from './009-photos';
import { accountsAndAuditChain } from './010-accounts-and-audit-chain';
import { appointmentLength } from './011-appointment-length';
import { indexesForShippedQueries } from './012-indexes-for-shipped-queries';
import { recordsByDay } from './013-records-by-day';
import { messages } from './014-messages';
import { clinicLocale } from './015-clinic-locale';
import { patientSearch } from './016-patient-search';
import { contactTimes } from './017-contact-times';
import { lotStock } from './018-lot-stock';
import { photoSourceAndLight } from './019-photo-source-and-light';
import { patientCounts } from './020-patient-counts';
import { treatmentsForRules } from './021-treatments-for-rules';
import { treatmentAreasForRules } from './022-treatment-areas-for-rules';
import type { Migration } from './types';

/**
 * Every schema step, oldest first. Append only: a released step never changes. Each step
 * carries its own number; the runner checks that the numbers grow along the list.
 */
export const migrations: readonly Migration[] = [
  clinicSettings,
  auditLog,
  ruleSettings,
  patients,
  consents,
  clinicalRecord,
  recallRoomsAndAppointments,
  calendarSetup,
  photos,
  accountsAndAuditChain,
  appointmentLength,
  indexesForShippedQueries,
  recordsByDay,
  messages,
  clinicLocale,
  patientSearch,
  contactTimes,
  lotStock,
  photoSourceAndLight,
  patientCounts,
  treatmentsForRules,
  treatmentAreasForRules,
];

/** The number of the last step: the schema version this build of the app writes. */
export function latestVersion(steps: readonly Migration[] = migrations): number {
  return steps.at(-1)?.version ?? 0;
}

export const LATEST_SCHEMA_VERSION = latestVersion();

export class NewerDatabaseError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `This clinic database was written by a newer version of Clinic Records (schema ${found}; this version understands up to ${supported}). ` +
        'Install the newer version to open it. Nothing was changed.',
    );
    this.name = 'NewerDatabaseError';
  }
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Refuses a list whose numbers do not grow (two steps with one number, or one out of place). */
export function checkMigrationList(steps: readonly Migration[]): void {
  let previous = 0;
  for (const m of steps) {
    if (!Number.isInteger(m.version) || m.version <= previous) {
      throw new Error(`Migration "${m.name}" has number ${m.version}, which must be a whole number above ${previous}.`);
    }
    previous = m.version;
  }
}

/**
 * The steps a database still needs. Throws NewerDatabaseError, having only read the file's
 * header, when it was written by a version that knows steps this one does not.
 */
export function pendingMigrations(db: Database, steps: readonly Migration[] = migrations): Migration[] {
  checkMigrationList(steps);
  const from = schemaVersion(db);
  const latest = latestVersion(steps);
  if (from > latest) throw new NewerDatabaseError(from, latest);
  return steps.filter((m) => m.version > from);
}

/**
 * Applies every pending step in one transaction: either the database reaches the
 * latest version or it stays exactly as it was.
 */
export function migrate(db: Database, steps: readonly Migration[] = migrations): { from: number; to: number } {
  const from = schemaVersion(db);
  const pending = pendingMigrations(db, steps);
  if (pending.length === 0) return { from, to: from };
  const to = latestVersion(steps);
  db.transaction(() => {
    for (const step of pending) step.up(db);
    // PRAGMA takes no bound parameters; `to` is an integer from our own list.
    db.pragma(`user_version = ${to}`);
  })();
  return { from, to };
}
