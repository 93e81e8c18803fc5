import { isValidDay } from './time';

/**
 * The clinic's country and language decide how every date and time is written, which paper
 * the printouts use and how phone numbers are read. One table, one set of formatters: the
 * screens, the printouts and the exports all ask here.
 */
export interface Country {
  /** ISO 3166-1 alpha-2. */
  code: string;
  name: string;
  /** International calling code, digits only ("44"). */
  callingCode: string;
  /** The national trunk prefix dialled before an area code at home ("0"), or "" where there is none. */
  trunk: string;
  paper: PaperSize;
}

export type PaperSize = 'A4' | 'Letter';

/** Countries whose offices print on US Letter; everywhere else uses A4. */
const LETTER = new Set(['US', 'CA', 'MX', 'PH', 'CL', 'CO']);

// code, name, calling code, trunk prefix
const TABLE: [string, string, string, string][] = [
  ['AE', 'United Arab Emirates', '971', '0'],
  ['AR', 'Argentina', '54', '0'],
  ['AT', 'Austria', '43', '0'],
  ['AU', 'Australia', '61', '0'],
  ['BE', 'Belgium', '32', '0'],
  ['BR', 'Brazil', '55', '0'],
  ['CA', 'Canada', '1', '1'],
  ['CH', 'Switzerland', '41', '0'],
  ['CL', 'Chile', '56', ''],
  ['CN', 'China', '86', '0'],
  ['CO', 'Colombia', '57', ''],
  ['CY', 'Cyprus', '357', ''],
  ['CZ', 'Czechia', '420', ''],
  ['DE', 'Germany', '49', '0'],
  ['DK', 'Denmark', '45', ''],
  ['ES', 'Spain', '34', ''],
  ['FI', 'Finland', '358', '0'],
  ['FR', 'France', '33', '0'],
  ['GB', 'United Kingdom', '44', '0'],
  ['GR', 'Greece', '30', ''],
  ['HK', 'Hong Kong', '852', ''],
  ['HU', 'Hungary', '36', '06'],
  ['IE', 'Ireland', '353', '0'],
  ['IL', 'Israel', '972', '0'],
  ['IN', 'India', '91', '0'],
  ['IS', 'Iceland', '354', ''],
  ['IT', 'Italy', '39', ''],
  ['JP', 'Japan', '81', '0'],
  ['KR', 'South Korea', '82', '0'],
  ['LU', 'Luxembourg', '352', ''],
  ['MT', 'Malta', '356', ''],
  ['MX', 'Mexico', '52', ''],
  ['MY', 'Malaysia', '60', '0'],
  ['NL', 'Netherlands', '31', '0'],
  ['NO', 'Norway', '47', ''],
  ['NZ', 'New Zealand', '64', '0'],
  ['PH', 'Philippines', '63', '0'],
  ['PL', 'Poland', '48', ''],
  ['PT', 'Portugal', '351', ''],
  ['RO', 'Romania', '40', '0'],
  ['SA', 'Saudi Arabia', '966', '0'],
  ['SE', 'Sweden', '46', '0'],
  ['SG', 'Singapore', '65', ''],
  ['TH', 'Thailand', '66', '0'],
  ['TR', 'Türkiye', '90', '0'],
  ['UA', 'Ukraine', '380', '0'],
  ['US', 'United States', '1', '1'],
  ['ZA', 'South Africa', '27', '0'],
];

export const COUNTRIES: readonly Country[] = TABLE.map(([code, name, callingCode, trunk]) => ({
  code,
  name,
  callingCode,
  trunk,
  paper: LETTER.has(code) ? 'Letter' : 'A4',
}));
export const COUNTRY_CODES = COUNTRIES.map((c) => c.code) as [string, ...string[]];

/** Languages dates can be written in (month and weekday names); the screens themselves are in English. */
export const LANGUAGES = [
  ['en', 'English'],
  ['fr', 'French'],
  ['de', 'German'],
  ['es', 'Spanish'],
  ['it', 'Italian'],
  ['nl', 'Dutch'],
  ['pt', 'Portuguese'],
  ['sv', 'Swedish'],
  ['da', 'Danish'],
  ['nb', 'Norwegian'],
  ['pl', 'Polish'],
] as const;
export type Language = (typeof LANGUAGES)[number][0];
export const LANGUAGE_CODES = LANGUAGES.map(([code]) => code) as unknown as [Language, ...Language[]];

export function countryOf(code: string): Country {
  return COUNTRIES.find((c) => c.code === code) ?? COUNTRIES.find((c) => c.code === 'GB')!;
}

/**
 * A new clinic's country before the owner chooses one: from the computer's time zone where it
 * names one country, else from its locale's region, else the United Kingdom.
 */
export function guessCountry(timeZone: string, locale?: string): string {
  const byZone = ZONE_COUNTRY[timeZone] ?? (timeZone.startsWith('Australia/') ? 'AU' : undefined);
  if (byZone) return byZone;
  const region = locale?.split(/[-_]/)[1]?.toUpperCase();
  return region && COUNTRIES.some((c) => c.code === region) ? region : 'GB';
}

const ZONE_COUNTRY: Record<string, string> = {
  'Europe/London': 'GB',
  'Europe/Belfast': 'GB',
  'Europe/Dublin': 'IE',
  'Europe/Paris': 'FR',
  'Europe/Berlin': 'DE',
  'Europe/Madrid': 'ES',
  'Europe/Rome': 'IT',
  'Europe/Lisbon': 'PT',
  'Europe/Amsterdam': 'NL',
  'Europe/Brussels': 'BE',
  'Europe/Zurich': 'CH',
  'Europe/Vienna': 'AT',
  'Europe/Stockholm': 'SE',
  'Europe/Oslo': 'NO',
  'Europe/Copenhagen': 'DK',
  'Europe/Helsinki': 'FI',
  'Europe/Warsaw': 'PL',
  'Europe/Prague': 'CZ',
  'Europe/Athens': 'GR',
  'Europe/Istanbul': 'TR',
  'Europe/Bucharest': 'RO',
  'Europe/Budapest': 'HU',
  'Europe/Kyiv': 'UA',
  'Europe/Kiev': 'UA',
  'Europe/Luxembourg': 'LU',
  'Europe/Malta': 'MT',
  'Asia/Nicosia': 'CY',
  'Atlantic/Reykjavik': 'IS',
  'Asia/Jerusalem': 'IL',
  'Asia/Dubai': 'AE',
  'Asia/Riyadh': 'SA',
  'Asia/Kolkata': 'IN',
  'Asia/Calcutta': 'IN',
  'Asia/Singapore': 'SG',
  'Asia/Hong_Kong': 'HK',
  'Asia/Tokyo': 'JP',
  'Asia/Seoul': 'KR',
  'Asia/Shanghai': 'CN',
  'Asia/Kuala_Lumpur': 'MY',
  'Asia/Bangkok': 'TH',
  'Asia/Manila': 'PH',
  'Africa/Johannesburg': 'ZA',
  'America/Sao_Paulo': 'BR',
  'America/Mexico_City': 'MX',
  'America/Argentina/Buenos_Aires': 'AR',
  'America/Santiago': 'CL',
  'America/Bogota': 'CO',
  'America/New_York': 'US',
  'America/Chicago': 'US',
  'America/Denver': 'US',
  'America/Phoenix': 'US',
  'America/Los_Angeles': 'US',
  'America/Anchorage': 'US',
  'America/Detroit': 'US',
  'Pacific/Honolulu': 'US',
  'America/Toronto': 'CA',
  'America/Vancouver': 'CA',
  'America/Edmonton': 'CA',
  'America/Winnipeg': 'CA',
  'America/Halifax': 'CA',
  'America/St_Johns': 'CA',
  'America/Regina': 'CA',
  'Pacific/Auckland': 'NZ',
};

export interface LocaleChoice {
  country: string;
  language: Language;
}

/** How the clinic writes dates and times, built once per setting and shared by every screen and printout. */
export interface ClinicFormat {
  /** A BCP 47 tag such as "en-GB". */
  locale: string;
  paper: PaperSize;
  /** True where the clinic's country reads the clock in AM/PM. */
  hour12: boolean;
  /** "22 Nov 2026" (en-GB), "Nov 22, 2026" (en-US): dates in lists, tables and labels. */
  date: (day: string) => string;
  /** "Sunday 22 November 2026": headings and printouts. */
  longDate: (day: string) => string;
  /** "Sun 22 Nov": compact day labels where the year is plain from the context. */
  shortDay: (day: string) => string;
  /** "22/11/2026" (en-GB), "11/22/2026" (en-US): what a date field shows and accepts. */
  numericDate: (day: string) => string;
  /** The numeric date's pattern, for a field's hint: "DD/MM/YYYY". */
  datePattern: string;
  /** "14:30" or "2:30 PM" from a wall-clock "HH:MM". */
  time: (hhmm: string) => string;
  /** "22 Nov 2026, 14:30" */
  dateTime: (day: string, hhmm: string) => string;
  /**
   * What someone typed in a date field, as "YYYY-MM-DD"; ISO dates are always accepted. Null when it
   * is not a real date. While typing (`finished` false) the year must have four digits from 1900 on,
   * so "22/11/20" on its way to 2026 is not taken for 2020; a finished entry may give two ("22/11/26").
   */
  parseDate: (text: string, finished?: boolean) => string | null;
  /** A message with calendar days in it (YYYY-MM-DD, as the rules and refusals write them), its days written the clinic's way. */
  text: (message: string) => string;
  /** What someone typed in a time field ("14:30", "2.30 pm", "930", "9"), as "HH:MM"; null when it is not a time. */
  parseTime: (text: string) => string | null;
}

const cache = new Map<string, ClinicFormat>();

function utcDate(day: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(2000, m - 1, d));
  date.setUTCFullYear(y);
  return date;
}

/** The formats for a clinic's country and language. Calendar days are formatted as UTC dates, so no zone can move them. */
export function clinicFormat(choice: LocaleChoice): ClinicFormat {
  const locale = `${choice.language}-${countryOf(choice.country).code}`;
  const hit = cache.get(locale);
  if (hit) return hit;
  const made = buildFormat(locale, countryOf(choice.country).paper);
  cache.set(locale, made);
  return made;
}

function buildFormat(locale: string, paper: PaperSize): ClinicFormat {
  const base = { timeZone: 'UTC' } as const;
  const medium = new Intl.DateTimeFormat(locale, { ...base, day: 'numeric', month: 'short', year: 'numeric' });
  const long = new Intl.DateTimeFormat(locale, { ...base, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  const short = new Intl.DateTimeFormat(locale, { ...base, weekday: 'short', day: 'numeric', month: 'short' });
  const numeric = new Intl.DateTimeFormat(locale, { ...base, day: '2-digit', month: '2-digit', year: 'numeric' });
  const hour12 = new Intl.DateTimeFormat(locale, { ...base, hour: 'numeric' }).resolvedOptions().hour12 === true;
  // A 24-hour clock always has two digits for the hour ("09:00"), whatever the browser's ICU prefers.
  const clock = new Intl.DateTimeFormat(locale, { ...base, hour: hour12 ? 'numeric' : '2-digit', minute: '2-digit', hour12 });

  // The numeric date's field order and separator, read from the locale itself.
  const parts = numeric.formatToParts(utcDate('2026-11-22'));
  const order = parts.filter((p) => p.type === 'day' || p.type === 'month' || p.type === 'year').map((p) => p.type);
  const separator = parts.find((p) => p.type === 'literal')?.value ?? '/';
  const datePattern = order.map((t) => (t === 'day' ? 'DD' : t === 'month' ? 'MM' : 'YYYY')).join(separator.trim() || '/');

  const time = (hhmm: string) => {
    const [h, m] = hhmm.split(':').map(Number) as [number, number];
    if (!Number.isInteger(h) || !Number.isInteger(m)) return hhmm;
    // No-break spaces keep "2:30 PM" together; a time never breaks across lines.
    return clock.format(new Date(Date.UTC(2026, 0, 1, h, m))).replace(/\s/g, '\u00a0');
  };
  const guard = (fmt: (day: string) => string) => (day: string) => (isValidDay(day) ? fmt(day) : day);

  return {
    locale,
    paper,
    hour12,
    date: guard((d) => medium.format(utcDate(d))),
    longDate: guard((d) => long.format(utcDate(d))),
    shortDay: guard((d) => short.format(utcDate(d))),
    numericDate: guard((d) => numeric.format(utcDate(d))),
    datePattern,
    time,
    dateTime: (day, hhmm) => `${isValidDay(day) ? medium.format(utcDate(day)) : day}, ${time(hhmm)}`,
    parseDate: (text, finished = true) => parseDate(text, order, finished),
    text: (message) => message.replace(/\b\d{4}-\d{2}-\d{2}\b/g, (day) => (isValidDay(day) ? medium.format(utcDate(day)) : day)),
    parseTime,
  };
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function parseDate(text: string, order: string[], finished: boolean): string | null {
  const t = text.trim();
  // (Asked in an expression: isValidDay's type guard would otherwise narrow `t` to never below.)
  const iso = isValidDay(t) ? t : null;
  if (iso !== null) return iso;
  const fields = t.split(/[^0-9]+/).filter(Boolean);
  if (fields.length !== 3) return null;
  const value: Record<string, number> = {};
  order.forEach((type, i) => (value[type] = Number(fields[i])));
  let year = value.year!;
  const yearDigits = fields[order.indexOf('year')]!.length;
  if (yearDigits <= 2 && finished)
    year += 2000; // a two-digit year is this century's
  else if (yearDigits !== 4 || year < 1900) return null;
  const day = `${pad(year, 4)}-${pad(value.month!)}-${pad(value.day!)}`;
  return isValidDay(day) ? day : null;
}

function parseTime(text: string): string | null {
  const t = text
    .trim()
    .toLowerCase()
    .replace(/(\d)\.(\d)/, '$1:$2');
  const m = t.match(/^(\d{1,2})(?::?(\d{2}))?\s*(a|p)?\.?\s*m?\.?$/);
  if (!m) return null;
  let h = Number(m[1]);
  const min = m[2] === undefined ? 0 : Number(m[2]);
  if (m[3]) {
    if (h < 1 || h > 12) return null;
    h = (h % 12) + (m[3] === 'p' ? 12 : 0);
  }
  if (h > 23 || min > 59) return null;
  return `${pad(h)}:${pad(min)}`;
}

/** A clinic's format for places that have no settings at hand (tests, fallbacks): British English. */
export const DEFAULT_LOCALE: LocaleChoice = { country: 'GB', language: 'en' };
