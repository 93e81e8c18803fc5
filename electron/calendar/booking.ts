import type { AppointmentType, BookingPreview, PlannedTreatment } from '../../shared/calendar';
import { hoursProblems, TREATING_TYPES } from '../../shared/calendar';
import type { ClinicSettings } from '../../shared/settings';
import type { BookingCheck } from '../../shared/ruleResults';
import { canInject } from '../../shared/staff';
import { epochMsToZoned, zonedToEpochMs } from '../../shared/time';
import { clashes, daysOffOn, listRooms, listWorkingHours } from '../db/appointmentsRepo';
import type { Db } from '../db/connection';
import { getPatient } from '../db/patientsRepo';
import { getTeamMember } from '../db/staffRepo';
import { evaluateRules } from '../rules';
import { loadRulesContext } from '../scheduling/context';
import { patientSchedule, rulesRequestFor } from '../scheduling/patientSchedule';

export interface SlotRequest {
  patientId: number;
  type: AppointmentType;
  planned: PlannedTreatment | null;
  practitionerId: number;
  roomId: number | null;
  date: string;
  start: string;
  end: string;
  allowPast: boolean;
}

export interface Assessment extends BookingPreview {
  startsAtMs: number | null;
  endsAtMs: number | null;
}

function fmt(ms: number, timeZone: string): string {
  return epochMsToZoned(ms, timeZone).time;
}

/**
 * Everything that decides whether an appointment can go in a slot: the patient, the
 * practitioner and room, opening and working hours, days off, clashes, the past, and
 * for a treatment the booking check of RULES.md §5. Pure reads: callers run it inside
 * the transaction that writes, so nothing can slip in between.
 */
export function assessSlot(
  db: Db,
  settings: ClinicSettings,
  today: string,
  nowMs: number,
  r: SlotRequest,
  excludeId: number | null,
): Assessment {
  const problems: BookingPreview['problems'] = [];
  const tz = settings.timeZone;
  const add = (field: string, message: string) => problems.push({ field, message });

  const patient = getPatient(db, r.patientId);
  if (!patient) add('patientId', 'Choose a patient');
  else if (patient.archived) add('patientId', 'This patient is archived: restore the record first');
  const practitioner = getTeamMember(db, r.practitionerId);
  if (!practitioner || !practitioner.active || !canInject(practitioner))
    add('practitionerId', 'Choose a practitioner from the team');
  if (r.roomId !== null && !listRooms(db).some((room) => room.id === r.roomId && room.active))
    add('roomId', 'Choose a room from the list');

  const startsAtMs = zonedToEpochMs(r.date, r.start, tz);
  const endsAtMs = zonedToEpochMs(r.date, r.end, tz);
  if (startsAtMs === null) add('start', `${r.start} does not exist on ${r.date} (the clocks go forward)`);
  if (endsAtMs === null) add('end', `${r.end} does not exist on ${r.date} (the clocks go forward)`);

  // Opening hours, closures, days off and working hours: the same rule the calendar shades with.
  const facts = { openingHours: settings.openingHours, workingHours: listWorkingHours(db), daysOff: daysOffOn(db, r.date) };
  for (const p of hoursProblems(r.date, r.start, r.end, practitioner ?? null, facts)) add(p.field, p.message);

  if (startsAtMs !== null && endsAtMs !== null) {
    if (startsAtMs < nowMs && !r.allowPast) add('date', 'This time has already passed: confirm to record a past appointment');
    for (const c of clashes(db, { practitionerId: r.practitionerId, roomId: r.roomId, startsAtMs, endsAtMs, excludeId })) {
      const when = `${fmt(c.startsAtMs, tz)}–${fmt(c.endsAtMs, tz)}`;
      if (c.practitionerId === r.practitionerId) add('start', `${c.practitionerName} already sees ${c.patientName} at ${when}`);
      else add('roomId', `${c.roomName ?? 'The room'} is taken by ${c.patientName} at ${when}`);
    }
  }

  let rules: BookingCheck | null = null;
  const suggestions: BookingPreview['suggestions'] = [];
  if (patient) {
    const ctx = loadRulesContext(db);
    if (TREATING_TYPES.includes(r.type)) {
      if (!r.planned) add('planned', 'Say what will be given: the product and the areas');
      else if (!ctx.products.has(r.planned.product)) add('planned.product', 'Choose a product from the list');
      else if (r.planned.areas.some((a) => !ctx.areas.has(a.area))) add('planned.areas', 'Choose areas from the list');
      else {
        const req = rulesRequestFor(db, ctx, r.patientId, today, {
          booking: {
            date: r.date,
            product: r.planned.product,
            kind: r.type === 'touch_up' ? 'touch_up' : 'full',
            areas: r.planned.areas,
          },
        });
        rules = req ? (evaluateRules(req).booking ?? null) : null;
      }
    }
    const schedule = patientSchedule(db, ctx, r.patientId, today);
    if (schedule) {
      if (schedule.nextRecallDate && schedule.nextRecallDate >= today)
        suggestions.push({ date: schedule.nextRecallDate, label: 'Recall date' });
      const reviews = schedule.areas.flatMap((a) => (a.reviewDate && a.reviewDate >= today ? [a.reviewDate] : []));
      if (reviews.length) suggestions.push({ date: reviews.sort()[0]!, label: 'Review date' });
      for (const { event, plan } of schedule.events) {
        if (plan.recommendedDate)
          suggestions.push({ date: plan.recommendedDate, label: `Before ${event.label} (${event.eventOn})` });
      }
    }
  }
  return { problems, rules, suggestions, startsAtMs, endsAtMs };
}
