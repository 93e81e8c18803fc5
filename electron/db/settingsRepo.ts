import { guessCountry, type Language } from '../../shared/locale';
import type { CalendarNameStyle, ClinicSettings, DayHours, Weekday } from '../../shared/settings';
import { WEEKDAYS, defaultOpeningHours } from '../../shared/settings';
import type { Db } from './connection';

interface SettingsRow {
  name: string;
  address: string;
  phone: string;
  time_zone: string;
  country: string;
  language: Language;
  calendar_names: CalendarNameStyle;
}
interface HoursRow {
  weekday: Weekday;
  is_open: 0 | 1;
  opens: string;
  closes: string;
}

/** The saved settings, or a new clinic's defaults (in the computer's own time zone) when none are saved. */
export function readClinicSettings(db: Db, systemTimeZone: string): ClinicSettings {
  const row = db
    .prepare('SELECT name, address, phone, time_zone, country, language, calendar_names FROM clinic_settings WHERE id = 1')
    .get() as SettingsRow | undefined;
  const hoursRows = db.prepare('SELECT weekday, is_open, opens, closes FROM opening_hours').all() as HoursRow[];
  const byDay = new Map(hoursRows.map((h) => [h.weekday, h]));
  const openingHours: DayHours[] =
    hoursRows.length === 7
      ? WEEKDAYS.map((day) => {
          const h = byDay.get(day)!;
          return { day, open: h.is_open === 1, opens: h.opens, closes: h.closes };
        })
      : defaultOpeningHours();
  return {
    name: row?.name ?? '',
    address: row?.address ?? '',
    phone: row?.phone ?? '',
    timeZone: row?.time_zone ?? systemTimeZone,
    // Until the owner chooses, the country follows the clinic's (or the computer's) time zone.
    country: row?.country || guessCountry(row?.time_zone ?? systemTimeZone),
    language: row?.language ?? 'en',
    calendarNames: row?.calendar_names ?? 'initials',
    openingHours,
  };
}

/** Saves the settings; a caller that does not know about the country (setting up a clinic) leaves it as it was. */
export function writeClinicSettings(
  db: Db,
  settings: Omit<ClinicSettings, 'country'> & { country?: string },
  nowMs: number,
): void {
  db.prepare(
    `INSERT INTO clinic_settings (id, name, address, phone, time_zone, country, language, calendar_names, updated_at_ms)
     VALUES (1, @name, @address, @phone, @timeZone, coalesce(@country, ''), @language, @calendarNames, @nowMs)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, address = excluded.address, phone = excluded.phone,
       time_zone = excluded.time_zone, country = coalesce(@country, clinic_settings.country),
       language = excluded.language, calendar_names = excluded.calendar_names, updated_at_ms = excluded.updated_at_ms`,
  ).run({
    name: settings.name,
    address: settings.address,
    phone: settings.phone,
    timeZone: settings.timeZone,
    country: settings.country ?? null,
    language: settings.language,
    calendarNames: settings.calendarNames,
    nowMs,
  });
  const upsertDay = db.prepare(
    `INSERT INTO opening_hours (weekday, is_open, opens, closes) VALUES (@day, @open, @opens, @closes)
     ON CONFLICT (weekday) DO UPDATE SET is_open = excluded.is_open, opens = excluded.opens, closes = excluded.closes`,
  );
  for (const d of settings.openingHours) upsertDay.run({ day: d.day, open: d.open ? 1 : 0, opens: d.opens, closes: d.closes });
}

/** This clinic's own random id (made by the migration that added it), for identifiers that leave the clinic. */
export function clinicUid(db: Db): string {
  return (db.prepare('SELECT uid FROM clinic_identity WHERE id = 1').pluck().get() as string | undefined) ?? 'clinic';
}
