import { useMemo, useState, type FormEvent } from 'react';
import type { CalendarSetup } from '../../../../shared/calendar';
import { APPOINTMENT_TYPE_LABELS, APPOINTMENT_TYPES } from '../../../../shared/calendar';
import type { ClinicSettings, Weekday } from '../../../../shared/settings';
import { WEEKDAY_NAMES, WEEKDAYS } from '../../../../shared/settings';
import { canInject } from '../../../../shared/staff';
import { call } from '../../api';
import { Field } from '../../components/Field';
import { refusedSave } from '../../components/FormActions';
import { useCall } from '../../useCall';
import { DateInput } from '../../components/DateInput';
import { TimeInput } from '../../components/TimeInput';
import { useFormat } from '../../format';

type DayRow = { weekday: Weekday; isWorking: boolean; starts: string; ends: string };

/** How long each kind of appointment takes, the rooms, who works when, and when nobody does. */
export function CalendarSettings({ settings, today }: { settings: ClinicSettings; today: string }) {
  const format = useFormat();
  const setup = useCall('calendar.setup', {});
  const team = useCall('team.list', {});
  const [room, setRoom] = useState('');
  const [dayOff, setDayOff] = useState({ staffId: '', day: today, reason: '' });
  const [staffId, setStaffId] = useState<number | null>(null);
  const saved = setup.data;
  // The chosen practitioner's hours as saved (the clinic's opening hours where none are set), and the edits made to them.
  const savedHours = useMemo(
    (): DayRow[] =>
      staffId === null || !saved
        ? []
        : WEEKDAYS.map((weekday) => {
            const o = saved.hours.find((h) => h.staffId === staffId && h.weekday === weekday);
            const clinic = settings.openingHours.find((h) => h.day === weekday)!;
            return o
              ? { weekday, isWorking: o.isWorking, starts: o.starts, ends: o.ends }
              : { weekday, isWorking: clinic.open, starts: clinic.opens, ends: clinic.closes };
          }),
    [staffId, saved, settings.openingHours],
  );
  const [edited, setEdited] = useState<{ staffId: number; days: DayRow[] } | null>(null);
  const hours = edited !== null && edited.staffId === staffId ? edited.days : savedHours;
  const setHours = (days: DayRow[]) => staffId !== null && setEdited({ staffId, days });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const practitioners = team.data?.filter((m) => m.active && canInject(m)) ?? [];

  async function run(action: () => Promise<CalendarSetup>, done: string) {
    try {
      setup.set(await action());
      setErrors({});
      setMessage(done);
    } catch (err) {
      const r = refusedSave(err);
      setErrors(r.fields ?? {});
      setMessage(r.status.kind === 'error' ? r.status.message : null);
    }
  }

  if (!setup.data) return <p className="muted">Loading…</p>;
  const name = (id: number | null) => (id === null ? 'Whole clinic' : (team.data?.find((m) => m.id === id)?.name ?? `#${id}`));

  return (
    <div className="stack">
      {message && (
        <p role="status" className={Object.keys(errors).length ? 'status-error' : 'status-ok'}>
          {message}
        </p>
      )}
      <section className="card">
        <h2 className="section-title">Appointment lengths</h2>
        <div className="form-grid form-grid-4">
          {APPOINTMENT_TYPES.map((t) => (
            <Field key={t} id={`minutes-${t}`} label={`${APPOINTMENT_TYPE_LABELS[t]} (minutes)`}>
              <input
                type="number"
                min={5}
                max={480}
                step={5}
                defaultValue={setup.data!.typeMinutes[t]}
                onBlur={(e) => {
                  const minutes = e.target.valueAsNumber;
                  if (minutes !== setup.data!.typeMinutes[t])
                    void run(
                      () => call('calendar.setTypeMinutes', { type: t, minutes }),
                      `${APPOINTMENT_TYPE_LABELS[t]} now lasts ${minutes} minutes.`,
                    );
                }}
              />
            </Field>
          ))}
        </div>
      </section>
      <section className="card">
        <h2 className="section-title">Rooms</h2>
        <ul className="plain-list">
          {setup.data.rooms.map((r) => (
            <li key={r.id}>
              {r.name} {!r.active && <span className="pill pill-muted">Closed</span>}{' '}
              <button
                type="button"
                className="button button-link"
                onClick={() =>
                  void run(
                    () => call('calendar.setRoomActive', { id: r.id, active: !r.active }),
                    `${r.name} ${r.active ? 'closed' : 'opened'}.`,
                  )
                }
              >
                {r.active ? 'Close room' : 'Open room'}
              </button>
            </li>
          ))}
        </ul>
        <form
          className="toolbar"
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            void run(() => call('calendar.addRoom', { name: room }), `${room.trim()} added.`).then(() => setRoom(''));
          }}
        >
          <Field id="room-name" label="New room" error={errors.name}>
            <input value={room} onChange={(e) => setRoom(e.target.value)} />
          </Field>
          <button type="submit" className="button button-secondary">
            Add room
          </button>
        </form>
      </section>
      <section className="card">
        <h2 className="section-title">Working hours</h2>
        <p className="muted small">Practitioners work the clinic’s opening hours unless you set their own here.</p>
        <label className="inline-label">
          Practitioner{' '}
          <select value={staffId ?? ''} onChange={(e) => setStaffId(e.target.value ? Number(e.target.value) : null)}>
            <option value="">Choose…</option>
            {practitioners.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        {staffId !== null && (
          <>
            <table className="hours-table" aria-label="Working hours">
              <tbody>
                {hours.map((h, i) => (
                  <tr key={h.weekday}>
                    <th scope="row">{WEEKDAY_NAMES[h.weekday]}</th>
                    <td>
                      <label className="check">
                        <input
                          type="checkbox"
                          checked={h.isWorking}
                          onChange={(e) => setHours(hours.map((x, j) => (j === i ? { ...x, isWorking: e.target.checked } : x)))}
                        />{' '}
                        Works
                      </label>
                    </td>
                    <td>
                      <TimeInput
                        aria-label={`${WEEKDAY_NAMES[h.weekday]} starts`}
                        value={h.starts}
                        disabled={!h.isWorking}
                        onChange={(v) => setHours(hours.map((x, j) => (j === i ? { ...x, starts: v } : x)))}
                      />
                    </td>
                    <td>
                      <TimeInput
                        aria-label={`${WEEKDAY_NAMES[h.weekday]} ends`}
                        value={h.ends}
                        disabled={!h.isWorking}
                        onChange={(v) => setHours(hours.map((x, j) => (j === i ? { ...x, ends: v } : x)))}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {errors.days && <p className="field-error">{errors.days}</p>}
            <button
              type="button"
              className="button button-primary"
              onClick={() =>
                void run(
                  () => call('calendar.setWorkingHours', { staffId, days: hours }),
                  `Working hours saved for ${name(staffId)}.`,
                )
              }
            >
              Save working hours
            </button>
          </>
        )}
      </section>
      <section className="card">
        <h2 className="section-title">Days off and closures</h2>
        <table className="data-table compact" aria-label="Days off and closures">
          <tbody>
            {setup.data.daysOff.length === 0 && (
              <tr>
                <td className="empty-row">None recorded.</td>
              </tr>
            )}
            {setup.data.daysOff.map((d) => (
              <tr key={d.id}>
                <td className="nowrap">{format.date(d.day)}</td>
                <td>{name(d.staffId)}</td>
                <td>{d.reason}</td>
                <td className="actions-cell">
                  <button
                    type="button"
                    className="button button-link"
                    onClick={() => void run(() => call('calendar.removeDayOff', { id: d.id }), 'Removed.')}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <form
          className="inline-form"
          aria-label="Add a day off"
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            void run(
              () =>
                call('calendar.addDayOff', {
                  staffId: dayOff.staffId ? Number(dayOff.staffId) : null,
                  day: dayOff.day,
                  reason: dayOff.reason,
                }),
              `${format.date(dayOff.day)} recorded.`,
            );
          }}
        >
          <div className="form-grid form-grid-4">
            <Field id="off-who" label="Who">
              <select value={dayOff.staffId} onChange={(e) => setDayOff({ ...dayOff, staffId: e.target.value })}>
                <option value="">Whole clinic (closed)</option>
                {practitioners.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="off-day" label="Date" error={errors.day}>
              <DateInput value={dayOff.day} onChange={(v) => setDayOff({ ...dayOff, day: v })} />
            </Field>
            <Field id="off-reason" label="Reason" error={errors.reason}>
              <input value={dayOff.reason} onChange={(e) => setDayOff({ ...dayOff, reason: e.target.value })} />
            </Field>
            <div className="field field-action">
              <button type="submit" className="button button-secondary">
                Add day off
              </button>
            </div>
          </div>
        </form>
      </section>
    </div>
  );
}
