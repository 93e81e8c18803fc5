import type {
  AppointmentType,
  BookingInput,
  BookingPreview,
  CalendarSetup,
  FreeSlot,
  PlannedTreatment,
} from '../../../../shared/calendar';
import { TREATING_TYPES } from '../../../../shared/calendar';
import type { PatientSummary } from '../../../../shared/patients';
import { isValidDay, minutesOf, timeFromMinutes } from '../../../../shared/time';

/** Where the booking dialog starts: a clicked slot, a patient's page, a recall row, the review after charting. */
export interface BookingSlot {
  date: string;
  start: string;
  practitionerId: number | null;
  patient?: { id: number; name: string };
  type?: AppointmentType;
  title?: string;
  /** Start at the first free time with the practitioner from `date` (a recall row, a patient's page), not at `start`. */
  pickFirstFree?: boolean;
}

/** An answer from the main process, kept with the question it answers so a late answer to an old question is never shown. */
interface Answer<T> {
  key: string;
  value: T;
}

export interface BookingState {
  patient: { id: number; name: string } | null;
  patientText: string;
  results: PatientSummary[];
  active: number;
  type: AppointmentType;
  /**
   * The type was given (a recall row books a treatment) or chosen by the user. Until then the
   * booking takes the patient's usual type once known: a treatment for a patient treated before.
   */
  typeChosen: boolean;
  practitionerId: number | null;
  roomId: number | null;
  date: string;
  start: string;
  minutes: number;
  planned: PlannedTreatment;
  /** Whether this person says what a treatment will give (practitioners); reception's bookings are planned as last time. */
  plans: boolean;
  /** True once the user changed what will be given; "as last time" then no longer overwrites it. */
  plannedTouched: boolean;
  notes: string;
  overrideReason: string;
  allowPast: boolean;
  preview: Answer<BookingPreview> | null;
  freeSlots: Answer<FreeSlot[]> | null;
  /**
   * Still move the date and time to the first free time when one arrives: until the user picks a
   * time or types in the date or start field.
   */
  autoPick: boolean;
  /**
   * The user is in the date or start field. A first free time that arrives meanwhile is held
   * (`held`) and moves the fields only once they leave both without typing (Tab passing through):
   * a move under them would rewrite the field they are in, deselecting what they had selected to
   * replace, and what they type would be added to the moved date ("23/11/202625/11/2026").
   */
  inTimeField: boolean;
  held: FreeSlot | null;
  errors: Record<string, string>;
  message: string | null;
  busy: boolean;
}

export type BookingAction =
  | { type: 'patientText'; text: string }
  | { type: 'results'; text: string; results: PatientSummary[] }
  | { type: 'moveActive'; by: 1 | -1 }
  | { type: 'choosePatient'; patient: { id: number; name: string } }
  | { type: 'changePatient' }
  | { type: 'appointmentType'; value: AppointmentType; minutes: number }
  /** The patient's usual type (appointments.usualType), with each type's usual length. */
  | { type: 'usualType'; patientId: number; value: AppointmentType; typeMinutes: Record<AppointmentType, number> }
  | { type: 'field'; field: 'practitionerId' | 'roomId'; value: number | null }
  | { type: 'field'; field: 'date' | 'start' | 'notes' | 'overrideReason'; value: string }
  | { type: 'field'; field: 'minutes'; value: number }
  | { type: 'field'; field: 'allowPast'; value: boolean }
  /** The user went into the date or start field: a first free time is held until they leave. */
  | { type: 'whenFocused' }
  /** The user left the date or start field: a first free time held meanwhile moves them now, unless they typed. */
  | { type: 'whenLeft' }
  | { type: 'planned'; planned: PlannedTreatment }
  | { type: 'lastTime'; planned: PlannedTreatment }
  | { type: 'chooseSlot'; slot: FreeSlot }
  | { type: 'preview'; answer: Answer<BookingPreview> }
  | { type: 'freeSlots'; answer: Answer<FreeSlot[]> }
  | { type: 'submitting' }
  | { type: 'refused'; errors: Record<string, string>; message: string | null };

const emptyPlanned = (): PlannedTreatment => ({ product: 'botox', areas: [] });

export function initialBooking(slot: BookingSlot, setup: Pick<CalendarSetup, 'typeMinutes'>, plans = true): BookingState {
  const type = slot.type ?? 'consultation';
  return {
    patient: slot.patient ?? null,
    patientText: '',
    results: [],
    active: 0,
    type,
    typeChosen: slot.type !== undefined,
    practitionerId: slot.practitionerId,
    roomId: null,
    date: slot.date,
    start: slot.start,
    minutes: setup.typeMinutes[type],
    planned: emptyPlanned(),
    plans,
    plannedTouched: false,
    notes: '',
    overrideReason: '',
    allowPast: false,
    preview: null,
    freeSlots: null,
    autoPick: slot.pickFirstFree === true,
    inTimeField: false,
    held: null,
    errors: {},
    message: null,
    busy: false,
  };
}

export function bookingReducer(s: BookingState, a: BookingAction): BookingState {
  switch (a.type) {
    case 'patientText':
      // Fewer than two letters find nobody: the list empties at once.
      return { ...s, patientText: a.text, ...(a.text.trim().length < 2 ? { results: [], active: 0 } : {}) };
    case 'results':
      return a.text === s.patientText && !s.patient ? { ...s, results: a.results.slice(0, 8), active: 0 } : s;
    case 'moveActive':
      return { ...s, active: Math.max(0, Math.min(s.results.length - 1, s.active + a.by)) };
    case 'choosePatient': {
      const { patientId: _dropped, ...errors } = s.errors;
      return { ...s, patient: a.patient, results: [], active: 0, planned: emptyPlanned(), plannedTouched: false, errors };
    }
    case 'changePatient':
      return { ...s, patient: null, planned: emptyPlanned(), plannedTouched: false };
    case 'appointmentType':
      return { ...s, type: a.value, minutes: a.minutes, typeChosen: true, errors: without(s.errors, 'type', ...WHEN_AND_WHERE) };
    case 'usualType': {
      if (s.typeChosen || s.patient?.id !== a.patientId || s.type === a.value) return s;
      // The length goes with the type, unless the user changed it.
      const minutes = s.minutes === a.typeMinutes[s.type] ? a.typeMinutes[a.value] : s.minutes;
      return { ...s, type: a.value, minutes, errors: without(s.errors, 'type', ...WHEN_AND_WHERE) };
    }
    case 'field':
      return {
        ...s,
        [a.field]: a.value,
        // What a refused booking said of when, with whom and where no longer holds once any of
        // them changes (a clash at 10:15 is not one on another day); the check says anew what does.
        errors: without(s.errors, a.field, ...(WHEN_AND_WHERE.includes(a.field) ? WHEN_AND_WHERE : [])),
        ...(a.field === 'date' || a.field === 'start' ? { autoPick: false, held: null } : {}),
      };
    case 'whenFocused':
      return s.inTimeField ? s : { ...s, inTimeField: true };
    case 'whenLeft':
      return s.autoPick && s.held
        ? movedTo({ ...s, inTimeField: false, held: null }, s.held)
        : { ...s, inTimeField: false, held: null };
    case 'planned':
      return { ...s, planned: a.planned, plannedTouched: true };
    case 'lastTime':
      return s.plannedTouched ? s : { ...s, planned: a.planned };
    case 'chooseSlot':
      return {
        ...s,
        errors: without(s.errors, ...WHEN_AND_WHERE),
        date: a.slot.date,
        start: a.slot.start,
        minutes: minutesOf(a.slot.end) - minutesOf(a.slot.start),
        autoPick: false,
        held: null,
      };
    case 'preview':
      return { ...s, preview: a.answer };
    case 'freeSlots': {
      const first = a.answer.value[0];
      if (!s.autoPick || !first || a.answer.key !== freeSlotsKey(s)) return { ...s, freeSlots: a.answer };
      if (s.inTimeField) return { ...s, freeSlots: a.answer, held: first };
      // The first free time becomes the proposal.
      return movedTo({ ...s, freeSlots: a.answer }, first);
    }
    case 'submitting':
      return { ...s, busy: true, message: null };
    case 'refused':
      return { ...s, busy: false, errors: a.errors, message: a.message };
  }
}

/** The fields a booking's clashes and hours are checked on (the length's errors are the end's). */
const WHEN_AND_WHERE = ['date', 'start', 'minutes', 'end', 'practitionerId', 'roomId'];

/** Errors with those of some fields left out. */
function without(errors: Record<string, string>, ...fields: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).filter(([field]) => !fields.includes(field)));
}

/**
 * The date and time moved to the first free time. The list stays shown: every time in it is on or
 * after the first one's day, so it is the list for the new day too (asked again all the same), and
 * a click on one of its times is never lost to the list being redrawn under the pointer.
 */
function movedTo(s: BookingState, first: FreeSlot): BookingState {
  const moved = { ...s, date: first.date, start: first.start, errors: without(s.errors, ...WHEN_AND_WHERE) };
  const key = freeSlotsKey(moved);
  return s.freeSlots && key !== null ? { ...moved, freeSlots: { key, value: s.freeSlots.value } } : moved;
}

export const isTreating = (s: Pick<BookingState, 'type'>) => TREATING_TYPES.includes(s.type);

/** The end of the appointment on the same day ("23:59" at the latest). */
export function endOf(s: Pick<BookingState, 'start' | 'minutes'>): string {
  const m = minutesOf(s.start) + s.minutes;
  return Number.isFinite(m) && m < 24 * 60 ? timeFromMinutes(m) : '23:59';
}

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The booking as the main process takes it, or null while a patient or practitioner is still missing. */
export function bookingInput(s: BookingState): BookingInput | null {
  if (!s.patient || s.practitionerId === null) return null;
  return {
    patientId: s.patient.id,
    type: s.type,
    practitionerId: s.practitionerId,
    roomId: s.roomId,
    date: s.date,
    start: s.start,
    end: endOf(s),
    planned: isTreating(s) && s.plans ? s.planned : null,
    notes: s.notes,
    overrideReason: s.overrideReason,
    allowPast: s.allowPast,
  };
}

/**
 * The question to ask for a preview: only a complete booking is checked, and the answer is shown
 * while it still matches. Notes and the override reason change nothing the check reads, so typing
 * them neither asks again nor hides the findings.
 */
export function previewKey(s: BookingState): string | null {
  const input = bookingInput(s);
  if (!input || !isValidDay(input.date) || !CLOCK.test(input.start) || !(input.end > input.start)) return null;
  if (isTreating(s) && s.plans && s.planned.areas.some((a) => !(a.units > 0))) return null;
  return JSON.stringify({ ...input, notes: '', overrideReason: '' });
}

/** The question for the next free times: with whom, for how long, from which day. */
export function freeSlotsKey(s: BookingState): string | null {
  if (!s.patient || s.practitionerId === null || !isValidDay(s.date) || !(s.minutes >= 5 && s.minutes <= 480)) return null;
  return JSON.stringify({
    patientId: s.patient.id,
    practitionerId: s.practitionerId,
    from: s.date,
    minutes: s.minutes,
    count: 3,
  });
}

export function shownPreview(s: BookingState): BookingPreview | null {
  return s.preview && s.preview.key === previewKey(s) ? s.preview.value : null;
}

export function shownFreeSlots(s: BookingState): FreeSlot[] | null {
  return s.freeSlots && s.freeSlots.key === freeSlotsKey(s) ? s.freeSlots.value : null;
}

/** The check's word that the time has passed, which the dialog asks about with a checkbox of its own. */
export const isPastTime = (message: string) => message.startsWith('This time has already passed');

/**
 * The problems of the last answer of the booking's check, while the booking is complete enough to
 * check: the answer to the booking as it stands, or, while a changed booking is being checked
 * again, the one before (a past time left out: it has a checkbox of its own).
 */
export function checkedProblems(s: BookingState): BookingPreview['problems'] {
  if (previewKey(s) === null || !s.preview) return [];
  return s.preview.value.problems.filter((p) => !isPastTime(p.message));
}

/** What the dialog says is in the way, and what it asks before booking. */
export function verdict(s: BookingState) {
  const preview = shownPreview(s);
  const treating = isTreating(s);
  const warn = preview?.rules?.findings.some((f) => f.severity === 'warn') ?? false;
  const blocked = treating && preview?.rules?.verdict === 'block';
  const pastProblem = preview?.problems.find((p) => p.field === 'date' && isPastTime(p.message));
  return {
    preview,
    warn,
    blocked,
    pastProblem,
    problems: preview?.problems.filter((p) => p !== pastProblem) ?? [],
    canBook: !s.busy && !blocked && !(treating && warn && s.overrideReason.trim() === ''),
  };
}
