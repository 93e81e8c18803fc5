/** A calendar day "YYYY-MM-DD" as seen on the clinic's wall clock at `ms`. */
export function calendarDayIn(timeZone: string, ms: number): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(
    new Date(ms),
  );
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

const WEEKDAY_LONG = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const MONTH_LONG = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** Parses "YYYY-MM-DD" into its parts; the day arithmetic helpers build on it. */
export function dayParts(day: string): { year: number; month: number; date: number } {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return { year, month, date };
}

/** 0 = Sunday … 6 = Saturday, computed on the calendar date alone (no time zone involved). */
export function weekdayIndex(day: string): number {
  const { year, month, date } = dayParts(day);
  return new Date(Date.UTC(year, month - 1, date)).getUTCDay();
}

/** "Sunday 22 November 2026": the same text in every locale and zone, for headers and printouts. */
export function formatLongDate(day: string): string {
  const { year, month, date } = dayParts(day);
  return `${WEEKDAY_LONG[weekdayIndex(day)]} ${date} ${MONTH_LONG[month - 1]} ${year}`;
}

/** "HH:MM" on the clinic's wall clock at `ms`. */
export function timeOfDayIn(timeZone: string, ms: number): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${get('hour')}:${get('minute')}`;
}
