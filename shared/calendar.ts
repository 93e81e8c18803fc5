import { z } from 'zod';
import { isValidDay } from './days';
import type { BookingCheck, Finding } from './ruleResults';
import { WEEKDAYS, type Weekday } from './settings';
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

const day = z.string().refine(isValidDay, 'Enter a real date such as 2026-11-23');
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
  lastToxin: string | null;
}
