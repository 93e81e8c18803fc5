import { z } from 'zod';
import { isValidDay } from './time';
import type { BookingCheck, Finding } from './ruleResults';
import { WEEKDAY_NAMES, WEEKDAYS, weekdayOf, type DayHours, type Weekday } from './settings';
import { areaUnitsSchema } from './treatments';

export const APPOINTMENT_TYPES = ['consultation', 'treatment', 'review', 'touch_up', 'check_in', 'other'] as const;
export type AppointmentType = (typeof APPOINTMENT_TYPES)[number];
export const APPOINTMENT_TYPE_LABELS: Record<AppointmentType, string> = {
  consultation: 'Consultation',
  treatment: 'Treatment',
  review: '2-week review',
  touch_up: 'Touch-up',
  check_in: 'Check-in',
  other: 'Other',
};
/** Types that give toxin, so the booking check of RULES.md §5 runs for them. */
export const TREATING_TYPES: readonly AppointmentType[] = ['treatment', 'touch_up'];

export const APPOINTMENT_STATUSES = ['booked', 'confirmed', 'arrived', 'completed', 'cancelled', 'no_show'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];
export const APPOINTMENT_STATUS_LABELS: Record<AppointmentStatus, string> = {
  booked: 'Booked',
  confirmed: 'Confirmed',
  arrived: 'Arrived',
  completed: 'Completed',
  cancelled: 'Cancelled',
  no_show: 'No-show',
};
/** Statuses that free the slot. */
export const RELEASED_STATUSES: readonly AppointmentStatus[] = ['cancelled', 'no_show'];

// No example: the field's hint shows the date the clinic's way (DD/MM/YYYY, MM/DD/YYYY).
const day = z.string().refine(isValidDay, 'Enter a real date');
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter a time such as 09:30');
const id = z.number().int().positive();

/** What a treatment booking plans to give: the booking check reads it. */
export const plannedTreatmentSchema = z
  .object({
    product: z.string().min(1, 'Choose the product'),
    areas: z.array(areaUnitsSchema).min(1, 'Add at least one area').max(20),
  })
  .strict();
export type PlannedTreatment = z.output<typeof plannedTreatmentSchema>;

const slot = {
  practitionerId: id,
  roomId: id.nullable(),
  date: day,
  start: time,
  end: time,
  /** The written reason for going ahead despite the booking check's warnings. */
  overrideReason: z.string().trim().max(1000, 'Keep the reason under 1000 characters'),
  /** A time in the past is refused unless the user confirmed it. */
  allowPast: z.boolean(),
};

export const bookingInputSchema = z
  .object({
    patientId: id,
    type: z.enum(APPOINTMENT_TYPES),
    planned: plannedTreatmentSchema.nullable(),
    notes: z.string().trim().max(2000, 'Keep the notes under 2000 characters'),
    ...slot,
  })
  .strict()
  .refine((b) => b.end > b.start, { message: 'The end must be after the start', path: ['end'] });
export type BookingInput = z.input<typeof bookingInputSchema>;

export const moveInputSchema = z
  .object({ id, ...slot })
  .strict()
  .refine((b) => b.end > b.start, { message: 'The end must be after the start', path: ['end'] });
export type MoveInput = z.input<typeof moveInputSchema>;

export const statusInputSchema = z
  .object({ id, status: z.enum(APPOINTMENT_STATUSES), reason: z.string().trim().max(500) })
  .strict()
  .refine((s) => s.status !== 'cancelled' || s.reason !== '', { message: 'Say why it is cancelled', path: ['reason'] });

export interface Appointment {
  id: number;
  patientId: number;
  patientName: string;
  patientPhone: string;
  practitionerId: number;
  practitionerName: string;
  roomId: number | null;
  roomName: string | null;
  type: AppointmentType;
  /** The clinic's wall-clock date and times. */
  date: string;
  start: string;
  end: string;
  startsAtMs: number;
  endsAtMs: number;
  status: AppointmentStatus;
  cancelReason: string;
  findings: Finding[];
  overrideReason: string;
  planned: PlannedTreatment | null;
  notes: string;
}

/** A free time with a practitioner that the booking dialog offers. */
export interface FreeSlot {
  date: string;
  start: string;
  end: string;
}

/** The answer to "can this be booked?", before saving: hard problems, and the rules' findings for a treatment. */
export interface BookingPreview {
  problems: { field: string; message: string }[];
  rules: BookingCheck | null;
  /** The patient's suggested dates from the rules, for the booking dialog. */
  suggestions: { date: string; label: string }[];
}

export interface Room {
  id: number;
  name: string;
  active: boolean;
}

export interface WorkingHours {
  staffId: number;
  weekday: Weekday;
  isWorking: boolean;
  starts: string;
  ends: string;
}

export interface DayOff {
  id: number;
  /** null: the whole clinic is closed. */
  staffId: number | null;
  day: string;
  reason: string;
}

export interface CalendarSetup {
  typeMinutes: Record<AppointmentType, number>;
  rooms: Room[];
  hours: WorkingHours[];
  daysOff: DayOff[];
}

export const workingHoursInputSchema = z
  .object({
    staffId: id,
    days: z
      .array(z.object({ weekday: z.enum(WEEKDAYS), isWorking: z.boolean(), starts: time, ends: time }).strict())
      .length(7)
      .refine((d) => d.every((x) => !x.isWorking || x.ends > x.starts), 'A working day must end after it starts'),
  })
  .strict();

export const dayOffInputSchema = z
  .object({ staffId: id.nullable(), day, reason: z.string().trim().min(1, 'Say why (e.g. training, bank holiday)').max(200) })
  .strict();

/** One row of the printed day or week sheet. */
export interface SheetRow {
  appointment: Appointment;
  flags: string[];
  /** The patient's last toxin treatment before this appointment: the product's brand and the day. */
  lastToxin: { product: string; on: string } | null;
}

/** What decides who can be booked when: the clinic's opening hours and the calendar's set-up. */
export interface HoursFacts {
  openingHours: readonly DayHours[];
  workingHours: readonly WorkingHours[];
  daysOff: readonly DayOff[];
}

export interface Hours {
  opens: string;
  closes: string;
}

/** Why a slot cannot be booked, at the booking form's field it concerns. */
export interface HoursProblem {
  field: 'date' | 'start' | 'practitionerId';
  message: string;
}

/**
 * The hours that can be booked on `day`: the clinic's opening hours, narrowed to the
 * practitioner's own working hours when they have set some (otherwise they work the clinic's
 * hours), or null when the clinic is closed, on a closure, or the practitioner is off or
 * does not work that weekday. With `staffId` null, the clinic's own hours. The calendar shades
 * with this and the booking check refuses with `hoursProblems`, so the two never disagree.
 */
export function bookableHours(day: string, staffId: number | null, f: HoursFacts): Hours | null {
  const weekday = weekdayOf(day);
  const clinic = f.openingHours.find((h) => h.day === weekday);
  if (!clinic?.open) return null;
  if (f.daysOff.some((o) => o.day === day && (o.staffId === null || o.staffId === staffId))) return null;
  const own = staffId === null ? undefined : f.workingHours.find((h) => h.staffId === staffId && h.weekday === weekday);
  if (!own) return { opens: clinic.opens, closes: clinic.closes };
  if (!own.isWorking) return null;
  const opens = own.starts > clinic.opens ? own.starts : clinic.opens;
  const closes = own.ends < clinic.closes ? own.ends : clinic.closes;
  return opens < closes ? { opens, closes } : null;
}

/** Why `start`–`end` on `day` cannot be booked with this practitioner, in words; empty when it can. */
export function hoursProblems(
  day: string,
  start: string,
  end: string,
  practitioner: { id: number; name: string } | null,
  f: HoursFacts,
): HoursProblem[] {
  const weekday = weekdayOf(day);
  const clinic = f.openingHours.find((h) => h.day === weekday);
  const closure = f.daysOff.find((o) => o.day === day && o.staffId === null);
  if (closure) return [{ field: 'date', message: `The clinic is closed on ${day}: ${closure.reason}` }];
  if (!clinic?.open) return [{ field: 'date', message: `The clinic is closed on ${WEEKDAY_NAMES[weekday]}s` }];
  const problems: HoursProblem[] = [];
  if (start < clinic.opens || end > clinic.closes)
    problems.push({ field: 'start', message: `Outside opening hours (${clinic.opens}–${clinic.closes})` });
  if (practitioner) {
    const off = f.daysOff.find((o) => o.day === day && o.staffId === practitioner.id);
    const own = f.workingHours.find((h) => h.staffId === practitioner.id && h.weekday === weekday);
    if (off) problems.push({ field: 'practitionerId', message: `${practitioner.name} is off on ${day}: ${off.reason}` });
    else if (own && !own.isWorking)
      problems.push({ field: 'practitionerId', message: `${practitioner.name} does not work on ${WEEKDAY_NAMES[weekday]}s` });
    else if (own && (start < own.starts || end > own.ends))
      problems.push({
        field: 'practitionerId',
        message: `${practitioner.name} works ${own.starts}–${own.ends} on ${WEEKDAY_NAMES[weekday]}s`,
      });
  }
  return problems;
}

/**
 * The part of the day a calendar view shows: from the earliest opening to the latest closing
 * of the week, widened to whole hours and to any appointment shown outside them (one booked
 * before the hours changed).
 */
export function calendarWindow(
  openingHours: readonly DayHours[],
  appointments: readonly { start: string; end: string }[],
): Hours {
  const open = openingHours.filter((h) => h.open);
  const times = [...open.flatMap((h) => [h.opens, h.closes]), ...appointments.flatMap((a) => [a.start, a.end])];
  if (times.length === 0) return { opens: '08:00', closes: '19:00' };
  const first = times.reduce((a, b) => (b < a ? b : a));
  const last = times.reduce((a, b) => (b > a ? b : a));
  const lastHour = Number(last.slice(0, 2)) + (last.endsWith(':00') ? 0 : 1);
  return { opens: `${first.slice(0, 2)}:00`, closes: lastHour >= 24 ? '23:59' : `${String(lastHour).padStart(2, '0')}:00` };
}
