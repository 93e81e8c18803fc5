import { dayParts, calendarDayIn, timeOfDayIn } from '../../../../shared/time';

/**
 * The calendar works in the clinic's wall-clock time whatever zone this computer is
 * in: a "floating" Date carries the clinic's date and time in its local fields, and is
 * turned back into a date and "HH:MM" the same way. Instants never pass through it.
 */
export function floatingDate(day: string, time: string): Date {
  const { year, month, date } = dayParts(day);
  const [h, m] = time.split(':').map(Number) as [number, number];
  return new Date(year, month - 1, date, h, m);
}

const pad = (n: number) => String(n).padStart(2, '0');

export function dayOf(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function timeOf(d: Date): string {
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The clinic's "now" as a floating Date, from the main process's clock offset. */
export function clinicNow(timeZone: string, offsetMs: number): Date {
  const ms = Date.now() + offsetMs;
  return floatingDate(calendarDayIn(timeZone, ms), timeOfDayIn(timeZone, ms));
}
