import { addDays, zonedToEpochMs } from '../../shared/time';
import { ApiError } from '../../shared/envelope';
import { RECALL_PAGE } from '../../shared/schedule';
import { recordAudit } from '../db/auditRepo';
import { getPatient, updatePatient } from '../db/patientsRepo';
import { insertRecallContact, recallContactsOf, recallList } from '../db/scheduleRepo';
import type { Handlers } from '../dispatch';
import { clinicToday } from './clinicDay';
import { clinicSettings, mustGetPatient } from './common';
import { catchUpSummaries } from '../scheduling/summaryUpkeep';
import type { ApiDeps } from './deps';

/** Reception's recall list, the contacts logged from it, and a patient's contact history. */
export function recallHandlers(deps: ApiDeps): Pick<Handlers, 'recall.list' | 'recall.log' | 'recall.contacts'> {
  const { db, clock } = deps;
  const timeZone = () => clinicSettings(deps).timeZone;
  return {
    'recall.list': (q) => {
      const today = clinicToday(deps);
      catchUpSummaries(db, today);
      return recallList(db, { ...q, today, nowMs: clock.nowMs(), limit: q.limit ?? RECALL_PAGE, timeZone: timeZone() });
    },

    'recall.contacts': ({ patientId }) => {
      mustGetPatient(db, patientId);
      return recallContactsOf(db, patientId, timeZone());
    },

    'recall.log': ({ patientId, outcome, snoozeUntil, note, contactedOn: givenDay, contactedAt }, { staff }) =>
      db.transaction(() => {
        const patient = mustGetPatient(db, patientId);
        const today = clinicToday(deps);
        const nowMs = clock.nowMs();
        // When it happened: now, unless reception gave the day and time of an earlier call.
        const contactedOn = givenDay ?? today;
        const contactMs = contactedAt === undefined ? nowMs : zonedToEpochMs(contactedOn, contactedAt, timeZone());
        if (contactMs === null) {
          throw new ApiError('INVALID_INPUT', `${contactedAt} does not exist on ${contactedOn} (the clocks go forward).`, {
            contactedAt: 'This time does not exist that day',
          });
        }
        if (contactMs > nowMs + 60_000) {
          throw new ApiError('INVALID_INPUT', 'A contact cannot be logged in the future.', {
            [contactedAt === undefined || contactedOn > today ? 'contactedOn' : 'contactedAt']: 'This is in the future',
          });
        }
        if (snoozeUntil !== null && snoozeUntil <= today) {
          throw new ApiError('INVALID_INPUT', 'Snooze until a day after today.', {
            snoozeUntil: `Choose ${addDays(today, 1)} or later`,
          });
        }
        const atMs = nowMs;
        const id = insertRecallContact(
          db,
          { patientId, contactedOn, atMs: contactMs, outcome, snoozedUntil: snoozeUntil, note, staffName: staff.name },
          atMs,
        );
        recordAudit(db, {
          atMs,
          staff,
          action: 'create',
          entity: 'recall_contact',
          entityId: String(id),
          before: undefined,
          after: { patientId, outcome, snoozeUntil, note, contactedOn, contactedAtMs: contactMs },
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
