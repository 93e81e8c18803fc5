import type { Database } from 'better-sqlite3-multiple-ciphers';
import { clinicSettings } from './001-clinic-settings';
import { auditLog } from './002-audit-log';
import { ruleSettings } from './003-rule-settings';
import { patients } from './004-patients';
import { consents } from './005-consents';
import { clinicalRecord } from './006-clinical-record';
import { recall } from './007-recall';
import { calendarSetup } from './008-calendar-setup';
import { photos } from './009-photos';
import { accountsAndAuditChain } from './010-accounts-and-audit-chain';
import { clinicLocale } from './011-clinic-locale';
import { patientSearch } from './012-patient-search';
import { contactTimes } from './013-contact-times';
import { lotStock } from './014-lot-stock';
import type { Migration } from './types';

/** Every schema step, oldest first. Append only: a released step never changes. */
export const migrations: readonly Migration[] = [
  clinicSettings,
  auditLog,
  ruleSettings,
  patients,
  consents,
  clinicalRecord,
  recall,
  calendarSetup,
  photos,
  accountsAndAuditChain,
  clinicLocale,
  patientSearch,
  contactTimes,
  lotStock,
];

export const LATEST_SCHEMA_VERSION = migrations.length;

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

/**
 * Applies every pending step in one transaction: either the database reaches the
 * latest version or it stays exactly as it was.
 */
export function migrate(db: Database, steps: readonly Migration[] = migrations): { from: number; to: number } {
  steps.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration list out of order at ${m.name}`);
  });
  const from = schemaVersion(db);
  const latest = steps.length;
  if (from > latest) throw new NewerDatabaseError(from, latest);
  if (from === latest) return { from, to: from };
  db.transaction(() => {
    for (const step of steps.slice(from)) step.up(db);
    // PRAGMA takes no bound parameters; `latest` is an integer we computed.
    db.pragma(`user_version = ${latest}`);
  })();
  return { from, to: latest };
}
