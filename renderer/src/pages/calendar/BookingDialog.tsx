import { useEffect, useRef, useState, type FormEvent } from 'react';
import type {
  Appointment,
  AppointmentType,
  BookingInput,
  BookingPreview,
  CalendarSetup,
  PlannedTreatment,
} from '../../../../shared/calendar';
import { APPOINTMENT_TYPE_LABELS, APPOINTMENT_TYPES, TREATING_TYPES } from '../../../../shared/calendar';
import type { Catalogue } from '../../../../shared/contract';
import { displayName, type PatientSummary } from '../../../../shared/patients';
import type { StaffMember } from '../../../../shared/staff';
import { minutesOf, timeFromMinutes } from '../../../../shared/zonedTime';
import { call, errorMessage } from '../../api';
import { AreaUnitsEditor } from '../../components/AreaUnitsEditor';
import { Field } from '../../components/Field';
import { refusedSave } from '../../components/FormActions';
import { useCan } from '../../session';

export interface BookingSlot {
  date: string;
  start: string;
  practitionerId: number | null;
  patient?: { id: number; name: string };
  type?: AppointmentType;
  title?: string;
}

const emptyPlanned = (): PlannedTreatment => ({ product: 'botox', areas: [] });

/** Booking an appointment: who, what, with whom, where and when, with the rules' findings before anything is saved. */
export function BookingDialog({
  slot,
  team,
  setup,
  onClose,
  onBooked,
}: {
  slot: BookingSlot;
  team: StaffMember[];
  setup: CalendarSetup;
  onClose: () => void;
  onBooked: (a: Appointment) => void | Promise<void>;
}) {
  const can = useCan();
  const [patient, setPatient] = useState<{ id: number; name: string } | null>(slot.patient ?? null);
  const [patientText, setPatientText] = useState('');
  const [results, setResults] = useState<PatientSummary[]>([]);
  const [active, setActive] = useState(0);
  const [type, setType] = useState<AppointmentType>(slot.type ?? 'consultation');
  const [practitionerId, setPractitionerId] = useState<number | null>(slot.practitionerId);
  const [roomId, setRoomId] = useState<number | null>(null);
  const [date, setDate] = useState(slot.date);
  const [start, setStart] = useState(slot.start);
  const [minutes, setMinutes] = useState(setup.typeMinutes[slot.type ?? 'consultation']);
  const [planned, setPlanned] = useState<PlannedTreatment>(emptyPlanned());
  const [notes, setNotes] = useState('');
  const [overrideReason, setOverrideReason] = useState('');
  const [allowPast, setAllowPast] = useState(false);
  const [catalogue, setCatalogue] = useState<Catalogue | null>(null);
  const [preview, setPreview] = useState<BookingPreview | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const dialogRef = useRef<HTMLDivElement>(null);
  const treating = TREATING_TYPES.includes(type);
  const end = minutesOf(start) + minutes < 24 * 60 ? timeFromMinutes(minutesOf(start) + minutes) : '23:59';

  useEffect(() => {
    void call('catalogue.get', {}).then(setCatalogue);
  }, []);

  // Patient search as you type.
  useEffect(() => {
    if (patient || patientText.trim().length < 2) {
      setResults([]);
      return;
    }
    let latest = true;
    void call('patients.list', { text: patientText, sort: 'name', includeArchived: false }).then((l) => {
      if (!latest) return;
      setResults(l.patients.slice(0, 8));
      setActive(0);
    });
    return () => {
      latest = false;
    };
  }, [patientText, patient]);

  // "Last time": a treatment booking starts from what the patient had before. Reception does not
  // see treatment details: the main process plans their bookings from the last treatment itself.
  const plans = can('treatments.prefill');
  useEffect(() => {
    if (!patient || !treating || !plans) return;
    call('treatments.prefill', { patientId: patient.id })
      .then((p) => {
        if (p.product && p.areas.length)
          setPlanned({ product: p.product, areas: p.areas.map((a) => ({ area: a.area, units: a.units })) });
      })
      .catch(() => undefined);
  }, [patient, treating, plans]);

  const input: BookingInput | null =
    patient && practitionerId !== null
      ? {
          patientId: patient.id,
          type,
          practitionerId,
          roomId,
          date,
          start,
          end,
          planned: treating && plans ? planned : null,
          notes,
          overrideReason,
          allowPast,
        }
      : null;
  const key = JSON.stringify(input);
  useEffect(() => {
    if (!input || !(end > start) || (treating && planned.areas.some((a) => !(a.units > 0)))) {
      setPreview(null);
      return;
    }
    let latest = true;
    const timer = setTimeout(() => {
      call('appointments.preview', { booking: input, excludeId: null })
        .then((p) => latest && setPreview(p))
        .catch(() => latest && setPreview(null));
    }, 150);
    return () => {
      latest = false;
      clearTimeout(timer);
    };
    // The key stands for the whole input.
  }, [key]);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!input) {
      setErrors({
        ...(patient ? {} : { patientId: 'Choose a patient' }),
        ...(practitionerId === null ? { practitionerId: 'Choose a practitioner' } : {}),
      });
      return;
    }
    setBusy(true);
    try {
      await onBooked(await call('appointments.book', input));
    } catch (err) {
      const r = refusedSave(err);
      setErrors(r.fields ?? {});
      setMessage(r.fields ? null : errorMessage(err));
      setBusy(false);
    }
  }

  const warn = preview?.rules?.findings.some((f) => f.severity === 'warn') ?? false;
  const blocked = treating && preview?.rules?.verdict === 'block';
  const pastProblem = preview?.problems.find((p) => p.field === 'date' && p.message.startsWith('This time has already passed'));
  const problems = preview?.problems.filter((p) => p !== pastProblem) ?? [];

  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="booking-title" ref={dialogRef}>
        <form onSubmit={(e) => void submit(e)} noValidate>
          <header className="modal-header">
            <h2 id="booking-title">{slot.title ?? 'New booking'}</h2>
            <button type="button" className="button button-link" onClick={onClose} aria-label="Close">
              Close
            </button>
          </header>
          <div className="modal-body">
            {patient ? (
              <div className="field">
                <span className="field-label">Patient</span>
                <p className="chosen-patient">
                  <strong data-testid="booking-patient">{patient.name}</strong>{' '}
                  <button type="button" className="button button-link" onClick={() => setPatient(null)}>
                    Change
                  </button>
                </p>
              </div>
            ) : (
              <div className="patient-picker">
                <Field
                  id="booking-patient-search"
                  label="Patient"
                  hint="Type part of a name or phone number"
                  error={errors.patientId}
                >
                  <input
                    value={patientText}
                    onChange={(e) => setPatientText(e.target.value)}
                    onKeyDown={(e) => {
                      if (e.key === 'ArrowDown') {
                        e.preventDefault();
                        setActive((i) => Math.min(i + 1, results.length - 1));
                      } else if (e.key === 'ArrowUp') {
                        e.preventDefault();
                        setActive((i) => Math.max(i - 1, 0));
                      } else if (e.key === 'Enter' && results[active]) {
                        e.preventDefault();
                        setPatient({ id: results[active].id, name: displayName(results[active]) });
                      }
                    }}
                    role="combobox"
                    aria-expanded={results.length > 0}
                    aria-controls="booking-patient-results"
                    aria-autocomplete="list"
                    aria-activedescendant={results[active] ? `booking-patient-${results[active].id}` : undefined}
                    autoComplete="off"
                    autoFocus
                  />
                </Field>
                {results.length > 0 && (
                  <ul id="booking-patient-results" role="listbox" aria-label="Matching patients" className="picker-results">
                    {results.map((p, i) => (
                      <li
                        key={p.id}
                        id={`booking-patient-${p.id}`}
                        role="option"
                        aria-selected={i === active}
                        className={i === active ? 'row-active' : undefined}
                        onMouseDown={(e) => {
                          e.preventDefault();
                          setPatient({ id: p.id, name: displayName(p) });
                        }}
                      >
                        {displayName(p)} <span className="muted small">{[p.dob, p.phone].filter(Boolean).join(' · ')}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            )}
            <div className="form-grid form-grid-4">
              <Field id="booking-type" label="Type" error={errors.type}>
                <select
                  value={type}
                  onChange={(e) => {
                    const t = e.target.value as AppointmentType;
                    setType(t);
                    setMinutes(setup.typeMinutes[t]);
                  }}
                >
                  {APPOINTMENT_TYPES.map((t) => (
                    <option key={t} value={t}>
                      {APPOINTMENT_TYPE_LABELS[t]}
                    </option>
                  ))}
                </select>
              </Field>
              <Field id="booking-practitioner" label="Practitioner" error={errors.practitionerId}>
                <select
                  value={practitionerId ?? ''}
                  onChange={(e) => setPractitionerId(e.target.value ? Number(e.target.value) : null)}
                >
                  <option value="">Choose…</option>
                  {team.map((m) => (
                    <option key={m.id} value={m.id}>
                      {m.name}
                    </option>
                  ))}
                </select>
              </Field>
              <Field id="booking-room" label="Room" error={errors.roomId}>
                <select value={roomId ?? ''} onChange={(e) => setRoomId(e.target.value ? Number(e.target.value) : null)}>
                  <option value="">No room</option>
                  {setup.rooms
                    .filter((r) => r.active)
                    .map((r) => (
                      <option key={r.id} value={r.id}>
                        {r.name}
                      </option>
                    ))}
                </select>
              </Field>
              <Field
                id="booking-date"
                label="Date"
                error={errors.date && !errors.date.startsWith('This time has already passed') ? errors.date : undefined}
              >
                <input type="date" value={date} onChange={(e) => setDate(e.target.value)} />
              </Field>
              <Field id="booking-start" label="Start" error={errors.start}>
                <input type="time" step={300} value={start} onChange={(e) => setStart(e.target.value)} />
              </Field>
              <Field id="booking-minutes" label="Length (minutes)" hint={`Ends ${end}`} error={errors.end}>
                <input
                  type="number"
                  min={5}
                  max={480}
                  step={5}
                  value={minutes}
                  onChange={(e) => setMinutes(e.target.valueAsNumber || 0)}
                />
              </Field>
            </div>
            {preview && preview.suggestions.length > 0 && (
              <div className="suggestions" role="group" aria-label="Suggested dates">
                <span className="muted small">Suggested:</span>
                {preview.suggestions.map((s) => (
                  <button
                    key={`${s.label}${s.date}`}
                    type="button"
                    className="button button-secondary button-small"
                    onClick={() => setDate(s.date)}
                  >
                    {s.label}: {s.date}
                  </button>
                ))}
              </div>
            )}
            {treating && !plans && (
              <p className="muted" data-testid="planned-as-last-time">
                Planned as the patient’s last treatment; the practitioner confirms what is given at the visit.
              </p>
            )}
            {treating && plans && catalogue && (
              <fieldset className="planned">
                <legend>What will be given</legend>
                <Field id="booking-product" label="Product" error={errors['planned.product']}>
                  <select value={planned.product} onChange={(e) => setPlanned({ ...planned, product: e.target.value })}>
                    {catalogue.products.map((p) => (
                      <option key={p.code} value={p.code}>
                        {p.brand}
                      </option>
                    ))}
                  </select>
                </Field>
                <AreaUnitsEditor
                  idPrefix="booking"
                  areas={planned.areas}
                  catalogueAreas={catalogue.areas}
                  errors={{}}
                  onChange={(areas) => setPlanned({ ...planned, areas })}
                />
                {errors.planned && <p className="field-error">{errors.planned}</p>}
              </fieldset>
            )}
            {problems.length > 0 && (
              <ul className="booking-problems" aria-label="Cannot book yet">
                {problems.map((p) => (
                  <li key={p.field + p.message}>{p.message}</li>
                ))}
              </ul>
            )}
            {pastProblem && (
              <label className="check">
                <input type="checkbox" checked={allowPast} onChange={(e) => setAllowPast(e.target.checked)} /> This time has
                passed: record it anyway
              </label>
            )}
            {treating && preview?.rules && preview.rules.findings.length > 0 && (
              <ul className="findings" aria-label="Booking check">
                {preview.rules.findings.map((f) => (
                  <li key={`${f.code}${f.area ?? ''}`} className={`finding finding-${f.severity}`}>
                    <strong>
                      {f.severity === 'block' ? 'Stops the treatment' : f.severity === 'warn' ? 'Warning' : 'Note'}:
                    </strong>{' '}
                    {f.message}
                  </li>
                ))}
              </ul>
            )}
            {blocked && (
              <p className="status-error">
                A treatment cannot be booked for this patient now. A consultation can still be booked.
              </p>
            )}
            {treating && warn && !blocked && (
              <Field id="booking-override" label="Reason for booking despite the warnings" error={errors.overrideReason}>
                <textarea rows={2} value={overrideReason} onChange={(e) => setOverrideReason(e.target.value)} />
              </Field>
            )}
            <Field id="booking-notes" label="Notes" error={errors.notes}>
              <input value={notes} onChange={(e) => setNotes(e.target.value)} />
            </Field>
            {message && (
              <p className="status-error" role="alert">
                {message}
              </p>
            )}
          </div>
          <footer className="modal-footer">
            <button type="button" className="button button-secondary" onClick={onClose}>
              Cancel
            </button>
            <button
              type="submit"
              className="button button-primary"
              disabled={busy || blocked || (treating && warn && overrideReason.trim() === '')}
            >
              Book
            </button>
          </footer>
        </form>
      </div>
    </div>
  );
}
