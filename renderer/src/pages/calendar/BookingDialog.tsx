import { useEffect, useReducer, useRef, useState, type FocusEvent, type FormEvent } from 'react';
import { flushSync } from 'react-dom';
import type { Appointment, AppointmentType, BookingInput, CalendarSetup } from '../../../../shared/calendar';
import { APPOINTMENT_TYPE_LABELS, APPOINTMENT_TYPES } from '../../../../shared/calendar';
import type { Catalogue, InputOf } from '../../../../shared/contract';
import { displayName } from '../../../../shared/patients';
import type { StaffMember } from '../../../../shared/staff';
import { call, errorMessage } from '../../api';
import { AreaUnitsEditor } from '../../components/AreaUnitsEditor';
import { DateInput } from '../../components/DateInput';
import { Field } from '../../components/Field';
import { refusedSave } from '../../components/FormActions';
import { TimeInput } from '../../components/TimeInput';
import { useFormat } from '../../format';
import { useFocusFirstInvalid } from '../../useFocusFirstInvalid';
import { useReturnFocus } from '../../useReturnFocus';
import { useCan } from '../../session';
import {
  bookingInput,
  bookingReducer,
  endOf,
  freeSlotsKey,
  initialBooking,
  isTreating,
  checkedProblems,
  isPastTime,
  previewKey,
  shownFreeSlots,
  verdict,
  type BookingSlot,
} from './bookingState';

export type { BookingSlot } from './bookingState';

/** The booking's fields that say their own problems; the end is the length's. */
const FIELDS_SHOWN = new Set(['practitionerId', 'roomId', 'date', 'start', 'end']);

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
  // Reception does not see treatment details: the main process plans its treatment bookings from the last treatment.
  const plans = can('appointments.lastPlanned');
  const [s, dispatch] = useReducer(bookingReducer, slot, (start) => initialBooking(start, setup, plans));
  const [catalogue, setCatalogue] = useState<Catalogue | null>(null);
  useReturnFocus();
  const format = useFormat();
  const treating = isTreating(s);
  const end = endOf(s);
  const { preview, warn, blocked, pastProblem, problems, canBook } = verdict(s);
  // What is in the way of a field the dialog shows (the clinic closed that day, a clash at that
  // time) is said under that field as the booking is put together; the rest in the list below.
  // While a changed booking is being checked again, the last answer stays under the fields, so
  // the messages (and the fields below them) do not blink at each key typed.
  const checked = checkedProblems(s);
  const atField = (field: string): string | undefined => {
    const refused = s.errors[field];
    // A past time is asked about with its own checkbox, not said under the date.
    if (refused && !isPastTime(refused)) return refused;
    const found = checked.filter((p) => p.field === field).map((p) => format.text(p.message));
    return found.length > 0 ? found.join('; ') : undefined;
  };
  const listed = problems.filter((p) => !FIELDS_SHOWN.has(p.field));
  const freeSlots = shownFreeSlots(s);
  const practitionerName = team.find((m) => m.id === s.practitionerId)?.name;

  useEffect(() => {
    void call('catalogue.get', {}).then(setCatalogue);
  }, []);

  // Patient search as you type; an answer to older text is dropped by the reducer.
  const text = s.patientText;
  const searching = !s.patient && text.trim().length >= 2;
  useEffect(() => {
    if (!searching) return;
    const timer = setTimeout(() => {
      void call('patients.list', { text, sort: 'name', includeArchived: false }).then((l) =>
        dispatch({ type: 'results', text, results: l.patients }),
      );
    }, 80);
    return () => clearTimeout(timer);
  }, [text, searching]);

  // A booking for a patient treated before starts as a treatment, unless its type was given or chosen.
  const patientId = s.patient?.id ?? null;
  const { typeChosen } = s;
  useEffect(() => {
    if (patientId === null || typeChosen) return;
    let latest = true;
    call('appointments.usualType', { patientId })
      .then((value) => latest && dispatch({ type: 'usualType', patientId, value, typeMinutes: setup.typeMinutes }))
      .catch(() => undefined);
    return () => {
      latest = false;
    };
  }, [patientId, typeChosen, setup.typeMinutes]);

  // "As last time": a treatment booking starts from what the patient had before, unless the user changed it.
  useEffect(() => {
    if (patientId === null || !treating || !plans) return;
    let latest = true;
    call('appointments.lastPlanned', { patientId })
      .then((planned) => latest && planned && planned.areas.length > 0 && dispatch({ type: 'lastTime', planned }))
      .catch(() => undefined);
    return () => {
      latest = false;
    };
  }, [patientId, treating, plans]);

  // The rules' check of the booking as it stands, a moment after the last change.
  const checkKey = previewKey(s);
  useEffect(() => {
    if (checkKey === null) return;
    let latest = true;
    const timer = setTimeout(() => {
      call('appointments.preview', { booking: JSON.parse(checkKey) as BookingInput, excludeId: null })
        .then((value) => latest && dispatch({ type: 'preview', answer: { key: checkKey, value } }))
        .catch(() => undefined);
    }, 150);
    return () => {
      latest = false;
      clearTimeout(timer);
    };
  }, [checkKey]);

  // The next free times with this practitioner from the chosen day. The answer may move the date
  // and time (the first free time, held while the user is in either field), so it is drawn at once,
  // in the same task: were it left for React's next render, the user could go into the field
  // between the two, and the move, decided before they arrived, would still rewrite the field.
  const slotsKey = freeSlotsKey(s);
  useEffect(() => {
    if (slotsKey === null) return;
    let latest = true;
    const timer = setTimeout(() => {
      call('appointments.freeSlots', JSON.parse(slotsKey) as InputOf<'appointments.freeSlots'>)
        .then((value) => latest && flushSync(() => dispatch({ type: 'freeSlots', answer: { key: slotsKey, value } })))
        .catch(() => undefined);
    }, 150);
    return () => {
      latest = false;
      clearTimeout(timer);
    };
  }, [slotsKey]);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  // A refused booking puts the keyboard on the first field it names.
  const form = useRef<HTMLFormElement>(null);
  const focusFirstInvalid = useFocusFirstInvalid(form);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const input = bookingInput(s);
    if (!input) {
      dispatch({
        type: 'refused',
        errors: {
          ...(s.patient ? {} : { patientId: 'Choose a patient' }),
          ...(s.practitionerId === null ? { practitionerId: 'Choose a practitioner' } : {}),
        },
        message: null,
      });
      focusFirstInvalid();
      return;
    }
    dispatch({ type: 'submitting' });
    try {
      await onBooked(await call('appointments.book', input));
    } catch (err) {
      const r = refusedSave(err);
      dispatch({ type: 'refused', errors: r.fields ?? {}, message: r.fields ? null : errorMessage(err) });
      if (r.fields) focusFirstInvalid();
    }
  }

  const choose = (p: { id: number; name: string }) => dispatch({ type: 'choosePatient', patient: p });
  // With the patient known (given, or just chosen), the keyboard starts at the first field of the
  // booking itself; without one, at the patient search (its autoFocus).
  const typeField = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    if (patientId !== null) typeField.current?.focus();
  }, [patientId]);
  // Going into the date or start field is where typing a time begins (a click or Tab there selects
  // what is in it, to be typed over): while the user is there, the first free time waits; it moves
  // the fields when they leave without having typed (see bookingState's inTimeField).
  const whenFocused = () => dispatch({ type: 'whenFocused' });
  // Leaving means for somewhere other than the start field or the date field (its month grid too).
  const whenLeft = (e: FocusEvent) => {
    const to = e.relatedTarget;
    const staying =
      to instanceof Element && (to.id === 'booking-start' || to.closest('.date-input')?.querySelector('#booking-date') != null);
    if (!staying) dispatch({ type: 'whenLeft' });
  };
  const chosenSlot = (d: string, start: string) => s.date === d && s.start === start;

  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="booking-title">
        <form ref={form} onSubmit={(e) => void submit(e)} noValidate>
          <header className="modal-header">
            <h2 id="booking-title">{slot.title ?? 'New booking'}</h2>
            <button type="button" className="button button-link" onClick={onClose} aria-label="Close">
              Close
            </button>
          </header>
          <div className="modal-body">
            {s.patient ? (
              <div className="field">
                <span className="field-label">Patient</span>
                <p className="chosen-patient">
                  <strong data-testid="booking-patient">{s.patient.name}</strong>{' '}
                  <button type="button" className="button button-link" onClick={() => dispatch({ type: 'changePatient' })}>
                    Change
                  </button>
                </p>
              </div>
            ) : (
              <div className="patient-picker">
                <Field
                  id="booking-patient-search"
                  label="Patient"
                  hint="Type part of a name or any part of the phone number"
                  error={s.errors.patientId}
                >
                  <input
                    value={s.patientText}
                    onChange={(e) => dispatch({ type: 'patientText', text: e.target.value })}
                    onKeyDown={(e) => {
                      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                        e.preventDefault();
                        dispatch({ type: 'moveActive', by: e.key === 'ArrowDown' ? 1 : -1 });
                      } else if (e.key === 'Enter' && s.results[s.active]) {
                        e.preventDefault();
                        const p = s.results[s.active]!;
                        choose({ id: p.id, name: displayName(p) });
                      }
                    }}
                    role="combobox"
                    aria-expanded={s.results.length > 0}
                    aria-controls="booking-patient-results"
                    aria-autocomplete="list"
                    aria-activedescendant={s.results[s.active] ? `booking-patient-${s.results[s.active]!.id}` : undefined}
                    autoComplete="off"
                    autoFocus
                  />
                </Field>
                {s.results.length > 0 && (
                  <ul id="booking-patient-results" role="listbox" aria-label="Matching patients" className="picker-results">
                    {s.results.map((p, i) => (
                      <li
                        key={p.id}
                        id={`booking-patient-${p.id}`}
                        role="option"
                        aria-selected={i === s.active}
                        className={i === s.active ? 'row-active' : undefined}
                        onMouseDown={(e) => {
                          e.preventDefault();
                          choose({ id: p.id, name: displayName(p) });
                        }}
                      >
                        {displayName(p)}{' '}
                        <span className="muted small">{[p.dob && format.date(p.dob), p.phone].filter(Boolean).join(' · ')}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            )}
            {/* Who and where on the first row; when on the second, the date, start and length side by side. */}
            <div className="form-grid form-grid-3">
              <Field id="booking-type" label="Type" error={s.errors.type}>
                <select
                  ref={typeField}
                  value={s.type}
                  onChange={(e) => {
                    const t = e.target.value as AppointmentType;
                    dispatch({ type: 'appointmentType', value: t, minutes: setup.typeMinutes[t] });
                  }}
                >
                  {APPOINTMENT_TYPES.map((t) => (
                    <option key={t} value={t}>
                      {APPOINTMENT_TYPE_LABELS[t]}
                    </option>
                  ))}
                </select>
              </Field>
              <Field id="booking-practitioner" label="Practitioner" error={atField('practitionerId')}>
                <select
                  value={s.practitionerId ?? ''}
                  onChange={(e) =>
                    dispatch({ type: 'field', field: 'practitionerId', value: e.target.value ? Number(e.target.value) : null })
                  }
                >
                  <option value="">Choose…</option>
                  {team.map((m) => (
                    <option key={m.id} value={m.id}>
                      {m.name}
                    </option>
                  ))}
                </select>
              </Field>
              <Field id="booking-room" label="Room" error={atField('roomId')}>
                <select
                  value={s.roomId ?? ''}
                  onChange={(e) =>
                    dispatch({ type: 'field', field: 'roomId', value: e.target.value ? Number(e.target.value) : null })
                  }
                >
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
              <Field id="booking-date" label="Date" hint={format.datePattern} error={atField('date')}>
                <DateInput
                  value={s.date}
                  onFocus={whenFocused}
                  onBlur={whenLeft}
                  onChange={(v) => dispatch({ type: 'field', field: 'date', value: v })}
                />
              </Field>
              <Field id="booking-start" label="Start" error={atField('start')}>
                <TimeInput
                  value={s.start}
                  onFocus={whenFocused}
                  onBlur={whenLeft}
                  onChange={(v) => dispatch({ type: 'field', field: 'start', value: v })}
                />
              </Field>
              <Field id="booking-minutes" label="Length (minutes)" hint={`Ends ${format.time(end)}`} error={atField('end')}>
                <input
                  type="number"
                  min={5}
                  max={480}
                  step={5}
                  value={s.minutes}
                  onChange={(e) => dispatch({ type: 'field', field: 'minutes', value: e.target.valueAsNumber || 0 })}
                />
              </Field>
            </div>
            {freeSlots !== null && practitionerName && (
              <div className="suggestions free-slots" role="group" aria-label={`Next free times with ${practitionerName}`}>
                <span className="muted small">
                  {freeSlots.length === 0
                    ? `${practitionerName} has no free ${s.minutes} minutes in the next three months from this day.`
                    : `Next free with ${practitionerName}:`}
                </span>
                {freeSlots.map((f) => (
                  <button
                    key={`${f.date} ${f.start}`}
                    type="button"
                    className="button button-secondary button-small"
                    aria-pressed={chosenSlot(f.date, f.start)}
                    // Pressed with the pointer, the button leaves the focus where it is: leaving the
                    // date or start field would first move them to a waiting first free time, and
                    // the form redrawn under the pointer could lose the click.
                    onMouseDown={(e) => e.preventDefault()}
                    onClick={() => dispatch({ type: 'chooseSlot', slot: f })}
                  >
                    {format.shortDay(f.date)} {format.time(f.start)}
                  </button>
                ))}
              </div>
            )}
            {preview && preview.suggestions.length > 0 && (
              <div className="suggestions" role="group" aria-label="Suggested dates">
                <span className="muted small">Suggested:</span>
                {preview.suggestions.map((sg) => (
                  <button
                    key={`${sg.label}${sg.date}`}
                    type="button"
                    className="button button-secondary button-small"
                    onClick={() => dispatch({ type: 'field', field: 'date', value: sg.date })}
                  >
                    {sg.label}: {format.date(sg.date)}
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
                <Field id="booking-product" label="Product" error={s.errors['planned.product']}>
                  <select
                    value={s.planned.product}
                    onChange={(e) => dispatch({ type: 'planned', planned: { ...s.planned, product: e.target.value } })}
                  >
                    {catalogue.products.map((p) => (
                      <option key={p.code} value={p.code}>
                        {p.brand}
                      </option>
                    ))}
                  </select>
                </Field>
                <AreaUnitsEditor
                  idPrefix="booking"
                  areas={s.planned.areas}
                  catalogueAreas={catalogue.areas}
                  errors={{}}
                  onChange={(areas) => dispatch({ type: 'planned', planned: { ...s.planned, areas } })}
                />
                {s.errors.planned && <p className="field-error">{s.errors.planned}</p>}
              </fieldset>
            )}
            {listed.length > 0 && (
              <ul className="booking-problems" aria-label="Cannot book yet">
                {listed.map((p) => (
                  <li key={p.field + p.message}>{format.text(p.message)}</li>
                ))}
              </ul>
            )}
            {pastProblem && (
              <label className="check">
                <input
                  type="checkbox"
                  checked={s.allowPast}
                  onChange={(e) => dispatch({ type: 'field', field: 'allowPast', value: e.target.checked })}
                />{' '}
                This time has passed: record it anyway
              </label>
            )}
            {treating && preview?.rules && preview.rules.findings.length > 0 && (
              <ul className="findings" aria-label="Booking check">
                {preview.rules.findings.map((f) => (
                  <li key={`${f.code}${f.area ?? ''}`} className={`finding finding-${f.severity}`}>
                    <strong>
                      {f.severity === 'block' ? 'Stops the treatment' : f.severity === 'warn' ? 'Warning' : 'Note'}:
                    </strong>{' '}
                    {format.text(f.message)}
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
              <Field id="booking-override" label="Reason for booking despite the warnings" error={s.errors.overrideReason}>
                <textarea
                  rows={2}
                  value={s.overrideReason}
                  onChange={(e) => dispatch({ type: 'field', field: 'overrideReason', value: e.target.value })}
                />
              </Field>
            )}
            <Field id="booking-notes" label="Notes" error={s.errors.notes}>
              <input value={s.notes} onChange={(e) => dispatch({ type: 'field', field: 'notes', value: e.target.value })} />
            </Field>
            {s.message && (
              <p className="status-error" role="alert">
                {format.text(s.message)}
              </p>
            )}
          </div>
          <footer className="modal-footer">
            <button type="button" className="button button-secondary" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="button button-primary" disabled={!canBook}>
              Book
            </button>
          </footer>
        </form>
      </div>
    </div>
  );
}
