import { calendarDayIn } from '../../shared/time';
import { readClinicSettings } from '../db/settingsRepo';
import type { ApiDeps } from './deps';

/** Today's date on the clinic's wall clock. */
export function clinicToday({ db, clock, systemTimeZone }: ApiDeps): string {
  return calendarDayIn(readClinicSettings(db, systemTimeZone).timeZone, clock.nowMs());
}
