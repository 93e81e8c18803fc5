import { ApiError } from '../../shared/envelope';
import type { ObservationInput } from '../../shared/observations';
import type { Actor } from '../../shared/staff';
import { clinicFormat } from '../../shared/locale';
import { recordAudit } from '../db/auditRepo';
import type { Handlers } from '../dispatch';
import { loadRulesContext } from '../scheduling/context';
import { clinicToday } from './clinicDay';
import { clinicSettings, mustGetPatient } from './common';
import type { ApiDeps } from './deps';
import { scheduleOf } from './schedule';
import { getObservation, insertObservation, removeObservation } from '../db/observationsRepo';
import { refreshScheduleSummary } from '../scheduling/patientSchedule';
import { explainObservationChange } from '../scheduling/explain';
import { mustGetLivePhoto } from './photos';

/** "Movement returning" and "no response": what the rules learn a patient's own durations from. */
export function observationHandlers(
  deps: ApiDeps,
): Pick<Handlers, 'observations.add' | 'observations.fromPhoto' | 'observations.remove'> {
  const { db, clock } = deps;

  /** Records one observation with its audit row and refreshes the patient's summary, in one transaction. */
  function add(o: ObservationInput, staff: Actor, fromPhoto?: number) {
    return db.transaction(() => {
      mustGetPatient(db, o.patientId);
      const before = scheduleOf(deps, o.patientId).areas.find((a) => a.area === o.area);
      const ctx = loadRulesContext(db);
      const today = clinicToday(deps);
      if (!ctx.areas.has(o.area))
        throw new ApiError('INVALID_INPUT', `There is no area "${o.area}".`, { area: 'Choose an area' });
      if (o.observedOn > today)
        throw new ApiError('INVALID_INPUT', 'An observation cannot be in the future.', {
          observedOn: 'This date is in the future',
        });
      const atMs = clock.nowMs();
      const id = insertObservation(db, o, staff.name, atMs);
      recordAudit(db, {
        atMs,
        staff,
        action: 'create',
        entity: 'observation',
        entityId: String(id),
        before: undefined,
        after: fromPhoto === undefined ? getObservation(db, id) : { ...getObservation(db, id), fromPhoto },
      });
      refreshScheduleSummary(db, ctx, o.patientId, today);
      const after = scheduleOf(deps, o.patientId);
      // What the observation did to the dates, in words (or why it did not move them).
      return {
        ...after,
        change: explainObservationChange(
          o,
          before,
          after.areas.find((a) => a.area === o.area),
        ),
      };
    })();
  }

  return {
    'observations.add': (o, { staff }) => add(o, staff),

    // One step from a photo: dated the day the photo was taken, for the photo's own area unless another is chosen.
    'observations.fromPhoto': ({ photoId, kind, area, note }, { staff }) => {
      const photo = mustGetLivePhoto(db, photoId);
      const where = area ?? photo.area;
      if (where === null) {
        throw new ApiError('INVALID_INPUT', 'This photo has no area: choose the area the observation is about.', {
          area: 'Choose the area',
        });
      }
      const seen = `Seen on ${photo.source === 'patient' ? 'the patient’s own photo' : 'the photo'} of ${clinicFormat(clinicSettings(deps)).date(photo.takenOn)}.`;
      return add(
        { patientId: photo.patientId, area: where, observedOn: photo.takenOn, kind, note: note ? `${note} (${seen})` : seen },
        staff,
        photoId,
      );
    },

    'observations.remove': ({ id }, { staff }) =>
      db.transaction(() => {
        const before = getObservation(db, id);
        if (!before) throw new ApiError('NOT_FOUND', `There is no observation number ${id}.`);
        const areaBefore = scheduleOf(deps, before.patientId).areas.find((a) => a.area === before.area);
        const atMs = clock.nowMs();
        removeObservation(db, id, atMs);
        recordAudit(db, { atMs, staff, action: 'delete', entity: 'observation', entityId: String(id), before, after: undefined });
        refreshScheduleSummary(db, loadRulesContext(db), before.patientId, clinicToday(deps));
        const after = scheduleOf(deps, before.patientId);
        return {
          ...after,
          change: explainObservationChange(
            before,
            areaBefore,
            after.areas.find((a) => a.area === before.area),
            true,
          ),
        };
      })(),
  };
}
