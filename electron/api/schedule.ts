import { addDays } from '../../shared/days';
import { ApiError } from '../../shared/envelope';
import type { PatientSchedule } from '../../shared/schedule';
import { recordAudit } from '../db/auditRepo';
import { getEvent, getObservation, insertEvent, insertObservation, removeEvent, removeObservation } from '../db/observationsRepo';
import { getPatient, updatePatient } from '../db/patientsRepo';
import { insertRecallContact, recallContactsOf, recallList } from '../db/scheduleRepo';
import { readClinicSettings } from '../db/settingsRepo';
import { zonedToEpochMs } from '../../shared/zonedTime';
import type { Handlers } from '../dispatch';
import { loadRulesContext } from '../scheduling/context';
import { patientSchedule, refreshScheduleSummary } from '../scheduling/patientSchedule';
import { explainObservationChange } from '../scheduling/explain';
import { firstBookableDay } from '../calendar/freeSlots';
import { clinicToday } from './clinicDay';
import type { ApiDeps } from './deps';

type ScheduleHandlers = Pick<
  Handlers,
  | 'schedule.get'
  | 'observations.add'
  | 'observations.remove'
  | 'events.add'
  | 'events.remove'
  | 'recall.list'
  | 'recall.log'
  | 'recall.contacts'
>;

/** The most rows the recall list sends at once; the counts still cover every match. */
export const RECALL_PAGE = 500;

export function scheduleHandlers(deps: ApiDeps): ScheduleHandlers {
  const { db, clock } = deps;

  const timeZone = () => readClinicSettings(db, deps.systemTimeZone).timeZone;

  function mustHavePatient(id: number) {
    const p = getPatient(db, id);
    if (!p) throw new ApiError('NOT_FOUND', `There is no patient number ${id}.`);
    return p;
  }

  function scheduleOf(patientId: number): PatientSchedule {
    const settings = readClinicSettings(db, deps.systemTimeZone);
    const today = clinicToday(deps);
    const nowMs = clock.nowMs();
    const s = patientSchedule(db, loadRulesContext(db), patientId, today, {
      firstBookableDay: firstBookableDay(db, settings, today, nowMs),
      booked: { nowMs, timeZone: settings.timeZone },
    });
    if (!s) throw new ApiError('NOT_FOUND', `There is no patient number ${patientId}.`);
    return s;
  }

  return {
    'schedule.get': ({ patientId }) => scheduleOf(patientId),

    'observations.add': (o, { staff }) =>
      db.transaction(() => {
        mustHavePatient(o.patientId);
        const before = scheduleOf(o.patientId).areas.find((a) => a.area === o.area);
        const ctx = loadRulesContext(db);
        const today = clinicToday(deps);
        if (!ctx.areas.has(o.area))
          throw new ApiError('INVALID_INPUT', `There is no area "${o.area}".`, { area: 'Choose an area' });
        if (o.observedOn > today)
          throw new ApiError('INVALID_INPUT', 'An observation cannot be in the future.', {
            observedOn: 'This date is in the future',
          });
        const atMs = clock.nowMs();
        const id = insertObservation(db, o, staff.name, atMs);
        recordAudit(db, {
          atMs,
          staff,
          action: 'create',
          entity: 'observation',
          entityId: String(id),
          before: undefined,
          after: getObservation(db, id),
        });
        refreshScheduleSummary(db, ctx, o.patientId, today);
        const after = scheduleOf(o.patientId);
        return {
          ...after,
          change: explainObservationChange(
            o,
            before,
            after.areas.find((a) => a.area === o.area),
          ),
        };
      })(),

    'observations.remove': ({ id }, { staff }) =>
      db.transaction(() => {
        const before = getObservation(db, id);
        if (!before) throw new ApiError('NOT_FOUND', `There is no observation number ${id}.`);
        const areaBefore = scheduleOf(before.patientId).areas.find((a) => a.area === before.area);
        const atMs = clock.nowMs();
        removeObservation(db, id, atMs);
        recordAudit(db, { atMs, staff, action: 'delete', entity: 'observation', entityId: String(id), before, after: undefined });
        refreshScheduleSummary(db, loadRulesContext(db), before.patientId, clinicToday(deps));
        const after = scheduleOf(before.patientId);
        return {
          ...after,
          change: explainObservationChange(
            before,
            areaBefore,
            after.areas.find((a) => a.area === before.area),
            true,
          ),
        };
      })(),

    'events.add': (e, { staff }) =>
      db.transaction(() => {
        mustHavePatient(e.patientId);
        if (e.eventOn < clinicToday(deps))
          throw new ApiError('INVALID_INPUT', 'The event has already passed.', { eventOn: 'Choose a date from today on' });
        const atMs = clock.nowMs();
        const id = insertEvent(db, e, atMs);
        recordAudit(db, {
          atMs,
          staff,
          action: 'create',
          entity: 'event',
          entityId: String(id),
          before: undefined,
          after: getEvent(db, id),
        });
        return scheduleOf(e.patientId);
      })(),

    'events.remove': ({ id }, { staff }) =>
      db.transaction(() => {
        const before = getEvent(db, id);
        if (!before) throw new ApiError('NOT_FOUND', `There is no event number ${id}.`);
        const atMs = clock.nowMs();
        removeEvent(db, id, atMs);
        recordAudit(db, { atMs, staff, action: 'delete', entity: 'event', entityId: String(id), before, after: undefined });
        return scheduleOf(before.patientId);
      })(),

    'recall.list': (q) =>
      recallList(db, { ...q, today: clinicToday(deps), nowMs: clock.nowMs(), limit: RECALL_PAGE, timeZone: timeZone() }),

    'recall.contacts': ({ patientId }) => {
      mustHavePatient(patientId);
      return recallContactsOf(db, patientId, timeZone());
    },

    'recall.log': ({ patientId, outcome, snoozeUntil, note, contactedOn: givenDay, contactedAt }, { staff }) =>
      db.transaction(() => {
        const patient = mustHavePatient(patientId);
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
