import { useState, type FormEvent } from 'react';
import type { EventInput } from '../../../../shared/observations';
import type { PatientSchedule } from '../../../../shared/schedule';
import { call } from '../../api';
import { Field } from '../../components/Field';
import { refusedSave } from '../../components/FormActions';
import { DateInput } from '../../components/DateInput';

const STATUS_TEXT = {
  ideal: 'Ideal timing',
  compressed: 'Tighter than ideal',
  not_possible: 'Not possible before the event',
} as const;

/** A wedding or holiday: when to treat so the effect is at its best on the day. */
export function EventsPanel({
  patientId,
  schedule,
  today,
  onChange,
}: {
  patientId: number;
  schedule: PatientSchedule;
  today: string;
  onChange: (s: PatientSchedule) => void;
}) {
  const [draft, setDraft] = useState<EventInput>({ patientId, eventOn: '', label: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);

  async function add(e: FormEvent) {
    e.preventDefault();
    try {
      onChange(await call('events.add', draft));
      setDraft({ patientId, eventOn: '', label: '' });
      setErrors({});
      setMessage(null);
    } catch (err) {
      const refused = refusedSave(err);
      setErrors(refused.fields ?? {});
      setMessage(refused.status.kind === 'error' ? refused.status.message : null);
    }
  }

  return (
    <section className="card" aria-labelledby="events-heading">
      <h2 id="events-heading" className="section-title">
        Events to plan for
      </h2>
      {schedule.events.map(({ event, plan }) => (
        <article key={event.id} className="event-plan" aria-label={`Plan for ${event.label}`}>
          <div className="event-head">
            <strong>
              {event.label} · {event.eventOn}
            </strong>
            <span
              className={`pill ${plan.status === 'ideal' ? 'pill-ok' : plan.status === 'compressed' ? 'pill-warn' : 'pill-danger'}`}
            >
              {STATUS_TEXT[plan.status]}
            </span>
            <button
              type="button"
              className="button button-link"
              onClick={() => void call('events.remove', { id: event.id }).then(onChange)}
            >
              Remove
            </button>
          </div>
          <p>
            {plan.recommendedDate ? (
              <>
                Treat on <strong data-testid="event-recommended">{plan.recommendedDate}</strong>. Ideal window{' '}
                {plan.idealWindow[0]} to {plan.idealWindow[1]}; no later than {plan.latestTreatmentDate}.
              </>
            ) : (
              <>No treatment date works before this event (the latest would be {plan.latestTreatmentDate}).</>
            )}
            {plan.earliestSafeDate && <> Earliest safe re-treatment: {plan.earliestSafeDate}.</>}
          </p>
          {plan.findings.map((f) => (
            <p key={f.code} className={f.severity === 'info' ? 'muted small' : 'status-warn small'}>
              {f.message}
            </p>
          ))}
        </article>
      ))}
      <form className="inline-form" onSubmit={(e) => void add(e)} noValidate aria-label="Add an event">
        <div className="form-grid form-grid-4">
          <Field id="event-label" label="Event" hint="e.g. Wedding, holiday" error={errors.label}>
            <input value={draft.label} onChange={(e) => setDraft({ ...draft, label: e.target.value })} />
          </Field>
          <Field id="event-date" label="Event date" error={errors.eventOn}>
            <DateInput min={today} value={draft.eventOn} onChange={(v) => setDraft({ ...draft, eventOn: v })} />
          </Field>
          <div className="field field-action">
            <button type="submit" className="button button-secondary">
              Plan for event
            </button>
          </div>
        </div>
        {message && (
          <p className="status-error" role="alert">
            {message}
          </p>
        )}
      </form>
    </section>
  );
}
