import { useEffect, useState } from 'react';
import type { Appointment, AppointmentStatus, Room } from '../../../../shared/calendar';
import { APPOINTMENT_STATUS_LABELS, APPOINTMENT_TYPE_LABELS, RELEASED_STATUSES } from '../../../../shared/calendar';
import type { AppointmentChange } from '../../../../shared/contract';
import type { StaffMember } from '../../../../shared/staff';
import { call } from '../../api';
import { Field } from '../../components/Field';
import { refusedSave } from '../../components/FormActions';
import { DateInput } from '../../components/DateInput';
import { TimeInput } from '../../components/TimeInput';
import { useFormat } from '../../format';

const NEXT_STATUSES: AppointmentStatus[] = ['confirmed', 'arrived', 'completed', 'no_show'];

/** One appointment: its details, status changes, a move without dragging, and its history. */
export function AppointmentPanel({
  appointment: a,
  team,
  rooms,
  today,
  onClose,
  onChanged,
}: {
  appointment: Appointment;
  team: StaffMember[];
  rooms: Room[];
  today: string;
  onClose: () => void;
  onChanged: (message: string) => void | Promise<void>;
}) {
  const format = useFormat();
  const [history, setHistory] = useState<AppointmentChange[]>([]);
  const [moving, setMoving] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const [move, setMove] = useState({
    date: a.date,
    start: a.start,
    end: a.end,
    practitionerId: a.practitionerId,
    roomId: a.roomId,
    overrideReason: '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const released = RELEASED_STATUSES.includes(a.status);

  useEffect(() => {
    void call('appointments.history', { id: a.id }).then(setHistory);
  }, [a]);

  async function setStatus(status: AppointmentStatus) {
    try {
      await call('appointments.setStatus', { id: a.id, status, reason: status === 'cancelled' ? reason : '' });
      setCancelling(false);
      await onChanged(`${a.patientName}: ${APPOINTMENT_STATUS_LABELS[status].toLowerCase()}.`);
    } catch (err) {
      const r = refusedSave(err);
      setErrors(r.fields ?? {});
      setMessage(r.status.kind === 'error' ? r.status.message : null);
    }
  }

  async function saveMove() {
    try {
      const moved = await call('appointments.move', {
        id: a.id,
        ...move,
        overrideReason: move.overrideReason || a.overrideReason,
        allowPast: false,
      });
      setMoving(false);
      setErrors({});
      await onChanged(`${a.patientName} moved to ${format.date(moved.date)} at ${format.time(moved.start)}.`);
    } catch (err) {
      const r = refusedSave(err);
      setErrors(r.fields ?? {});
      setMessage(r.status.kind === 'error' ? r.status.message : null);
    }
  }

  return (
    <aside className="card appointment-panel" aria-label={`Appointment: ${a.patientName}`}>
      <header className="card-header">
        <h2 className="section-title">
          <a href={`#/patients/${a.patientId}`}>{a.patientName}</a>
        </h2>
        <button type="button" className="button button-link" onClick={onClose}>
          Close
        </button>
      </header>
      <dl className="facts">
        <dt>When</dt>
        <dd>
          {format.date(a.date)} {format.time(a.start)}–{format.time(a.end)}
        </dd>
        <dt>Type</dt>
        <dd>{APPOINTMENT_TYPE_LABELS[a.type]}</dd>
        <dt>With</dt>
        <dd>{a.practitionerName}</dd>
        <dt>Room</dt>
        <dd>{a.roomName ?? '—'}</dd>
        <dt>Status</dt>
        <dd>
          <span className={`pill appt-status-pill-${a.status}`}>{APPOINTMENT_STATUS_LABELS[a.status]}</span>
          {a.cancelReason && <span className="muted small"> {a.cancelReason}</span>}
        </dd>
        {a.patientPhone && (
          <>
            <dt>Phone</dt>
            <dd>{a.patientPhone}</dd>
          </>
        )}
        {a.planned && (
          <>
            <dt>Planned</dt>
            <dd>
              {a.planned.product}: {a.planned.areas.map((x) => `${x.area} ${x.units} U`).join(', ')}
            </dd>
          </>
        )}
        {a.overrideReason && (
          <>
            <dt>Override</dt>
            <dd>{a.overrideReason}</dd>
          </>
        )}
        {a.notes && (
          <>
            <dt>Notes</dt>
            <dd>{a.notes}</dd>
          </>
        )}
      </dl>
      {a.findings.length > 0 && (
        <ul className="findings">
          {a.findings.map((f) => (
            <li key={`${f.code}${f.area ?? ''}`} className={`finding finding-${f.severity}`}>
              {f.message}
            </li>
          ))}
        </ul>
      )}
      {message && (
        <p className="status-error" role="alert">
          {message}
        </p>
      )}
      {!released && (
        <div className="panel-actions" role="group" aria-label="Status">
          {NEXT_STATUSES.filter((s) => s !== a.status).map((s) => (
            <button key={s} type="button" className="button button-secondary button-small" onClick={() => void setStatus(s)}>
              {APPOINTMENT_STATUS_LABELS[s]}
            </button>
          ))}
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() => setMoving(!moving)}
            aria-expanded={moving}
          >
            Move…
          </button>
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() => setCancelling(!cancelling)}
            aria-expanded={cancelling}
          >
            Cancel…
          </button>
        </div>
      )}
      {cancelling && (
        <div className="inline-form">
          <Field id="cancel-reason" label="Reason for cancelling" error={errors.reason}>
            <input value={reason} onChange={(e) => setReason(e.target.value)} />
          </Field>
          <button type="button" className="button button-danger" onClick={() => void setStatus('cancelled')}>
            Cancel appointment
          </button>
        </div>
      )}
      {moving && (
        <div className="inline-form" role="group" aria-label="Move appointment">
          <div className="form-grid form-grid-2">
            <Field id="move-date" label="New date" error={errors.date}>
              <DateInput min={today} value={move.date} onChange={(v) => setMove({ ...move, date: v })} />
            </Field>
            <Field id="move-practitioner" label="Practitioner" error={errors.practitionerId}>
              <select value={move.practitionerId} onChange={(e) => setMove({ ...move, practitionerId: Number(e.target.value) })}>
                {team.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="move-start" label="Start" error={errors.start}>
              <TimeInput value={move.start} onChange={(v) => setMove({ ...move, start: v })} />
            </Field>
            <Field id="move-end" label="End" error={errors.end}>
              <TimeInput value={move.end} onChange={(v) => setMove({ ...move, end: v })} />
            </Field>
            <Field id="move-room" label="Room" error={errors.roomId}>
              <select
                value={move.roomId ?? ''}
                onChange={(e) => setMove({ ...move, roomId: e.target.value ? Number(e.target.value) : null })}
              >
                <option value="">No room</option>
                {rooms
                  .filter((r) => r.active)
                  .map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.name}
                    </option>
                  ))}
              </select>
            </Field>
            {errors.overrideReason && (
              <Field id="move-override" label="Reason for booking despite the warnings" error={errors.overrideReason}>
                <input value={move.overrideReason} onChange={(e) => setMove({ ...move, overrideReason: e.target.value })} />
              </Field>
            )}
          </div>
          <button type="button" className="button button-primary" onClick={() => void saveMove()}>
            Save new time
          </button>
        </div>
      )}
      <h3 className="subsection-title">History</h3>
      {history.length === 0 && <p className="muted small">No changes recorded yet.</p>}
      <ol className="history" aria-label="Appointment history">
        {history.map((h, i) => (
          <li key={i}>
            <span className="muted small">
              {h.day} {h.time} · {h.staffName}
            </span>
            <br />
            {format.text(h.summary)}
          </li>
        ))}
      </ol>
    </aside>
  );
}
