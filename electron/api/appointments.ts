import type { Appointment, BookingInput, PlannedTreatment } from '../../shared/calendar';
import { APPOINTMENT_STATUS_LABELS, RELEASED_STATUSES, TREATING_TYPES } from '../../shared/calendar';
import type { AppointmentChange } from '../../shared/contract';
import { ApiError } from '../../shared/envelope';
import { dayRangeMs, epochMsToZoned } from '../../shared/time';
import {
  appointmentsBetween,
  getAppointment,
  insertAppointment,
  moveAppointment,
  setAppointmentStatus,
  type StoredAppointment,
} from '../db/appointmentsRepo';
import { auditTrail } from '../db/auditRepo';
import { lastClinicTreatment, ruleTreatmentsOf } from '../db/treatmentsRepo';
import type { Handlers } from '../dispatch';
import { assessSlot, type Assessment, type SlotRequest } from '../calendar/booking';
import { nextFreeSlots } from '../calendar/freeSlots';
import { clinicToday } from './clinicDay';
import { audit, clinicSettings, mustGetPatient } from './common';
import type { ApiDeps } from './deps';

type AppointmentHandlers = Pick<
  Handlers,
  | 'appointments.range'
  | 'appointments.preview'
  | 'appointments.book'
  | 'appointments.freeSlots'
  | 'appointments.lastPlanned'
  | 'appointments.usualType'
  | 'appointments.move'
  | 'appointments.setStatus'
  | 'appointments.history'
>;

/** An appointment as the screens see it: stored instants plus the clinic's wall-clock date and times. */
export function withWallClock(a: StoredAppointment, timeZone: string): Appointment {
  const start = epochMsToZoned(a.startsAtMs, timeZone);
  return { ...a, date: start.day, start: start.time, end: epochMsToZoned(a.endsAtMs, timeZone).time };
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

/** Booking, moving and following appointments; every change is checked by assessSlot in the writing transaction. */
export function appointmentHandlers(deps: ApiDeps): AppointmentHandlers {
  const { db, clock } = deps;
  const timeZone = () => clinicSettings(deps).timeZone;
  const assess = (r: SlotRequest, excludeId: number | null) =>
    assessSlot(db, clinicSettings(deps), clinicToday(deps), clock.nowMs(), r, excludeId);
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
    return withWallClock(a, timeZone());
  };

  return {
    'appointments.range': ({ from, to, practitionerId }) => {
      const tz = timeZone();
      const [fromMs, toMs] = dayRangeMs(from, to, tz);
      return appointmentsBetween(db, fromMs, toMs, practitionerId).map((a) => withWallClock(a, tz));
    },

    'appointments.preview': ({ booking, excludeId }) => {
      const { problems, rules, suggestions } = assess(withPlan(booking), excludeId);
      return { problems, rules, suggestions };
    },

    'appointments.freeSlots': ({ patientId, practitionerId, from, minutes, count }) => {
      mustGetPatient(db, patientId);
      return nextFreeSlots(db, clinicSettings(deps), clinicToday(deps), clock.nowMs(), {
        patientId,
        practitionerId,
        from,
        minutes,
        count,
      });
    },

    'appointments.lastPlanned': ({ patientId }) => {
      mustGetPatient(db, patientId);
      const last = ruleTreatmentsOf(db, patientId)
        .filter((t) => t.kind === 'full')
        .at(-1);
      return last ? { product: last.product, areas: last.areas } : null;
    },

    // As the patient page starts a booking for a clinician (schedule.get's firstTimer), for everyone.
    'appointments.usualType': ({ patientId }) => {
      mustGetPatient(db, patientId);
      return ruleTreatmentsOf(db, patientId).some((t) => t.kind === 'full') ? 'treatment' : 'consultation';
    },

    'appointments.book': (sent: BookingInput & { overrideReason: string; notes: string; roomId: number | null }, ctx) =>
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
        const booked = mustGet(id);
        audit(deps, ctx, 'create', 'appointment', id, undefined, booked);
        return booked;
      })(),

    'appointments.move': (m, ctx) =>
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
        const moved = mustGet(m.id);
        audit(deps, ctx, 'update', 'appointment', m.id, before, moved);
        return moved;
      })(),

    'appointments.setStatus': ({ id, status, reason }, ctx) =>
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
        const after = mustGet(id);
        audit(deps, ctx, 'update', 'appointment', id, before, after);
        return after;
      })(),

    'appointments.history': ({ id }): AppointmentChange[] => {
      mustGet(id);
      const tz = timeZone();
      return auditTrail(db, 'appointment', String(id)).map((e) => ({
        atMs: e.atMs,
        // When it happened on the clinic's wall clock, worked out here with the clinic's zone.
        ...epochMsToZoned(e.atMs, tz),
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
