import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { currentConsent, type Consent } from '../../../../shared/consents';
import { ageOn } from '../../../../shared/time';
import { CONTACT_PREFERENCE_LABELS, displayName, type Patient } from '../../../../shared/patients';
import { PATIENT_FLAG_LABELS } from '../../../../shared/ruleSettings';
import { RECALL_OUTCOME_LABELS } from '../../../../shared/schedule';
import { call, errorMessage } from '../../api';
import { Icon } from '../../components/Icon';
import { useFormat } from '../../format';
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

const TABS = [
  { id: 'overview', label: 'When due' },
  { id: 'treatments', label: 'Treatments' },
  { id: 'consents', label: 'Consents' },
  { id: 'contacts', label: 'Contacts' },
  { id: 'details', label: 'Details' },
] as const;
type Tab = (typeof TABS)[number]['id'];
const CLINICAL_TABS: readonly Tab[] = ['overview', 'treatments'];

/**
 * The patient record, laid out to be scanned: a header that stays in view with who they are,
 * what to watch out for and what to do next, then one tab at a time: when they are due (with
 * events to plan for), treatments, consents, contacts and details.
 */
export function PatientPage({ id, today, tab: asked }: { id: number; today: string; tab?: string | undefined }) {
  const format = useFormat();
  const [patient, setPatient] = useState<Patient | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [consents, setConsents] = useState<Consent[]>([]);
  const [confirmingArchive, setConfirmingArchive] = useState(false);
  const [recordingElsewhere, setRecordingElsewhere] = useState(false);
  const [booked, setBooked] = useState<string | null>(null);
  const can = useCan();
  // Reception sees who the patient is, how to reach them, the alerts, consents and contacts: nothing clinical.
  const clinical = can('treatments.list');
  const tabs = TABS.filter((t) => clinical || !CLINICAL_TABS.includes(t.id));
  const [chosenTab, setChosenTab] = useState<Tab | null>(null);
  // The tab is kept in the address, so a reload or the way back from charting opens it again.
  const setTab = (t: Tab) => {
    setChosenTab(t);
    window.history.replaceState(null, '', `#/patients/${id}${t === 'overview' ? '' : `/${t}`}`);
  };
  const fromAddress = tabs.find((t) => t.id === asked)?.id;
  const tab: Tab = chosenTab ?? fromAddress ?? (clinical ? 'overview' : 'details');
  const tabRefs = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});
  const schedule = useCall('schedule.get', { patientId: id }, clinical);
  const treatments = useCall('treatments.list', { patientId: id }, clinical);
  const catalogue = useCall('catalogue.get', {});
  const contacts = useCall('recall.contacts', { patientId: id });

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
  const name = displayName(patient);
  const records = treatments.data ?? [];

  function onTabKey(e: KeyboardEvent<HTMLDivElement>) {
    const i = tabs.findIndex((t) => t.id === tab);
    const next =
      e.key === 'ArrowRight'
        ? i + 1
        : e.key === 'ArrowLeft'
          ? i - 1
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? tabs.length - 1
              : null;
    if (next === null) return;
    e.preventDefault();
    const t = tabs[(next + tabs.length) % tabs.length]!.id;
    setTab(t);
    tabRefs.current[t]?.focus();
  }
  const count = (t: Tab) =>
    t === 'treatments'
      ? records.length
      : t === 'consents'
        ? consents.length
        : t === 'contacts'
          ? (contacts.data?.length ?? 0)
          : null;

  return (
    <div className="page page-patient">
      <header className="patient-bar">
        <div className="patient-bar-who">
          <p className="eyebrow">
            <a href="#/patients">Patients</a>
          </p>
          <h1>
            {name}
            {patient.archived && <span className="pill pill-muted">Archived</span>}
          </h1>
          <p className="muted patient-bar-facts" data-testid="patient-age">
            {patient.dob ? (
              <>
                {ageOn(patient.dob, today)} years · born <span className="nowrap">{format.date(patient.dob)}</span>
              </>
            ) : (
              'Age unknown'
            )}
            {patient.phone && (
              <>
                {' '}
                · <span className="nowrap">{patient.phone}</span>
              </>
            )}
            {patient.email && ` · ${patient.email}`}
          </p>
          {alerts.length > 0 && (
            <div role="note" aria-label="Alerts">
              <ul className="alert-chips">
                {alerts.map((a) => (
                  <li key={a}>
                    <Icon name="alert" size={14} /> {a}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
        <div className="header-actions patient-bar-actions">
          {!patient.archived && clinical && (
            <a className="button button-primary" href={`#/patients/${id}/treatments/new`}>
              Chart a treatment
            </a>
          )}
          {!patient.archived && (
            <BookButton
              patient={{ id, name }}
              date={schedule.data?.nextRecallDate && schedule.data.nextRecallDate > today ? schedule.data.nextRecallDate : today}
              label="Book appointment"
              onBooked={(text) => {
                setBooked(text);
                schedule.reload();
              }}
            />
          )}
          {can('photos.library') && (
            <a className="button button-secondary" href={`#/patients/${id}/photos`}>
              Photos
            </a>
          )}
          {clinical && (
            <a className="button button-secondary" href={`#/patients/${id}/summary`}>
              Print summary
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
            <button type="button" className="button button-link" onClick={() => setConfirmingArchive(true)}>
              Archive…
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
            <strong>Archive {name}?</strong>
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
      <div className="tabs patient-tabs" role="tablist" aria-label="Patient record" onKeyDown={onTabKey}>
        {tabs.map((t) => (
          <button
            key={t.id}
            ref={(el) => {
              tabRefs.current[t.id] = el;
            }}
            type="button"
            role="tab"
            id={`patient-tab-${t.id}`}
            className="tab"
            aria-selected={tab === t.id}
            aria-controls={`patient-panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
          >
            {t.label}
            {count(t.id) !== null && <span className="count">{count(t.id)}</span>}
          </button>
        ))}
      </div>
      {(schedule.error ?? treatments.error ?? catalogue.error) && (
        <p className="status-error" role="alert">
          {schedule.error ?? treatments.error ?? catalogue.error}
        </p>
      )}
      <div role="tabpanel" id={`patient-panel-${tab}`} aria-labelledby={`patient-tab-${tab}`} className="patient-panel">
        {tab === 'overview' && (
          <div className="patient-overview">
            <div>
              {schedule.data && catalogue.data && (
                <SchedulePanel
                  patientId={id}
                  schedule={schedule.data}
                  today={today}
                  areaNames={new Map(catalogue.data.areas.map((a) => [a.code, a.name]))}
                  onChange={schedule.set}
                />
              )}
            </div>
            <div className="patient-side">
              {schedule.data && (
                <EventsPanel
                  patientId={id}
                  patientName={name}
                  schedule={schedule.data}
                  today={today}
                  onChange={schedule.set}
                  onBooked={setBooked}
                />
              )}
              {catalogue.data && records[0] && (
                <section className="card" aria-labelledby="latest-heading">
                  <h2 id="latest-heading" className="section-title">
                    Latest treatment
                  </h2>
                  <p>
                    <strong className="nowrap">{format.date(records[0].current.performedOn)}</strong>{' '}
                    {catalogue.data.products.find((p) => p.code === records[0]!.current.product)?.brand ?? ''}
                    {records[0].current.status === 'draft' && <span className="pill pill-warn">Draft</span>}
                  </p>
                  <p className="muted small">
                    {records[0].current.areas
                      .map((a) => `${catalogue.data!.areas.find((x) => x.code === a.area)?.name ?? a.area} ${a.units} U`)
                      .join(' · ')}
                  </p>
                  <button type="button" className="button button-link" onClick={() => setTab('treatments')}>
                    All treatments ({records.length})
                  </button>
                </section>
              )}
              <section className="card" aria-labelledby="reach-heading">
                <h2 id="reach-heading" className="section-title">
                  Contact
                </h2>
                <dl className="facts">
                  <dt>Prefers</dt>
                  <dd>{CONTACT_PREFERENCE_LABELS[patient.contactPreference]}</dd>
                  {contacts.data?.[0] && (
                    <>
                      <dt>Last contact</dt>
                      <dd>
                        {RECALL_OUTCOME_LABELS[contacts.data[0].outcome]},{' '}
                        <span className="nowrap">{format.date(contacts.data[0].contactedOn)}</span>
                      </dd>
                    </>
                  )}
                </dl>
              </section>
            </div>
          </div>
        )}
        {tab === 'treatments' && catalogue.data && (
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
              <TreatmentTimeline patientId={id} records={records} catalogue={catalogue.data} />
              <div>
                <h3 className="subsection-title">Dose history</h3>
                <DoseHistory records={records} catalogue={catalogue.data} />
              </div>
            </div>
          </section>
        )}
        {tab === 'consents' && <ConsentsPanel patientId={id} consents={consents} today={today} onChange={setConsents} />}
        {tab === 'contacts' && (
          <section className="card" aria-labelledby="contacts-heading">
            <h2 id="contacts-heading" className="section-title">
              Contact history
            </h2>
            {contacts.data?.length === 0 && (
              <p className="muted">No calls or messages logged yet. Reception logs them from the recall list.</p>
            )}
            {contacts.data && contacts.data.length > 0 && (
              <table className="data-table compact" aria-label="Contact history">
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">What happened</th>
                    <th scope="col">Note</th>
                    <th scope="col">By</th>
                  </tr>
                </thead>
                <tbody>
                  {contacts.data.map((c) => (
                    <tr key={c.id}>
                      <td className="nowrap">{format.dateTime(c.contactedOn, c.contactedAt)}</td>
                      <td>
                        {RECALL_OUTCOME_LABELS[c.outcome]}
                        {c.snoozedUntil && ` until ${format.date(c.snoozedUntil)}`}
                      </td>
                      <td>{c.note || <span className="muted">—</span>}</td>
                      <td>{c.staffName}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        )}
        {tab === 'contacts' && <PatientMessages patientId={id} />}
        {tab === 'details' && (
          <section className="card-grid">
            <article className="card">
              <h2 className="card-title">Contact</h2>
              <dl className="facts">
                <dt>Prefers</dt>
                <dd>{CONTACT_PREFERENCE_LABELS[patient.contactPreference]}</dd>
                <dt>Phone</dt>
                <dd>{patient.phone || '—'}</dd>
                <dt>Email</dt>
                <dd>{patient.email || '—'}</dd>
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
        )}
      </div>
    </div>
  );
}
