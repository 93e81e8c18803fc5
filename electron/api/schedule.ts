import { ApiError } from '../../shared/envelope';
import type { PatientSchedule } from '../../shared/schedule';
import type { Handlers } from '../dispatch';
import { loadRulesContext } from '../scheduling/context';
import { patientSchedule } from '../scheduling/patientSchedule';
import { clinicToday } from './clinicDay';
import type { ApiDeps } from './deps';

/** Everything the patient page shows about when this patient is due, with reasons. */
export function scheduleOf(deps: ApiDeps, patientId: number): PatientSchedule {
  const s = patientSchedule(deps.db, loadRulesContext(deps.db), patientId, clinicToday(deps));
  if (!s) throw new ApiError('NOT_FOUND', `There is no patient number ${patientId}.`);
  return s;
}

export function scheduleHandlers(deps: ApiDeps): Pick<Handlers, 'schedule.get'> {
  return {
    'schedule.get': ({ patientId }) => scheduleOf(deps, patientId),
  };
}
