import { ApiError } from '../../shared/envelope';
import { recordAudit } from '../db/auditRepo';
import type { Handlers } from '../dispatch';
import { clinicToday } from './clinicDay';
import { mustGetPatient } from './common';
import type { ApiDeps } from './deps';
import { scheduleOf } from './schedule';
import { getEvent, insertEvent, removeEvent } from '../db/observationsRepo';

/** A patient's wedding or holiday, and the treatment plan for it. */
export function eventHandlers(deps: ApiDeps): Pick<Handlers, 'events.add' | 'events.remove'> {
  const { db, clock } = deps;
  return {
    'events.add': (e, { staff }) =>
      db.transaction(() => {
        mustGetPatient(db, e.patientId);
        if (e.eventOn < clinicToday(deps))
          throw new ApiError('INVALID_INPUT', 'The event has already passed.', { eventOn: 'Choose a date from today on' });
        const atMs = clock.nowMs();
        const id = insertEvent(db, e, atMs);
        recordAudit(db, {
          atMs,
          staff,
          action: 'create',
          entity: 'event',
          entityId: String(id),
          before: undefined,
          after: getEvent(db, id),
        });
        return scheduleOf(deps, e.patientId);
      })(),

    'events.remove': ({ id }, { staff }) =>
      db.transaction(() => {
        const before = getEvent(db, id);
        if (!before) throw new ApiError('NOT_FOUND', `There is no event number ${id}.`);
        const atMs = clock.nowMs();
        removeEvent(db, id, atMs);
        recordAudit(db, { atMs, staff, action: 'delete', entity: 'event', entityId: String(id), before, after: undefined });
        return scheduleOf(deps, before.patientId);
      })(),
  };
}
