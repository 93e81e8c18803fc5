import { useState, type FormEvent } from 'react';
import { daysBetween } from '../../../../shared/time';
import { OBSERVATION_KIND_LABELS, OBSERVATION_KINDS, type ObservationInput } from '../../../../shared/observations';
import type { AreaSchedule, PatientSchedule } from '../../../../shared/schedule';
import { call } from '../../api';
import { Field } from '../../components/Field';
import { refusedSave } from '../../components/FormActions';
import { Icon } from '../../components/Icon';
import { CycleChart } from '../../components/CycleChart';
import { useFormat } from '../../format';
import { DateInput } from '../../components/DateInput';

function relative(day: string, today: string): string {
  const d = daysBetween(today, day);
  if (d === 0) return 'today';
  if (d > 0) return `in ${d} ${d === 1 ? 'day' : 'days'}`;
  return `${-d} ${d === -1 ? 'day' : 'days'} ago`;
}

function DateRow({ label, date, reason, today }: { label: string; date: string; reason: string; today: string }) {
  const format = useFormat();
  return (
    <>
      <dt>{label}</dt>
      <dd>
        <strong className="nowrap">{format.date(date)}</strong>{' '}
        <span className="muted small nowrap">({relative(date, today)})</span>
        <span className="reason">{format.text(reason)}</span>
      </dd>
    </>
  );
}

function AreaCard({ a, today }: { a: AreaSchedule; today: string }) {
  const format = useFormat();
  return (
    <article className={`card area-card${a.current ? '' : ' area-card-past'}`} aria-label={`Schedule for ${a.areaName}`}>
      <h3 className="card-title">
        {a.areaName}
        {!a.current && <span className="pill pill-muted">Not in the latest treatment</span>}
      </h3>
      <p className="muted small">
        Last treated {format.date(a.lastTreatmentDate)} with {a.productName}, {a.units} units · expected to last{' '}
        {a.expectedDurationDays} days
      </p>
      <div className="area-body">
        <dl className="facts schedule-facts">
          <DateRow label="Expected return" date={a.expectedReturnDate} reason={a.reasons.expectedReturn} today={today} />
          <DateRow label="Recall" date={a.recallDate} reason={a.reasons.recall} today={today} />
          <DateRow label="Soft reminder" date={a.softReminderDate} reason={a.reasons.softReminder} today={today} />
          <dt>Check-in</dt>
          <dd>
            <strong className="nowrap">
              {format.date(a.checkInWindow[0])} to {format.date(a.checkInWindow[1])}
            </strong>
            <span className="reason">{a.reasons.checkIn}</span>
          </dd>
          {a.reviewDate ? (
            <DateRow label="Review" date={a.reviewDate} reason={a.reasons.review} today={today} />
          ) : (
            <>
              <dt>Review</dt>
              <dd className="reason">{a.reasons.review}</dd>
            </>
          )}
          <dt>Earliest re-treatment</dt>
          <dd>
            <strong className="nowrap">{format.date(a.earliestRetreatmentDate)}</strong>{' '}
            <span className="muted small">({a.minimumIntervalDays}-day minimum interval)</span>
          </dd>
        </dl>
        <CycleChart area={a} />
      </div>
    </article>
  );
}

/** When each treated area is due, why, and the observations that teach the app this patient's own durations. */
export function SchedulePanel({
  patientId,
  schedule,
  today,
  areaNames,
  onChange,
}: {
  patientId: number;
  schedule: PatientSchedule;
  today: string;
  areaNames: Map<string, string>;
  onChange: (s: PatientSchedule) => void;
}) {
  const treated = schedule.areas.map((a) => a.area);
  const [draft, setDraft] = useState<ObservationInput>({
    patientId,
    area: treated[0] ?? '',
    observedOn: today,
    kind: 'movement_returning',
    note: '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [removing, setRemoving] = useState<number | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const snr = schedule.areas.filter((a) => a.flags.some((f) => f.code === 'SNR_REVIEW'));
  const format = useFormat();

  async function record(e: FormEvent) {
    e.preventDefault();
    try {
      onChange(await call('observations.add', draft));
      setErrors({});
      // Say what it did: where the date moved, or why it did not.
      setMessage(null);
    } catch (err) {
      const refused = refusedSave(err);
      setErrors(refused.fields ?? {});
      setMessage(refused.status.kind === 'error' ? refused.status.message : null);
    }
  }

  async function remove(id: number) {
    onChange(await call('observations.remove', { id }));
    setRemoving(null);
    setMessage(null);
  }

  return (
    <section className="card" aria-labelledby="schedule-heading">
      <div className="card-header">
        <h2 id="schedule-heading" className="section-title">
          When due
        </h2>
        <p className="muted" data-testid="next-recall">
          {schedule.nextRecallDate ? (
            <>
              Next recall <strong className="nowrap">{format.date(schedule.nextRecallDate)}</strong> (
              {relative(schedule.nextRecallDate, today)})
            </>
          ) : schedule.firstTimer ? (
            'No toxin treatment yet: nothing is due.'
          ) : (
            ''
          )}
        </p>
      </div>
      {snr.map((a) => (
        <div key={a.area} className="callout callout-error snr" role="alert" aria-label={`Possible non-response: ${a.areaName}`}>
          <Icon name="alert" />
          <div>
            <strong>Possible secondary non-response: {a.areaName}</strong>
            <p>{format.text(a.flags.find((f) => f.code === 'SNR_REVIEW')!.message)}</p>
            <p className="small">
              Observed cycles with {a.productName}: {a.observedDurations.join(', ')} days.
            </p>
          </div>
        </div>
      ))}
      {schedule.flags.map((f) => (
        <div key={f.code} className="callout callout-warn" role="note">
          <Icon name="alert" />
          <p>{format.text(f.message)}</p>
        </div>
      ))}
      {schedule.areas.length > 0 && (
        <div className="area-grid">
          {schedule.areas.map((a) => (
            <AreaCard key={a.area} a={a} today={today} />
          ))}
        </div>
      )}
      {treated.length > 0 && (
        <form className="inline-form" onSubmit={(e) => void record(e)} noValidate aria-label="Record an observation">
          <h3 className="subsection-title">Record an observation</h3>
          <div className="form-grid form-grid-4">
            <Field id="obs-area" label="Area" error={errors.area}>
              <select value={draft.area} onChange={(e) => setDraft({ ...draft, area: e.target.value })}>
                {treated.map((code) => (
                  <option key={code} value={code}>
                    {areaNames.get(code) ?? code}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="obs-kind" label="Observation" error={errors.kind}>
              <select
                value={draft.kind}
                onChange={(e) => setDraft({ ...draft, kind: e.target.value as ObservationInput['kind'] })}
              >
                {OBSERVATION_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {OBSERVATION_KIND_LABELS[k]}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="obs-date" label="Date" error={errors.observedOn}>
              <DateInput value={draft.observedOn} max={today} onChange={(v) => setDraft({ ...draft, observedOn: v })} />
            </Field>
            <div className="field field-action">
              <button type="submit" className="button button-secondary">
                Record observation
              </button>
            </div>
          </div>
          {message && (
            <p role="alert" className="status-error">
              {message}
            </p>
          )}
          {!message && schedule.change && (
            <p role="status" className="schedule-change" data-testid="schedule-change">
              {format.text(schedule.change)}
            </p>
          )}
        </form>
      )}
      {schedule.observations.length > 0 && (
        <table className="data-table compact" aria-label="Observations">
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Area</th>
              <th scope="col">Observation</th>
              <th scope="col">By</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {[...schedule.observations].reverse().map((o) => (
              <tr key={o.id}>
                <td className="nowrap">{format.date(o.observedOn)}</td>
                <td>{areaNames.get(o.area) ?? o.area}</td>
                <td>{OBSERVATION_KIND_LABELS[o.kind]}</td>
                <td>{o.createdBy}</td>
                <td className="actions-cell">
                  {removing === o.id ? (
                    <span className="inline-confirm">
                      Remove this observation?
                      <button type="button" className="button button-secondary" onClick={() => setRemoving(null)}>
                        Keep
                      </button>
                      <button type="button" className="button button-primary" onClick={() => void remove(o.id)}>
                        Remove
                      </button>
                    </span>
                  ) : (
                    <button type="button" className="button button-link" onClick={() => setRemoving(o.id)}>
                      Remove…
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
