import type { Appointment, BookingInput, PlannedTreatment } from '../../shared/calendar';
import { APPOINTMENT_STATUS_LABELS, RELEASED_STATUSES, TREATING_TYPES } from '../../shared/calendar';
import { addDays } from '../../shared/days';
import { ApiError } from '../../shared/envelope';
import { epochMsToZoned, zonedToEpochMs } from '../../shared/zonedTime';
import {
  appointmentsBetween,
  getAppointment,
  insertAppointment,
  insertDayOff,
  insertRoom,
  listDaysOff,
  listRooms,
  listWorkingHours,
  moveAppointment,
  removeDayOff,
  setAppointmentStatus,
  setRoomActive,
  setTypeMinutes,
  typeMinutes,
  writeWorkingHours,
  type StoredAppointment,
} from '../db/appointmentsRepo';
import { auditTrail, recordAudit } from '../db/auditRepo';
import { readClinicSettings } from '../db/settingsRepo';
import { getTeamMember } from '../db/staffRepo';
import { lastClinicTreatment } from '../db/treatmentsRepo';
import type { Handlers } from '../dispatch';
import { assessSlot, type Assessment, type SlotRequest } from '../calendar/booking';
import { nextFreeSlots } from '../calendar/freeSlots';
import { getPatient } from '../db/patientsRepo';
import { ruleTreatmentsOf } from '../db/treatmentsRepo';
import { clinicToday } from './clinicDay';
import type { ApiDeps } from './deps';

type CalendarHandlers = Pick<
  Handlers,
  | 'calendar.setup'
  | 'calendar.setTypeMinutes'
  | 'calendar.addRoom'
  | 'calendar.setRoomActive'
  | 'calendar.setWorkingHours'
  | 'calendar.addDayOff'
  | 'calendar.removeDayOff'
  | 'appointments.range'
  | 'appointments.preview'
  | 'appointments.book'
  | 'appointments.freeSlots'
  | 'appointments.lastPlanned'
  | 'appointments.move'
  | 'appointments.setStatus'
  | 'appointments.history'
>;

/** An appointment as the screens see it: stored instants plus the clinic's wall-clock date and times. */
export function withWallClock(a: StoredAppointment, timeZone: string): Appointment {
  const start = epochMsToZoned(a.startsAtMs, timeZone);
  return { ...a, date: start.day, start: start.time, end: epochMsToZoned(a.endsAtMs, timeZone).time };
}

/** The instants of the clinic's day [from, to] inclusive. */
export function dayRangeMs(from: string, to: string, timeZone: string): [number, number] {
  // Midnight always exists in practice; fall back a little either side if a zone ever skips it.
  const start = zonedToEpochMs(from, '00:00', timeZone) ?? zonedToEpochMs(from, '01:00', timeZone)!;
  const end = zonedToEpochMs(addDays(to, 1), '00:00', timeZone) ?? zonedToEpochMs(addDays(to, 1), '01:00', timeZone)!;
  return [start, end];
}

function refuse(a: Assessment, type: SlotRequest['type'], overrideReason: string): void {
  if (a.problems.length > 0) {
    const fields = Object.fromEntries(a.problems.map((p) => [p.field, p.message]));
    throw new ApiError('INVALID_INPUT', a.problems[0]!.message, fields);
  }
  if (a.rules && TREATING_TYPES.includes(type)) {
    if (a.rules.verdict === 'block') {
      const why = a.rules.findings.filter((f) => f.severity === 'block').map((f) => f.message);
      throw new ApiError('CONFLICT', `This treatment cannot be booked: ${why.join(' ')} A consultation can still be booked.`);
    }
    if (a.rules.verdict === 'warn' && overrideReason === '') {
      throw new ApiError('INVALID_INPUT', 'The booking check found warnings: give a written reason to book anyway.', {
        overrideReason: 'Give a reason for booking despite the warnings',
      });
    }
  }
}

export function calendarHandlers(deps: ApiDeps): CalendarHandlers {
  const { db, clock } = deps;
  const settings = () => readClinicSettings(db, deps.systemTimeZone);
  const assess = (r: SlotRequest, excludeId: number | null) =>
    assessSlot(db, settings(), clinicToday(deps), clock.nowMs(), r, excludeId);
  /**
   * A treatment booked without a plan (reception books "as last time" and never sees treatment
   * details) is planned from the patient's last treatment here, so the booking check still runs.
   */
  const withPlan = <B extends { patientId: number; type: SlotRequest['type']; planned?: PlannedTreatment | null }>(
    b: B,
  ): B & { planned: PlannedTreatment | null } => {
    if (!TREATING_TYPES.includes(b.type) || b.planned) return { ...b, planned: b.planned ?? null };
    const last = lastClinicTreatment(db, b.patientId);
    return {
      ...b,
      planned: last ? { product: last.product, areas: last.areas.map(({ area, units }) => ({ area, units })) } : null,
    };
  };
  const mustGet = (id: number) => {
    const a = getAppointment(db, id);
    if (!a) throw new ApiError('NOT_FOUND', `There is no appointment number ${id}.`);
    return withWallClock(a, settings().timeZone);
  };
  const setup = () => ({
    typeMinutes: typeMinutes(db),
    rooms: listRooms(db),
    hours: listWorkingHours(db),
    daysOff: listDaysOff(db, addDays(clinicToday(deps), -30)),
  });
  const audited = <T>(
    entity: string,
    entityId: string,
    action: 'create' | 'update' | 'delete',
    before: unknown,
    after: () => T,
    staff: Parameters<Handlers['app.info']>[1]['staff'],
  ) => {
    const value = after();
    recordAudit(db, { atMs: clock.nowMs(), staff, action, entity, entityId, before, after: value });
    return value;
  };

  return {
    'calendar.setup': () => setup(),
    'calendar.setTypeMinutes': ({ type, minutes }, { staff }) =>
      db.transaction(() => {
        const before = typeMinutes(db);
        setTypeMinutes(db, type, minutes);
        return audited('appointment_types', type, 'update', before[type], () => setup(), staff);
      })(),
    'calendar.addRoom': ({ name }, { staff }) =>
      db.transaction(() => {
        if (listRooms(db).some((r) => r.name.toLowerCase() === name.toLowerCase())) {
          throw new ApiError('INVALID_INPUT', `There is already a room called ${name}.`, { name: 'This name is already used' });
        }
        const id = insertRoom(db, name);
        return audited('room', String(id), 'create', undefined, () => setup(), staff);
      })(),
    'calendar.setRoomActive': ({ id, active }, { staff }) =>
      db.transaction(() => {
        setRoomActive(db, id, active);
        return audited('room', String(id), 'update', { active: !active }, () => setup(), staff);
      })(),
    'calendar.setWorkingHours': ({ staffId, days }, { staff }) =>
      db.transaction(() => {
        if (!getTeamMember(db, staffId)) throw new ApiError('NOT_FOUND', `There is no team member number ${staffId}.`);
        const before = listWorkingHours(db).filter((h) => h.staffId === staffId);
        writeWorkingHours(db, staffId, days);
        return audited('working_hours', String(staffId), 'update', before, () => setup(), staff);
      })(),
    'calendar.addDayOff': (d, { staff }) =>
      db.transaction(() => {
        const id = insertDayOff(db, d);
        return audited('day_off', String(id), 'create', undefined, () => setup(), staff);
      })(),
    'calendar.removeDayOff': ({ id }, { staff }) =>
      db.transaction(() => {
        removeDayOff(db, id, clock.nowMs());
        return audited('day_off', String(id), 'delete', { id }, () => setup(), staff);
      })(),

    'appointments.range': ({ from, to, practitionerId }) => {
      const tz = settings().timeZone;
      const [fromMs, toMs] = dayRangeMs(from, to, tz);
      return appointmentsBetween(db, fromMs, toMs, practitionerId).map((a) => withWallClock(a, tz));
    },

    'appointments.preview': ({ booking, excludeId }) => {
      const { problems, rules, suggestions } = assess(withPlan(booking), excludeId);
      return { problems, rules, suggestions };
    },

    'appointments.freeSlots': ({ patientId, practitionerId, from, minutes, count }) => {
      if (!getPatient(db, patientId)) throw new ApiError('NOT_FOUND', `There is no patient number ${patientId}.`);
      return nextFreeSlots(db, settings(), clinicToday(deps), clock.nowMs(), { patientId, practitionerId, from, minutes, count });
    },

    'appointments.lastPlanned': ({ patientId }) => {
      if (!getPatient(db, patientId)) throw new ApiError('NOT_FOUND', `There is no patient number ${patientId}.`);
      const last = ruleTreatmentsOf(db, patientId)
        .filter((t) => t.kind === 'full')
        .at(-1);
      return last ? { product: last.product, areas: last.areas } : null;
    },

    'appointments.book': (sent: BookingInput & { overrideReason: string; notes: string; roomId: number | null }, { staff }) =>
      db.transaction(() => {
        const b = withPlan(sent);
        const a = assess(b, null);
        refuse(a, b.type, b.overrideReason);
        const findings = a.rules?.findings ?? [];
        const id = insertAppointment(
          db,
          {
            patientId: b.patientId,
            practitionerId: b.practitionerId,
            roomId: b.roomId,
            type: b.type,
            startsAtMs: a.startsAtMs!,
            endsAtMs: a.endsAtMs!,
            status: 'booked',
            findings,
            overrideReason: findings.some((f) => f.severity === 'warn') ? b.overrideReason : '',
            planned: TREATING_TYPES.includes(b.type) ? (b.planned ?? null) : null,
            notes: b.notes,
          },
          clock.nowMs(),
        );
        return audited('appointment', String(id), 'create', undefined, () => mustGet(id), staff);
      })(),

    'appointments.move': (m, { staff }) =>
      db.transaction(() => {
        const before = mustGet(m.id);
        if (RELEASED_STATUSES.includes(before.status)) {
          throw new ApiError(
            'CONFLICT',
            `This appointment is ${APPOINTMENT_STATUS_LABELS[before.status].toLowerCase()}: book a new one instead.`,
          );
        }
        const a = assess({ ...m, patientId: before.patientId, type: before.type, planned: before.planned }, m.id);
        refuse(a, before.type, m.overrideReason);
        const findings = a.rules?.findings ?? [];
        moveAppointment(
          db,
          m.id,
          {
            practitionerId: m.practitionerId,
            roomId: m.roomId,
            startsAtMs: a.startsAtMs!,
            endsAtMs: a.endsAtMs!,
            findings,
            overrideReason: findings.some((f) => f.severity === 'warn') ? m.overrideReason || before.overrideReason : '',
          },
          clock.nowMs(),
        );
        return audited('appointment', String(m.id), 'update', before, () => mustGet(m.id), staff);
      })(),

    'appointments.setStatus': ({ id, status, reason }, { staff }) =>
      db.transaction(() => {
        const before = mustGet(id);
        if (before.status === status) return before;
        if (RELEASED_STATUSES.includes(before.status)) {
          throw new ApiError(
            'CONFLICT',
            `This appointment was ${APPOINTMENT_STATUS_LABELS[before.status].toLowerCase()}; book a new one instead.`,
          );
        }
        setAppointmentStatus(db, id, status, status === 'cancelled' ? reason : '', clock.nowMs());
        return audited('appointment', String(id), 'update', before, () => mustGet(id), staff);
      })(),

    'appointments.history': ({ id }) => {
      mustGet(id);
      return auditTrail(db, 'appointment', String(id)).map((e) => ({
        atMs: e.atMs,
        staffName: e.staff.name,
        action: e.action,
        summary: describeChange(e.before as Appointment | undefined, e.after as Appointment | undefined),
      }));
    },
  };
}

/** One line of an appointment's history, in words. */
function describeChange(before: Appointment | undefined, after: Appointment | undefined): string {
  if (!before && after)
    return `Booked for ${after.date} ${after.start}–${after.end} with ${after.practitionerName}${after.overrideReason ? ` (warning overridden: ${after.overrideReason})` : ''}`;
  if (!before || !after) return 'Changed';
  const parts: string[] = [];
  if (before.status !== after.status)
    parts.push(`${APPOINTMENT_STATUS_LABELS[after.status]}${after.cancelReason ? `: ${after.cancelReason}` : ''}`);
  if (before.date !== after.date || before.start !== after.start || before.end !== after.end)
    parts.push(`Moved from ${before.date} ${before.start}–${before.end} to ${after.date} ${after.start}–${after.end}`);
  if (before.practitionerId !== after.practitionerId) parts.push(`Now with ${after.practitionerName}`);
  if (before.roomId !== after.roomId) parts.push(`Room ${after.roomName ?? 'none'}`);
  return parts.join('; ') || 'Saved without changes';
}
