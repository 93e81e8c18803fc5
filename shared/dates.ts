/** Building an Intl formatter costs far more than using one: one per zone, kept. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** How far the zone's wall clock is ahead of UTC at `ms`, asked of Intl (slow). */
function offsetFromIntl(timeZone: string, ms: number): number {
  const at = Math.floor(ms / 60_000) * 60_000;
  const parts = formatter(timeZone).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute')) - at;
}

/**
 * How far the zone's wall clock is ahead of UTC at `ms`. An offset changes at most once
 * in a day, so each UTC day is asked about twice (its first and last minute) and, when the
 * two agree, the answer serves the whole day; only a transition day goes to the minute.
 * This keeps converting a month of appointments fast.
 */
const dayOffsets = new Map<string, number | null>();
const DAY_MS = 86_400_000;
function offsetMs(timeZone: string, ms: number): number {
  const day = Math.floor(ms / DAY_MS);
  const key = `${timeZone}|${day}`;
  let offset = dayOffsets.get(key);
  if (offset === undefined) {
    const first = offsetFromIntl(timeZone, day * DAY_MS);
    offset = first === offsetFromIntl(timeZone, (day + 1) * DAY_MS - 60_000) ? first : null;
    if (dayOffsets.size > 50_000) dayOffsets.clear();
    dayOffsets.set(key, offset);
  }
  return offset ?? offsetFromIntl(timeZone, ms);
}

const two = (n: number) => String(n).padStart(2, '0');

/** A calendar day "YYYY-MM-DD" as seen on the clinic's wall clock at `ms`. */
export function calendarDayIn(timeZone: string, ms: number): string {
  const wall = new Date(ms + offsetMs(timeZone, ms));
  return `${String(wall.getUTCFullYear()).padStart(4, '0')}-${two(wall.getUTCMonth() + 1)}-${two(wall.getUTCDate())}`;
}

/** "HH:MM" on the clinic's wall clock at `ms`. */
export function timeOfDayIn(timeZone: string, ms: number): string {
  const wall = new Date(ms + offsetMs(timeZone, ms));
  return `${two(wall.getUTCHours())}:${two(wall.getUTCMinutes())}`;
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
