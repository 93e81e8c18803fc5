import { useEffect, useSyncExternalStore } from 'react';
import { clinicFormat, DEFAULT_LOCALE, type ClinicFormat, type LocaleChoice } from '../../shared/locale';
import { epochMsToZoned } from '../../shared/time';

/**
 * Every screen writes dates and times the one way the clinic's settings say (country and
 * language) and prints on the country's paper. The app shell announces the settings with
 * `useClinicLocale`; any component reads the formats with `useFormat`.
 */
let current: ClinicFormat = clinicFormat(DEFAULT_LOCALE);
const listeners = new Set<() => void>();

function setLocale(choice: LocaleChoice): void {
  const next = clinicFormat(choice);
  if (next === current) return;
  current = next;
  // print.css picks the named page for this paper size (A4 or US Letter).
  document.documentElement.dataset.paper = next.paper;
  document.documentElement.lang = next.locale;
  for (const l of listeners) l();
}

/** The app shell calls this with the clinic's settings once they are loaded, and again after they change. */
export function useClinicLocale(choice: LocaleChoice | null): void {
  const country = choice?.country;
  const language = choice?.language;
  useEffect(() => {
    if (country && language) setLocale({ country, language });
  }, [country, language]);
}

/** The clinic's date and time formats. */
export function useFormat(): ClinicFormat {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}

/** An instant on the clinic's wall clock, written the clinic's way: "Tue 8 Dec, 09:30" (or "Tue, Dec 8, 9:30 AM"). */
export function instantText(format: ClinicFormat, ms: number, timeZone: string): string {
  const { day, time } = epochMsToZoned(ms, timeZone);
  return `${format.shortDay(day)}, ${format.time(time)}`;
}
