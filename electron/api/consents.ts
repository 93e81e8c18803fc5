import { ApiError } from '../../shared/envelope';
import { recordAudit } from '../db/auditRepo';
import { consentsOf, getConsent, insertConsent, withdrawConsent } from '../db/consentsRepo';
import type { Handlers } from '../dispatch';
import { clinicToday } from './clinicDay';
import { mustGetPatient } from './common';
import type { ApiDeps } from './deps';

export function consentHandlers(deps: ApiDeps): Pick<Handlers, 'consents.list' | 'consents.add' | 'consents.withdraw'> {
  const { db, clock } = deps;

  return {
    'consents.list': ({ patientId }) => {
      mustGetPatient(db, patientId);
      return consentsOf(db, patientId);
    },
    'consents.add': ({ patientId, consent }, { staff }) => {
      if (consent.signedOn > clinicToday(deps)) {
        throw new ApiError('INVALID_INPUT', 'The consent cannot be signed in the future.', {
          'consent.signedOn': 'The signing date is in the future',
        });
      }
      return db.transaction(() => {
        mustGetPatient(db, patientId);
        const atMs = clock.nowMs();
        const id = insertConsent(db, patientId, consent, atMs);
        recordAudit(db, {
          atMs,
          staff,
          action: 'create',
          entity: 'consent',
          entityId: String(id),
          before: undefined,
          after: getConsent(db, id),
        });
        return consentsOf(db, patientId);
      })();
    },
    'consents.withdraw': ({ id, on }, { staff }) => {
      const today = clinicToday(deps);
      return db.transaction(() => {
        const before = getConsent(db, id);
        if (!before) throw new ApiError('NOT_FOUND', `There is no consent number ${id}.`);
        if (before.withdrawnOn !== null)
          throw new ApiError('CONFLICT', `This consent was already withdrawn on ${before.withdrawnOn}.`);
        if (on < before.signedOn || on > today) {
          throw new ApiError('INVALID_INPUT', `The withdrawal date must be between ${before.signedOn} and today.`, {
            on: `Choose a date from ${before.signedOn} to ${today}`,
          });
        }
        const atMs = clock.nowMs();
        withdrawConsent(db, id, on);
        recordAudit(db, {
          atMs,
          staff,
          action: 'update',
          entity: 'consent',
          entityId: String(id),
          before,
          after: getConsent(db, id),
        });
        return consentsOf(db, before.patientId);
      })();
    },
  };
}
