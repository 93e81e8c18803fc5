import { ApiError } from '../../shared/envelope';
import type { PatientSchedule } from '../../shared/schedule';
import type { Handlers } from '../dispatch';
import { loadRulesContext } from '../scheduling/context';
import { patientSchedule } from '../scheduling/patientSchedule';
import { firstBookableDay } from '../calendar/freeSlots';
import { clinicToday } from './clinicDay';
import { clinicSettings } from './common';
import type { ApiDeps } from './deps';

/**
 * Everything the patient page shows about when this patient is due, with reasons; event plans
 * start from the first day a treatment can still be given and know what is already booked.
 */
export function scheduleOf(deps: ApiDeps, patientId: number): PatientSchedule {
  const settings = clinicSettings(deps);
  const today = clinicToday(deps);
  const nowMs = deps.clock.nowMs();
  const s = patientSchedule(deps.db, loadRulesContext(deps.db), patientId, today, {
    firstBookableDay: firstBookableDay(deps.db, settings, today, nowMs),
    booked: { nowMs, timeZone: settings.timeZone },
  });
  if (!s) throw new ApiError('NOT_FOUND', `There is no patient number ${patientId}.`);
  return s;
}

export function scheduleHandlers(deps: ApiDeps): Pick<Handlers, 'schedule.get'> {
  return {
    'schedule.get': ({ patientId }) => scheduleOf(deps, patientId),
  };
}
