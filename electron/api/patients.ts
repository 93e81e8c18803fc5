import { ApiError } from '../../shared/envelope';
import { displayName, type Patient, type PatientFields } from '../../shared/patients';
import { recordAudit } from '../db/auditRepo';
import {
  countPatients,
  findDuplicatePatients,
  getPatient,
  insertPatient,
  listPatients,
  setPatientArchived,
  updatePatient,
} from '../db/patientsRepo';
import type { Handlers } from '../dispatch';
import { clinicToday } from './clinicDay';
import type { ApiDeps } from './deps';
import { loadRulesContext } from '../scheduling/context';
import { refreshScheduleSummary } from '../scheduling/patientSchedule';

type PatientHandlers = Pick<
  Handlers,
  'patients.list' | 'patients.get' | 'patients.create' | 'patients.update' | 'patients.findDuplicates' | 'patients.setArchived'
>;

export function patientHandlers(deps: ApiDeps): PatientHandlers {
  const { db, clock } = deps;

  function mustGet(id: number): Patient {
    const patient = getPatient(db, id);
    if (!patient) throw new ApiError('NOT_FOUND', `There is no patient number ${id}.`);
    return patient;
  }

  /** Checks that need the clinic's today, which a schema alone cannot know. */
  function checkDates(p: PatientFields): void {
    if (p.dob !== null && p.dob > clinicToday(deps)) {
      throw new ApiError('INVALID_INPUT', 'The date of birth is in the future.', {
        'patient.dob': 'The date of birth is in the future',
      });
    }
  }

  return {
    'patients.list': ({ text, sort, includeArchived }) => ({
      patients: listPatients(db, { text, sort, includeArchived, limit: 200 }),
      total: countPatients(db, includeArchived),
    }),
    'patients.get': ({ id }) => mustGet(id),
    'patients.findDuplicates': ({ patient, excludeId }) => findDuplicatePatients(db, patient, excludeId),
    'patients.create': ({ patient, allowDuplicate }, { staff }) => {
      checkDates(patient);
      return db.transaction(() => {
        const duplicates = findDuplicatePatients(db, patient, null);
        if (duplicates.length > 0 && !allowDuplicate) {
          throw new ApiError(
            'CONFLICT',
            `This may be a patient you already have: ${duplicates.map((d) => `${displayName(d)}${d.dob ? `, born ${d.dob}` : ''}`).join('; ')}.`,
          );
        }
        const atMs = clock.nowMs();
        const id = insertPatient(db, patient, atMs);
        const created = mustGet(id);
        recordAudit(db, {
          atMs,
          staff,
          action: 'create',
          entity: 'patient',
          entityId: String(id),
          before: undefined,
          after: created,
        });
        return created;
      })();
    },
    'patients.update': ({ id, patient }, { staff }) => {
      checkDates(patient);
      return db.transaction(() => {
        const before = mustGet(id);
        const atMs = clock.nowMs();
        updatePatient(db, id, patient, atMs);
        const after = mustGet(id);
        recordAudit(db, { atMs, staff, action: 'update', entity: 'patient', entityId: String(id), before, after });
        // The activity level changes the expected duration.
        if (before.activityLevel !== after.activityLevel) refreshScheduleSummary(db, loadRulesContext(db), id, clinicToday(deps));
        return after;
      })();
    },
    'patients.setArchived': ({ id, archived }, { staff }) =>
      db.transaction(() => {
        const before = mustGet(id);
        if (before.archived === archived) return before;
        const atMs = clock.nowMs();
        setPatientArchived(db, id, archived, atMs);
        const after = mustGet(id);
        recordAudit(db, {
          atMs,
          staff,
          action: archived ? 'archive' : 'restore',
          entity: 'patient',
          entityId: String(id),
          before,
          after,
        });
        return after;
      })(),
  };
}
