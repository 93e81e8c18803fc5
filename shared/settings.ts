import { z } from 'zod';
import { COUNTRY_CODES, LANGUAGE_CODES } from './locale';
import { weekdayIndex } from './time';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** The weekday code ("mon" … "sun") of a calendar day "YYYY-MM-DD". */
export function weekdayOf(day: string): Weekday {
  return WEEKDAYS[(weekdayIndex(day) + 6) % 7]!;
}
export type Weekday = (typeof WEEKDAYS)[number];
export const WEEKDAY_NAMES: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

/** The canonical IANA name of a zone, or null when the runtime does not know it. */
export function canonicalTimeZone(name: string): string | null {
  if (name.trim() === '') return null;
  try {
    return new Intl.DateTimeFormat('en-GB', { timeZone: name.trim() }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

export const CALENDAR_NAME_STYLES = ['initials', 'full'] as const;
export type CalendarNameStyle = (typeof CALENDAR_NAME_STYLES)[number];

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use a 24-hour time such as 09:00');

export const dayHoursSchema = z
  .object({
    day: z.enum(WEEKDAYS),
    open: z.boolean(),
    opens: clockTime,
    closes: clockTime,
  })
  .strict()
  .superRefine((hours, ctx) => {
    // "HH:MM" strings compare correctly as text.
    if (hours.open && hours.closes <= hours.opens) {
      ctx.addIssue({ code: 'custom', path: ['closes'], message: 'Closing time must be after opening time' });
    }
  });
export type DayHours = z.output<typeof dayHoursSchema>;

export const clinicSettingsSchema = z
  .object({
    name: z.string().trim().min(1, 'Enter the clinic name').max(120, 'Keep the name under 120 characters'),
    address: z.string().trim().max(500, 'Keep the address under 500 characters'),
    phone: z
      .string()
      .trim()
      .max(40, 'Keep the phone number under 40 characters')
      .regex(/^[+0-9 ()-]*$/, 'Use digits, spaces, +, - and brackets only'),
    timeZone: z.string().transform((name, ctx) => {
      const canonical = canonicalTimeZone(name);
      if (canonical === null) {
        ctx.addIssue({ code: 'custom', message: `“${name}” is not a time zone: choose one such as Europe/London` });
        return z.NEVER;
      }
      return canonical;
    }),
    /**
     * ISO 3166 code of the clinic's country: how dates, times and phone numbers are written and
     * which paper printouts use (shared/locale.ts). Stored '' until chosen; read back as a guess
     * from the computer's time zone until then, so a form always shows one.
     */
    country: z.enum(COUNTRY_CODES, { error: 'Choose the clinic’s country' }),
    /** Month and weekday names in dates (the screens stay in English). */
    language: z.enum(LANGUAGE_CODES, { error: 'Choose a language for dates' }).default('en'),
    /** How calendar exports (.ics) name patients: initials by default, since calendars synced to phones leave the clinic. */
    calendarNames: z.enum(CALENDAR_NAME_STYLES).default('initials'),
    openingHours: z
      .array(dayHoursSchema)
      .length(7, 'Give opening hours for all seven days')
      .superRefine((days, ctx) => {
        days.forEach((d, i) => {
          if (d.day !== WEEKDAYS[i]) {
            ctx.addIssue({ code: 'custom', path: [i, 'day'], message: `Day ${i + 1} must be ${WEEKDAY_NAMES[WEEKDAYS[i]!]}` });
          }
        });
      }),
  })
  .strict();

export type ClinicSettings = z.output<typeof clinicSettingsSchema>;
export type ClinicSettingsInput = z.input<typeof clinicSettingsSchema>;

export function defaultOpeningHours(): DayHours[] {
  return WEEKDAYS.map((day) => ({
    day,
    open: day !== 'sun',
    opens: day === 'sat' ? '10:00' : '09:00',
    closes: day === 'sat' ? '16:00' : '18:00',
  }));
}
