import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../../../shared/envelope';
import {
  CONTACT_PREFERENCES,
  CONTACT_PREFERENCE_LABELS,
  emptyPatient,
  SEXES,
  type Patient,
  type PatientInput,
} from '../../../../shared/patients';
import { ACTIVITY_LEVELS, PATIENT_FLAGS, PATIENT_FLAG_LABELS, type PatientFlag } from '../../../../shared/ruleSettings';
import { call, errorMessage } from '../../api';
import { useCan } from '../../session';
import { Field } from '../../components/Field';
import { FormActions, refusedSave, type SaveStatus } from '../../components/FormActions';
import { useFocusFirstInvalid } from '../../useFocusFirstInvalid';
import { DateInput } from '../../components/DateInput';

function toInput(p: Patient): PatientInput {
  const { id: _id, archived: _archived, createdAtMs: _created, updatedAtMs: _updated, clinicalHidden: _hidden, ...fields } = p;
  return { ...fields, dob: fields.dob ?? '' };
}

/** Registers a new patient (no id) or edits an existing one. */
export function PatientForm({ id }: { id: number | null }) {
  // Reception registers and updates who the patient is and how to reach them; the clinical part is a practitioner's.
  const clinical = useCan()('treatments.list');
  const [original, setOriginal] = useState<PatientInput | null>(id === null ? emptyPatient() : null);
  const [draft, setDraft] = useState<PatientInput>(emptyPatient());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<SaveStatus>({ kind: 'idle' });
  const [duplicate, setDuplicate] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const focusFirstInvalid = useFocusFirstInvalid(formRef);

  useEffect(() => {
    if (id === null) return;
    call('patients.get', { id })
      .then((p) => {
        setOriginal(toInput(p));
        setDraft(toInput(p));
      })
      .catch((err: unknown) => setStatus({ kind: 'error', message: errorMessage(err) }));
  }, [id]);

  if (!original)
    return (
      <div className="page">
        {status.kind === 'error' ? <p className="status-error">{status.message}</p> : <p className="muted">Loading…</p>}
      </div>
    );
  const dirty = JSON.stringify(draft) !== JSON.stringify(original);

  function set<K extends keyof PatientInput>(key: K, value: PatientInput[K]) {
    setDraft((d) => ({ ...d, [key]: value }));
    setStatus({ kind: 'idle' });
  }

  async function save(allowDuplicate: boolean) {
    setStatus({ kind: 'saving' });
    try {
      const saved =
        id === null
          ? await call('patients.create', { patient: draft, allowDuplicate })
          : await call('patients.update', { id, patient: draft });
      window.location.hash = `#/patients/${saved.id}`;
    } catch (err) {
      if (err instanceof ApiError && err.code === 'CONFLICT') {
        setDuplicate(err.message);
        setErrors({});
        setStatus({ kind: 'idle' });
        return;
      }
      const refused = refusedSave(err);
      setStatus(refused.status);
      if (refused.fields) {
        // Field paths arrive as "patient.lastName"; the form's ids use the bare name.
        setErrors(Object.fromEntries(Object.entries(refused.fields).map(([k, v]) => [k.replace(/^patient\./, ''), v])));
        focusFirstInvalid();
      }
    }
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setDuplicate(null);
    void save(false);
  }

  function toggleFlag(flag: PatientFlag, on: boolean) {
    set('flags', on ? [...draft.flags, flag] : draft.flags.filter((f) => f !== flag));
  }

  const text = (key: 'firstName' | 'lastName' | 'preferredName' | 'phone' | 'email', label: string, type = 'text') => (
    <Field id={`patient-${key}`} label={label} error={errors[key]}>
      <input type={type} value={draft[key]} onChange={(e) => set(key, e.target.value)} />
    </Field>
  );
  const area = (key: 'address' | 'medicalHistory' | 'allergies' | 'medications' | 'notes', label: string, hint?: string) => (
    <Field id={`patient-${key}`} label={label} error={errors[key]} {...(hint ? { hint } : {})}>
      <textarea rows={3} value={draft[key]} onChange={(e) => set(key, e.target.value)} />
    </Field>
  );

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <p className="eyebrow">
            <a href={id === null ? '#/patients' : `#/patients/${id}`}>{id === null ? 'Patients' : 'Back to the record'}</a>
          </p>
          <h1>{id === null ? 'New patient' : `Edit ${original.firstName} ${original.lastName}`}</h1>
        </div>
      </header>
      {duplicate && (
        <div className="callout callout-warn" role="alert">
          <div>
            <strong>Possible duplicate.</strong>
            <p>{duplicate}</p>
            <div className="callout-actions">
              <a className="button button-secondary" href="#/patients">
                Find the existing record
              </a>
              <button type="button" className="button button-primary" onClick={() => void save(true)}>
                Create a new record anyway
              </button>
            </div>
          </div>
        </div>
      )}
      <form ref={formRef} className="settings-form" onSubmit={onSubmit} noValidate aria-label="Patient record">
        <section className="card form-card" aria-label="Identity and contact">
          <h2 className="section-title">Identity and contact</h2>
          <div className="form-grid form-grid-3">
            {text('firstName', 'First name')}
            {text('lastName', 'Last name')}
            {text('preferredName', 'Preferred name')}
            <Field id="patient-dob" label="Date of birth" error={errors.dob}>
              <DateInput value={draft.dob} max="9999-12-31" onChange={(v) => set('dob', v)} />
            </Field>
            <Field id="patient-sex" label="Sex" error={errors.sex}>
              <select value={draft.sex} onChange={(e) => set('sex', e.target.value as PatientInput['sex'])}>
                {SEXES.map((s) => (
                  <option key={s} value={s}>
                    {s === 'unknown' ? 'Not recorded' : s[0]!.toUpperCase() + s.slice(1)}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="patient-contact" label="Contact preference" error={errors.contactPreference}>
              <select
                value={draft.contactPreference}
                onChange={(e) => set('contactPreference', e.target.value as PatientInput['contactPreference'])}
              >
                {CONTACT_PREFERENCES.map((c) => (
                  <option key={c} value={c}>
                    {CONTACT_PREFERENCE_LABELS[c]}
                  </option>
                ))}
              </select>
            </Field>
            {text('phone', 'Phone', 'tel')}
            {text('email', 'Email', 'email')}
            {area('address', 'Address')}
          </div>
        </section>
        {clinical ? (
          <section className="card form-card" aria-label="Medical">
            <h2 className="section-title">Medical</h2>
            <fieldset className="flag-grid">
              <legend>Contraindications and cautions</legend>
              {PATIENT_FLAGS.map((flag) => (
                <label key={flag} className="switch">
                  <input
                    type="checkbox"
                    checked={draft.flags.includes(flag)}
                    onChange={(e) => toggleFlag(flag, e.target.checked)}
                  />
                  <span>{PATIENT_FLAG_LABELS[flag]}</span>
                </label>
              ))}
            </fieldset>
            <div className="form-grid">
              {area('allergies', 'Allergies')}
              {area('medications', 'Medications')}
              {area('medicalHistory', 'Medical history')}
              <Field
                id="patient-activity"
                label="Activity level"
                hint="Very active patients tend to see a shorter effect."
                error={errors.activityLevel}
              >
                <select
                  value={draft.activityLevel}
                  onChange={(e) => set('activityLevel', e.target.value as PatientInput['activityLevel'])}
                >
                  {ACTIVITY_LEVELS.map((a) => (
                    <option key={a} value={a}>
                      {a[0]!.toUpperCase() + a.slice(1)}
                    </option>
                  ))}
                </select>
              </Field>
              {area('notes', 'Notes')}
            </div>
          </section>
        ) : (
          <section className="card form-card" aria-label="Medical">
            <h2 className="section-title">Medical</h2>
            <p className="muted">
              A practitioner records contraindications, allergies, medicines, medical history and notes.
              {draft.flags.length > 0 || draft.allergies ? ' Alerts on record: ' : ''}
              {[
                ...draft.flags.map((f) => PATIENT_FLAG_LABELS[f]),
                ...(draft.allergies ? [`allergies: ${draft.allergies}`] : []),
              ].join('; ')}
            </p>
          </section>
        )}
        <FormActions
          status={status}
          dirty={dirty}
          saveLabel={id === null ? 'Register patient' : 'Save changes'}
          onDiscard={() => {
            setDraft(original);
            setErrors({});
            setDuplicate(null);
          }}
        />
      </form>
    </div>
  );
}
