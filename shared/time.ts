/**
 * Every piece of date and time the app works out, in one place:
 *
 * - **Calendar days** ("YYYY-MM-DD") are counted with the civil-calendar algorithm on plain
 *   integers, never through Date or milliseconds, so no time zone or daylight-saving change
 *   can move a result. The scheduling rules use only these.
 * - **Times of day** ("HH:MM") are minutes since midnight.
 * - **Instants** (milliseconds since 1970 UTC) meet days and times only through the clinic's
 *   time zone, by one offset function asked of Intl. A wall-clock time skipped when the
 *   clocks go forward has no instant (null); one repeated when they go back is the first.
 */

// ---- calendar days -----------------------------------------------------------------------

/** The number written in `text` from `from` to `to`, or -1 where that is not all digits. */
function digitsAt(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) - 48;
    if (!(c >= 0 && c <= 9)) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** Written YYYY-MM-DD with its hyphens in place (the digits checked by digitsAt). */
function dayShaped(text: string): boolean {
  return text.length === 10 && text[4] === '-' && text[7] === '-';
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/** True for a real date written as YYYY-MM-DD (so "2026-02-30" is false). */
export function isValidDay(text: unknown): text is string {
  if (typeof text !== 'string' || !dayShaped(text)) return false;
  const [y, mo, d] = [digitsAt(text, 0, 4), digitsAt(text, 5, 7), digitsAt(text, 8, 10)];
  return y >= 1 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** Parses "YYYY-MM-DD" into its parts. */
export function dayParts(day: string): { year: number; month: number; date: number } {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return { year, month, date };
}

/** Days since 1970-01-01 of a civil date (proleptic Gregorian). */
export function dayNumber(day: string): number {
  // Read digit by digit: the rules call this for every date they compare, and a pattern match
  // made three strings and an array each time (a tenth of a rebuild of every summary).
  let y = dayShaped(day) ? digitsAt(day, 0, 4) : -1;
  const mo = digitsAt(day, 5, 7);
  const d = digitsAt(day, 8, 10);
  if (y < 0 || mo < 0 || d < 0) throw new Error(`Not a calendar date: ${day}`);
  y -= mo <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const two = (n: number) => String(n).padStart(2, '0');

/** The civil date of a day number. */
export function dayFromNumber(n: number): string {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${two(m)}-${two(d)}`;
}

export function addDays(day: string, days: number): string {
  return dayFromNumber(dayNumber(day) + days);
}

/** `later − earlier` in whole days. */
export function daysBetween(earlier: string, later: string): number {
  return dayNumber(later) - dayNumber(earlier);
}

export function maxDay(...days: string[]): string {
  return days.reduce((a, b) => (b > a ? b : a));
}

export function minDay(...days: string[]): string {
  return days.reduce((a, b) => (b < a ? b : a));
}

/** 0 = Sunday … 6 = Saturday, from the day number alone (1970-01-01 was a Thursday). */
export function weekdayIndex(day: string): number {
  return (((dayNumber(day) + 4) % 7) + 7) % 7;
}

/**
 * Age in completed years on `on`. Someone born on 29 February has their birthday on
 * 1 March in years that are not leap years.
 */
export function ageOn(dob: string, on: string): number {
  const { year: by, month: bm, date: bd } = dayParts(dob);
  const { year: y, month: m, date: d } = dayParts(on);
  let birthdayMonth = bm;
  let birthdayDay = bd;
  if (bm === 2 && bd === 29 && !isLeapYear(y)) {
    birthdayMonth = 3;
    birthdayDay = 1;
  }
  const hadBirthday = m > birthdayMonth || (m === birthdayMonth && d >= birthdayDay);
  return y - by - (hadBirthday ? 0 : 1);
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

/** "Sunday 22 November 2026": the same text in every locale and zone, for headers and printouts. */
export function formatLongDate(day: string): string {
  const { year, month, date } = dayParts(day);
  return `${WEEKDAY_LONG[weekdayIndex(day)]} ${date} ${MONTH_LONG[month - 1]} ${year}`;
}

// ---- times of day ------------------------------------------------------------------------

/** Minutes since midnight of "HH:MM". */
export function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/** "HH:MM" of minutes since midnight. */
export function timeFromMinutes(minutes: number): string {
  return `${two(Math.floor(minutes / 60))}:${two(minutes % 60)}`;
}

// ---- instants in the clinic's time zone ---------------------------------------------------

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

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

/** The zone's offset at `ms` asked of Intl (slow; zoneOffsetMs caches it). */
function offsetFromIntl(timeZone: string, ms: number): number {
  const at = Math.floor(ms / MINUTE_MS) * MINUTE_MS;
  const parts = formatter(timeZone).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute')) - at;
}

const dayOffsets = new Map<string, number | null>();

/**
 * How far the zone's wall clock is ahead of UTC at `ms`, in milliseconds: the only place the
 * app asks. An offset changes at most once in a UTC day, so each day is asked about twice (its
 * first and last minute) and, when the two agree, the answer serves the whole day; only a
 * transition day goes to the minute. This keeps converting a month of appointments fast.
 */
export function zoneOffsetMs(timeZone: string, ms: number): number {
  const day = Math.floor(ms / DAY_MS);
  const key = `${timeZone}|${day}`;
  let offset = dayOffsets.get(key);
  if (offset === undefined) {
    const first = offsetFromIntl(timeZone, day * DAY_MS);
    offset = first === offsetFromIntl(timeZone, (day + 1) * DAY_MS - MINUTE_MS) ? first : null;
    if (dayOffsets.size > 50_000) dayOffsets.clear();
    dayOffsets.set(key, offset);
  }
  return offset ?? offsetFromIntl(timeZone, ms);
}

/** The clinic's wall-clock day and time at `ms`. */
export function epochMsToZoned(ms: number, timeZone: string): { day: string; time: string } {
  const wall = new Date(ms + zoneOffsetMs(timeZone, ms));
  return {
    day: `${String(wall.getUTCFullYear()).padStart(4, '0')}-${two(wall.getUTCMonth() + 1)}-${two(wall.getUTCDate())}`,
    time: `${two(wall.getUTCHours())}:${two(wall.getUTCMinutes())}`,
  };
}

/** The calendar day "YYYY-MM-DD" on the clinic's wall clock at `ms`. */
export function calendarDayIn(timeZone: string, ms: number): string {
  return epochMsToZoned(ms, timeZone).day;
}

/** "HH:MM" on the clinic's wall clock at `ms`. */
export function timeOfDayIn(timeZone: string, ms: number): string {
  return epochMsToZoned(ms, timeZone).time;
}

/**
 * The instant at which the clinic's wall clock shows `day` `time` ("HH:MM"). Returns null
 * for a time that does not exist there (skipped when the clocks go forward). In the hour
 * repeated when the clocks go back, the first of the two is chosen.
 */
export function zonedToEpochMs(day: string, time: string, timeZone: string): number | null {
  const { year, month, date } = dayParts(day);
  const [h, m] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(year, month - 1, date, h, m);
  // The offsets in force a day either side: one of them is right unless the time is skipped.
  const candidates = [...new Set([zoneOffsetMs(timeZone, wall - DAY_MS), zoneOffsetMs(timeZone, wall + DAY_MS)])]
    .map((off) => wall - off)
    .sort((a, b) => a - b);
  for (const ms of candidates) {
    const shown = epochMsToZoned(ms, timeZone);
    if (shown.day === day && shown.time === time) return ms;
  }
  return null;
}

/**
 * The instants [start, end) of the clinic's days `from` to `to` inclusive: 23 or 25 hours on
 * the days the clocks change. A midnight that does not exist (a zone that changes its clocks
 * at midnight) starts the day at the first minute that does.
 */
export function dayRangeMs(from: string, to: string, timeZone: string): [number, number] {
  return [startOfDayMs(from, timeZone), startOfDayMs(addDays(to, 1), timeZone)];
}

function startOfDayMs(day: string, timeZone: string): number {
  for (let minute = 0; minute < 24 * 60; minute += 15) {
    const ms = zonedToEpochMs(day, timeFromMinutes(minute), timeZone);
    if (ms !== null) return ms;
  }
  throw new Error(`${day} has no time of day in ${timeZone}`);
}
