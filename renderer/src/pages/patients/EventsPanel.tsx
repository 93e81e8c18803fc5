import { useState, type FormEvent } from 'react';
import type { EventInput } from '../../../../shared/observations';
import type { PatientSchedule } from '../../../../shared/schedule';
import { call } from '../../api';
import { Field } from '../../components/Field';
import { refusedSave } from '../../components/FormActions';
import { useFormat } from '../../format';
import { BookButton } from '../calendar/BookButton';
import { DateInput } from '../../components/DateInput';

const STATUS_TEXT = {
  ideal: 'Ideal timing',
  compressed: 'Tighter than ideal',
  not_possible: 'Not possible before the event',
} as const;

/** A wedding or holiday: when to treat so the effect is at its best on the day. */
export function EventsPanel({
  patientId,
  patientName,
  schedule,
  today,
  onChange,
  onBooked,
}: {
  patientId: number;
  patientName: string;
  schedule: PatientSchedule;
  today: string;
  onChange: (s: PatientSchedule) => void;
  onBooked: (text: string) => void;
}) {
  const format = useFormat();
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
      {schedule.events.length === 0 && (
        <p className="muted small">A wedding or a holiday coming up? Add it to see when to treat so the effect is at its best.</p>
      )}
      {schedule.events.map(({ event, plan, booked }) => (
        <article key={event.id} className="event-plan" aria-label={`Plan for ${event.label}`}>
          <div className="event-head">
            <strong>
              {event.label} · <span className="nowrap">{format.date(event.eventOn)}</span>
            </strong>
            <span
              className={`pill ${booked ? 'pill-ok' : plan.status === 'ideal' ? 'pill-ok' : plan.status === 'compressed' ? 'pill-warn' : 'pill-danger'}`}
            >
              {booked ? 'Treatment booked' : STATUS_TEXT[plan.status]}
            </span>
            <button
              type="button"
              className="button button-link"
              onClick={() => void call('events.remove', { id: event.id }).then(onChange)}
            >
              Remove
            </button>
          </div>
          {booked ? (
            <p data-testid="event-booked">
              A treatment is booked on <strong className="nowrap">{format.dateTime(booked.date, booked.start)}</strong> with{' '}
              {booked.practitionerName}
              {booked.date > plan.latestTreatmentDate
                ? `: later than the last useful day (${format.date(plan.latestTreatmentDate)}), so it will not have taken full effect; move it earlier if you can.`
                : booked.date < plan.idealWindow[0]
                  ? `: earlier than the ideal window (${format.date(plan.idealWindow[0])} to ${format.date(plan.idealWindow[1])}); it may be wearing off by the day.`
                  : '.'}
            </p>
          ) : (
            <p>
              {plan.recommendedDate ? (
                <>
                  Treat on{' '}
                  <strong data-testid="event-recommended" className="nowrap">
                    {format.date(plan.recommendedDate)}
                  </strong>
                  . Ideal window <span className="nowrap">{format.date(plan.idealWindow[0])}</span> to{' '}
                  <span className="nowrap">{format.date(plan.idealWindow[1])}</span>; no later than{' '}
                  <span className="nowrap">{format.date(plan.latestTreatmentDate)}</span>.
                </>
              ) : (
                <>
                  No treatment date works before this event (the latest would be{' '}
                  <span className="nowrap">{format.date(plan.latestTreatmentDate)}</span>).
                </>
              )}
              {plan.earliestSafeDate && (
                <>
                  {' '}
                  Earliest safe re-treatment: <span className="nowrap">{format.date(plan.earliestSafeDate)}</span>.
                </>
              )}
            </p>
          )}
          {plan.findings.map((f) => (
            <p key={f.code} className={f.severity === 'info' ? 'muted small' : 'status-warn small'}>
              {format.text(f.message)}
            </p>
          ))}
          {!booked && plan.recommendedDate && (
            <BookButton
              patient={{ id: patientId, name: patientName }}
              date={plan.recommendedDate}
              type="treatment"
              label={`Book ${format.date(plan.recommendedDate)}…`}
              className="button button-secondary button-small"
              onBooked={(text) => {
                onBooked(text);
                void call('schedule.get', { patientId }).then(onChange);
              }}
            />
          )}
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
