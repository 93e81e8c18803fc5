import { useEffect, useState } from 'react';
import { currentConsent, type Consent } from '../../../../shared/consents';
import { ageOn } from '../../../../shared/time';
import { CONTACT_PREFERENCE_LABELS, displayName, type Patient } from '../../../../shared/patients';
import { PATIENT_FLAG_LABELS } from '../../../../shared/ruleSettings';
import { call, errorMessage } from '../../api';
import { Icon } from '../../components/Icon';
import { useCall } from '../../useCall';
import { useLiveChanges } from '../../live';
import { useCan } from '../../session';
import { BookButton } from '../calendar/BookButton';
import { ConsentsPanel } from './ConsentsPanel';
import { ElsewhereForm } from './ElsewhereForm';
import { EventsPanel } from './EventsPanel';
import { PatientMessages } from './PatientMessages';
import { SchedulePanel } from './SchedulePanel';
import { DoseHistory, TreatmentTimeline } from './TreatmentTimeline';

/** The patient record: who they are, what to watch out for, when they are due, and every treatment. */
export function PatientPage({ id, today }: { id: number; today: string }) {
  const [patient, setPatient] = useState<Patient | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [consents, setConsents] = useState<Consent[]>([]);
  const [confirmingArchive, setConfirmingArchive] = useState(false);
  const [recordingElsewhere, setRecordingElsewhere] = useState(false);
  const [booked, setBooked] = useState<string | null>(null);
  const can = useCan();
  // Reception sees who the patient is, how to reach them, the alerts and consents: nothing clinical.
  const clinical = can('treatments.list');
  const schedule = useCall('schedule.get', { patientId: id }, String(id), clinical);
  const treatments = useCall('treatments.list', { patientId: id }, String(id), clinical);
  const catalogue = useCall('catalogue.get', {}, 'catalogue');

  const [version, setVersion] = useState(0);
  // Changes to this patient made on another screen (a consent at reception, a treatment in a room) show here.
  useLiveChanges(
    (c) => c.patientId === id,
    () => {
      setVersion((v) => v + 1);
      if (clinical) {
        schedule.reload();
        treatments.reload();
      }
    },
  );

  useEffect(() => {
    Promise.all([call('patients.get', { id }), call('consents.list', { patientId: id })])
      .then(([p, c]) => {
        setPatient(p);
        setConsents(c);
      })
      .catch((err: unknown) => setError(errorMessage(err)));
  }, [id, version]);

  if (error) {
    return (
      <div className="page">
        <p className="status-error" role="alert">
          {error}
        </p>
        <a href="#/patients">Back to patients</a>
      </div>
    );
  }
  if (!patient) return <div className="page muted">Loading…</div>;

  async function setArchived(archived: boolean) {
    try {
      setPatient(await call('patients.setArchived', { id, archived }));
      setConfirmingArchive(false);
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  const alerts = [
    ...patient.flags.map((f) => PATIENT_FLAG_LABELS[f]),
    ...(patient.allergies ? [`Allergies: ${patient.allergies}`] : []),
    ...(patient.dob === null ? ['No date of birth recorded'] : []),
    ...(currentConsent(consents) === null ? ['No current consent'] : []),
  ];

  return (
    <div className="page">
      <header className="page-header patient-header">
        <div>
          <p className="eyebrow">
            <a href="#/patients">Patients</a>
          </p>
          <h1>
            {displayName(patient)}
            {patient.archived && <span className="pill pill-muted">Archived</span>}
          </h1>
          <p className="muted" data-testid="patient-age">
            {patient.dob ? `${ageOn(patient.dob, today)} years · born ${patient.dob}` : 'Age unknown'}
            {patient.phone && ` · ${patient.phone}`}
            {patient.email && ` · ${patient.email}`}
          </p>
        </div>
        <div className="header-actions">
          {!patient.archived && (
            <BookButton
              patient={{ id, name: displayName(patient) }}
              date={schedule.data?.nextRecallDate && schedule.data.nextRecallDate > today ? schedule.data.nextRecallDate : today}
              type={schedule.data?.firstTimer === false ? 'treatment' : 'consultation'}
              label="Book appointment"
              onBooked={setBooked}
            />
          )}
          {!patient.archived && clinical && (
            <a className="button button-primary" href={`#/patients/${id}/treatments/new`}>
              Chart a treatment
            </a>
          )}
          {can('photos.library') && (
            <a className="button button-secondary" href={`#/patients/${id}/photos`}>
              Photos
            </a>
          )}
          <a className="button button-secondary" href={`#/patients/${id}/edit`}>
            Edit record
          </a>
          {!can('patients.setArchived') ? null : patient.archived ? (
            <button type="button" className="button button-secondary" onClick={() => void setArchived(false)}>
              Restore
            </button>
          ) : (
            <button type="button" className="button button-secondary" onClick={() => setConfirmingArchive(true)}>
              Archive
            </button>
          )}
        </div>
      </header>
      {booked && (
        <p className="status-ok" role="status">
          {booked}
        </p>
      )}
      {confirmingArchive && (
        <div className="callout callout-warn" role="alertdialog" aria-label="Archive this patient?">
          <div>
            <strong>Archive {displayName(patient)}?</strong>
            <p>The record is kept in full and can be restored at any time; it stops appearing in searches and lists.</p>
            <div className="callout-actions">
              <button type="button" className="button button-secondary" onClick={() => setConfirmingArchive(false)}>
                Keep active
              </button>
              <button type="button" className="button button-primary" onClick={() => void setArchived(true)}>
                Archive patient
              </button>
            </div>
          </div>
        </div>
      )}
      {alerts.length > 0 && (
        <div className="callout callout-error" role="note" aria-label="Alerts">
          <Icon name="alert" />
          <ul className="alert-list">
            {alerts.map((a) => (
              <li key={a}>{a}</li>
            ))}
          </ul>
        </div>
      )}
      {schedule.data && catalogue.data && (
        <SchedulePanel
          patientId={id}
          schedule={schedule.data}
          today={today}
          areaNames={new Map(catalogue.data.areas.map((a) => [a.code, a.name]))}
          onChange={schedule.set}
        />
      )}
      {catalogue.data && treatments.data && (
        <section className="card" aria-labelledby="treatments-heading">
          <div className="card-header">
            <h2 id="treatments-heading" className="section-title">
              Treatments
            </h2>
            {!recordingElsewhere && !patient.archived && (
              <button type="button" className="button button-secondary" onClick={() => setRecordingElsewhere(true)}>
                Record treatment given elsewhere
              </button>
            )}
          </div>
          {recordingElsewhere && (
            <ElsewhereForm
              patientId={id}
              catalogue={catalogue.data}
              today={today}
              onCancel={() => setRecordingElsewhere(false)}
              onSaved={() => {
                setRecordingElsewhere(false);
                treatments.reload();
                schedule.reload();
              }}
            />
          )}
          <div className="treatments-layout">
            <TreatmentTimeline patientId={id} records={treatments.data} catalogue={catalogue.data} />
            <div>
              <h3 className="subsection-title">Dose history</h3>
              <DoseHistory records={treatments.data} catalogue={catalogue.data} />
            </div>
          </div>
        </section>
      )}
      {(schedule.error ?? treatments.error ?? catalogue.error) && (
        <p className="status-error" role="alert">
          {schedule.error ?? treatments.error ?? catalogue.error}
        </p>
      )}
      {schedule.data && <EventsPanel patientId={id} schedule={schedule.data} today={today} onChange={schedule.set} />}
      <ConsentsPanel patientId={id} consents={consents} today={today} onChange={setConsents} />
      <PatientMessages patientId={id} />
      <section className="card-grid">
        <article className="card">
          <h2 className="card-title">Contact</h2>
          <dl className="facts">
            <dt>Prefers</dt>
            <dd>{CONTACT_PREFERENCE_LABELS[patient.contactPreference]}</dd>
            <dt>Address</dt>
            <dd className="pre">{patient.address || '—'}</dd>
          </dl>
        </article>
        {patient.clinicalHidden ? (
          <article className="card">
            <h2 className="card-title">Clinical record</h2>
            <p className="muted">Treatments, medical history and notes are shown to practitioners only.</p>
          </article>
        ) : (
          <>
            <article className="card">
              <h2 className="card-title">Medical</h2>
              <dl className="facts">
                <dt>Medications</dt>
                <dd className="pre">{patient.medications || '—'}</dd>
                <dt>History</dt>
                <dd className="pre">{patient.medicalHistory || '—'}</dd>
                <dt>Activity</dt>
                <dd>{patient.activityLevel}</dd>
              </dl>
            </article>
            <article className="card">
              <h2 className="card-title">Notes</h2>
              <p className="pre">{patient.notes || <span className="muted">No notes</span>}</p>
            </article>
          </>
        )}
      </section>
    </div>
  );
}
