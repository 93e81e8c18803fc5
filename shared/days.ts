/**
 * Calendar-day arithmetic on "YYYY-MM-DD" strings. Days are counted with the civil
 * calendar algorithm on plain integers, never through Date or milliseconds, so no
 * time zone or daylight-saving change can move a result.
 */

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/** True for a real date written as YYYY-MM-DD (so "2026-02-30" is false). */
export function isValidDay(text: unknown): text is string {
  if (typeof text !== 'string') return false;
  const m = text.match(DAY_PATTERN);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return y >= 1 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** Days since 1970-01-01 of a civil date (proleptic Gregorian). */
export function dayNumber(day: string): number {
  const m = day.match(DAY_PATTERN);
  if (!m) throw new Error(`Not a calendar date: ${day}`);
  let y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  y -= mo <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

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
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
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

/**
 * Age in completed years on `on`. Someone born on 29 February has their birthday on
 * 1 March in years that are not leap years.
 */
export function ageOn(dob: string, on: string): number {
  const [by, bm, bd] = dob.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  let birthdayMonth = bm;
  let birthdayDay = bd;
  if (bm === 2 && bd === 29 && !isLeapYear(y)) {
    birthdayMonth = 3;
    birthdayDay = 1;
  }
  const hadBirthday = m > birthdayMonth || (m === birthdayMonth && d >= birthdayDay);
  return y - by - (hadBirthday ? 0 : 1);
}
