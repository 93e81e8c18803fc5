import { calendarDayIn, dayParts, timeOfDayIn } from './dates';

/** How far the clinic's wall clock is ahead of UTC at `ms`, in milliseconds. */
function offsetMs(timeZone: string, ms: number): number {
  const { year, month, date } = dayParts(calendarDayIn(timeZone, ms));
  const [h, m] = timeOfDayIn(timeZone, ms).split(':').map(Number) as [number, number];
  return Date.UTC(year, month - 1, date, h, m) - (ms - (ms % 60_000));
}

/**
 * The instant at which the clinic's wall clock shows `day` `time` ("HH:MM"). Returns
 * null for a time that does not exist there (skipped when clocks go forward). In the
 * hour repeated when clocks go back, the first of the two is chosen.
 */
export function zonedToEpochMs(day: string, time: string, timeZone: string): number | null {
  const { year, month, date } = dayParts(day);
  const [h, m] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(year, month - 1, date, h, m);
  // Try the offsets in force a day either side; one of them is right unless the time is skipped.
  const candidates = [offsetMs(timeZone, wall - 86_400_000), offsetMs(timeZone, wall + 86_400_000)]
    .map((off) => wall - off)
    .sort((a, b) => a - b);
  for (const ms of candidates) {
    if (calendarDayIn(timeZone, ms) === day && timeOfDayIn(timeZone, ms) === time) return ms;
  }
  return null;
}

/** The clinic's wall-clock day and time at `ms`. */
export function epochMsToZoned(ms: number, timeZone: string): { day: string; time: string } {
  return { day: calendarDayIn(timeZone, ms), time: timeOfDayIn(timeZone, ms) };
}

/** Minutes since midnight of "HH:MM". */
export function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

export function timeFromMinutes(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
