import { ApiError } from '../../shared/envelope';
import {
  ALERT_PATIENT_FIELDS,
  CLINICAL_PATIENT_FIELDS,
  displayName,
  emptyPatient,
  withoutClinicalFields,
  type Patient,
  type PatientFields,
} from '../../shared/patients';
import type { Actor, Role } from '../../shared/staff';
import { recordAudit } from '../db/auditRepo';
import { readClinicSettings } from '../db/settingsRepo';
import {
  countPatients,
  findDuplicatePatients,
  insertPatient,
  listPatients,
  setPatientArchived,
  updatePatient,
} from '../db/patientsRepo';
import type { Handlers } from '../dispatch';
import { clinicToday } from './clinicDay';
import { mustGetPatient } from './common';
import type { Db } from '../db/connection';
import type { ApiDeps } from './deps';
import { loadRulesContext } from '../scheduling/context';
import { refreshScheduleSummary } from '../scheduling/patientSchedule';

type PatientHandlers = Pick<
  Handlers,
  'patients.list' | 'patients.get' | 'patients.create' | 'patients.update' | 'patients.findDuplicates' | 'patients.setArchived'
>;

const forRole = (p: Patient, role: Role): Patient => (role === 'reception' ? withoutClinicalFields(p) : p);

function pickClinical(p: Patient): Pick<PatientFields, (typeof CLINICAL_PATIENT_FIELDS)[number]> {
  return { medicalHistory: p.medicalHistory, medications: p.medications, notes: p.notes, activityLevel: p.activityLevel };
}

/** Reception may not write the clinical fields or change the alerts: name the fields it tried. */
function refuseClinicalChanges(sent: PatientFields, allowed: Pick<PatientFields, keyof PatientFields>): void {
  const changed = [...CLINICAL_PATIENT_FIELDS, ...ALERT_PATIENT_FIELDS].filter(
    (f) => JSON.stringify(sent[f]) !== JSON.stringify(f === 'flags' ? allowed.flags : allowed[f]),
  );
  if (changed.length > 0) {
    throw new ApiError(
      'NOT_PERMITTED',
      'Reception cannot record medical history, medicines, clinical notes, activity level, contraindications or allergies: a practitioner does.',
      Object.fromEntries(changed.map((f) => [`patient.${f}`, 'A practitioner records this'])),
    );
  }
}

/**
 * Registers a patient and writes the audit row that goes with it: the one way a patient is
 * created, from the form or from an import. Call inside the caller's transaction.
 */
export function registerPatient(db: Db, fields: PatientFields, staff: Actor, atMs: number): Patient {
  const id = insertPatient(db, fields, atMs);
  const created = mustGetPatient(db, id);
  recordAudit(db, { atMs, staff, action: 'create', entity: 'patient', entityId: String(id), before: undefined, after: created });
  return created;
}

export function patientHandlers(deps: ApiDeps): PatientHandlers {
  const { db, clock } = deps;

  const mustGet = (id: number) => mustGetPatient(db, id);

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
      patients: listPatients(db, {
        text,
        sort,
        includeArchived,
        limit: 200,
        country: readClinicSettings(db, deps.systemTimeZone).country,
      }),
      total: countPatients(db, includeArchived),
    }),
    'patients.get': ({ id }, { staff, session }) => {
      const patient = mustGet(id);
      // Opening a record is recorded once per patient per session.
      if (deps.access.firstView(session, `patient:${id}`)) {
        recordAudit(db, {
          atMs: clock.nowMs(),
          staff,
          action: 'view',
          entity: 'patient',
          entityId: String(id),
          before: undefined,
          after: undefined,
        });
      }
      return forRole(patient, staff.role);
    },
    'patients.findDuplicates': ({ patient, excludeId }) => findDuplicatePatients(db, patient, excludeId),
    'patients.create': ({ patient, allowDuplicate }, { staff }) => {
      checkDates(patient);
      if (staff.role === 'reception') refuseClinicalChanges(patient, { ...emptyPatient(), dob: null });
      return db.transaction(() => {
        const duplicates = findDuplicatePatients(db, patient, null);
        if (duplicates.length > 0 && !allowDuplicate) {
          throw new ApiError(
            'CONFLICT',
            `This may be a patient you already have: ${duplicates.map((d) => `${displayName(d)}${d.dob ? `, born ${d.dob}` : ''}`).join('; ')}.`,
          );
        }
        return forRole(registerPatient(db, patient, staff, clock.nowMs()), staff.role);
      })();
    },
    'patients.update': ({ id, patient: sent }, { staff }) => {
      checkDates(sent);
      return db.transaction(() => {
        const before = mustGet(id);
        let patient = sent;
        if (staff.role === 'reception') {
          // Reception's form never held the clinical fields: keep them as they are, and refuse a change to an alert.
          refuseClinicalChanges(sent, { ...withoutClinicalFields(before) });
          patient = { ...sent, ...pickClinical(before) };
        }
        const atMs = clock.nowMs();
        updatePatient(db, id, patient, atMs);
        const after = mustGet(id);
        recordAudit(db, { atMs, staff, action: 'update', entity: 'patient', entityId: String(id), before, after });
        // The activity level changes the expected duration.
        if (before.activityLevel !== after.activityLevel) refreshScheduleSummary(db, loadRulesContext(db), id, clinicToday(deps));
        return forRole(after, staff.role);
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
