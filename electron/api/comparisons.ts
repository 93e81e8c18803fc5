import { ApiError } from '../../shared/envelope';
import { recordAudit } from '../db/auditRepo';
import { getComparison, insertComparison, softDeleteComparison } from '../db/photosRepo';
import type { Handlers } from '../dispatch';
import { mustGetPatient } from './common';
import type { ApiDeps } from './deps';
import { mustGetLivePhoto } from './photos';

/** Saved comparisons of a patient's photos (which photos, how they are laid out and aligned). */
export function comparisonHandlers(deps: ApiDeps): Pick<Handlers, 'comparisons.save' | 'comparisons.delete'> {
  const { db, clock } = deps;
  const audit = (
    action: 'create' | 'delete',
    id: number,
    before: unknown,
    after: unknown,
    staff: Parameters<typeof recordAudit>[1]['staff'],
  ) => recordAudit(db, { atMs: clock.nowMs(), staff, action, entity: 'comparison', entityId: String(id), before, after });
  return {
    'comparisons.save': ({ patientId, name, view }, { staff }) =>
      db.transaction(() => {
        mustGetPatient(db, patientId);
        for (const pid of view.photoIds) {
          if (mustGetLivePhoto(db, pid).patientId !== patientId)
            throw new ApiError('INVALID_INPUT', 'A comparison shows one patient’s photos.');
        }
        const id = insertComparison(db, { patientId, name, view, atMs: clock.nowMs(), by: staff.name });
        const saved = getComparison(db, id)!;
        audit('create', id, undefined, saved, staff);
        return saved;
      })(),

    'comparisons.delete': ({ id }, { staff }) =>
      db.transaction(() => {
        const before = getComparison(db, id);
        if (!before) throw new ApiError('NOT_FOUND', `There is no saved comparison number ${id}.`);
        softDeleteComparison(db, id, clock.nowMs());
        audit('delete', id, before, undefined, staff);
        return { deleted: true as const };
      })(),
  };
}
