import { addDays } from '../../shared/time';
import { ApiError } from '../../shared/envelope';
import { recordAudit } from '../db/auditRepo';
import { getPatient, updatePatient } from '../db/patientsRepo';
import { insertRecallContact, recallList } from '../db/scheduleRepo';
import type { Handlers } from '../dispatch';
import { clinicToday } from './clinicDay';
import { mustGetPatient } from './common';
import { catchUpSummaries } from '../scheduling/summaryUpkeep';
import type { ApiDeps } from './deps';

/** The most rows the recall list sends at once; the counts still cover every match. */
export const RECALL_PAGE = 500;

/** Reception's recall list and the contacts logged from it. */
export function recallHandlers(deps: ApiDeps): Pick<Handlers, 'recall.list' | 'recall.log'> {
  const { db, clock } = deps;
  return {
    'recall.list': (q) => {
      const today = clinicToday(deps);
      catchUpSummaries(db, today);
      return recallList(db, { ...q, today, nowMs: clock.nowMs(), limit: RECALL_PAGE });
    },

    'recall.log': ({ patientId, outcome, snoozeUntil, note }, { staff }) =>
      db.transaction(() => {
        const patient = mustGetPatient(db, patientId);
        const today = clinicToday(deps);
        if (snoozeUntil !== null && snoozeUntil <= today) {
          throw new ApiError('INVALID_INPUT', 'Snooze until a day after today.', {
            snoozeUntil: `Choose ${addDays(today, 1)} or later`,
          });
        }
        const atMs = clock.nowMs();
        const id = insertRecallContact(
          db,
          { patientId, contactedOn: today, outcome, snoozedUntil: snoozeUntil, note, staffName: staff.name },
          atMs,
        );
        recordAudit(db, {
          atMs,
          staff,
          action: 'create',
          entity: 'recall_contact',
          entityId: String(id),
          before: undefined,
          after: { patientId, outcome, snoozeUntil, note },
        });
        if (outcome === 'do_not_contact' && patient.contactPreference !== 'do_not_contact') {
          // The patient asked not to be contacted: that is a change to their record, kept in its audit trail.
          const { id: _id, archived: _a, createdAtMs: _c, updatedAtMs: _u, ...fields } = patient;
          updatePatient(db, patientId, { ...fields, contactPreference: 'do_not_contact' }, atMs);
          recordAudit(db, {
            atMs,
            staff,
            action: 'update',
            entity: 'patient',
            entityId: String(patientId),
            before: patient,
            after: getPatient(db, patientId),
          });
        }
        return { logged: true as const };
      })(),
  };
}
