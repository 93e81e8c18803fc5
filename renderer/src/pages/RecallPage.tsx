import { Fragment, useCallback, useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { toCsv } from '../../../shared/csv';
import { addDays, daysBetween } from '../../../shared/time';
import type { InputOf } from '../../../shared/contract';
import {
  RECALL_OUTCOME_LABELS,
  RECALL_OUTCOME_PHRASES,
  RECALL_OUTCOMES,
  RECALL_PAGE,
  RECALL_STATUS_LABELS,
  RECALL_STATUSES,
  type RecallList,
  type RecallOutcome,
  type RecallRow,
  type RecallStatus,
} from '../../../shared/schedule';
import { call, errorMessage } from '../api';
import { downloadCsv } from '../download';
import { useCall } from '../useCall';
import { BookButton } from './calendar/BookButton';
import { DateInput } from '../components/DateInput';
import { Field } from '../components/Field';
import { refusedSave } from '../components/FormActions';
import { TimeInput } from '../components/TimeInput';
import { useFormat } from '../format';
import { usePrintAudit } from '../usePrintAudit';

type StatusFilter = RecallStatus | 'open' | 'all';

/**
 * Rows drawn at first, and how many more each "Show more" adds. A whole clinic's list is a page of
 * 500 rows: sending them (230 kB) and laying them out took most of the 600 ms the page took to open
 * at 50,000 patients, and reception works from the top, the most overdue. So the first rows come
 * alone and are drawn at once; the rest of the page follows behind them, for "Show more", printing
 * (every row of the page is drawn for paper) and the CSV.
 */
const FIRST_ROWS = 50;
const MORE_ROWS = 100;

type RecallQuery = Omit<InputOf<'recall.list'>, 'limit'>;

/**
 * The recall list for a query: the first rows at once, then the whole page (`whole`). Asked again
 * for the same query (after a contact is logged, say), it asks for the whole page straight away,
 * so rows already shown stay on screen.
 */
function useRecallList(query: RecallQuery) {
  const key = JSON.stringify(query);
  const [list, setList] = useState<{ key: string; data: RecallList; whole: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const shown = useRef(list);
  useEffect(() => {
    shown.current = list;
  });
  useEffect(() => {
    let latest = true;
    const q = JSON.parse(key) as RecallQuery;
    const again = shown.current?.key === key && shown.current.whole;
    call('recall.list', again ? q : { ...q, limit: FIRST_ROWS })
      .then(async (first) => {
        if (!latest) return;
        const whole = again || first.rows.length >= first.total;
        setList({ key, data: first, whole });
        setError(null);
        if (whole) return;
        // Asked once the first rows are on screen, so their drawing does not wait for the rest.
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        if (!latest) return;
        const all = await call('recall.list', q);
        if (latest) setList({ key, data: all, whole: true });
      })
      .catch((err: unknown) => latest && setError(errorMessage(err)));
    return () => {
      latest = false;
    };
  }, [key, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data: list?.data ?? null, whole: list?.whole ?? false, error, reload };
}

const FILTER_LABELS: Record<StatusFilter, string> = { open: 'To contact', all: 'All', ...RECALL_STATUS_LABELS };

function dueText(recallOn: string, today: string): string {
  const d = daysBetween(today, recallOn);
  if (d === 0) return 'due today';
  return d < 0 ? `${-d} ${d === -1 ? 'day' : 'days'} overdue` : `in ${d} ${d === 1 ? 'day' : 'days'}`;
}

function ContactForm({
  row,
  today,
  signedIn,
  onLogged,
}: {
  row: RecallRow;
  today: string;
  signedIn: string;
  onLogged: (text: string) => void;
}) {
  const format = useFormat();
  const [note, setNote] = useState('');
  const [snoozeUntil, setSnoozeUntil] = useState(addDays(today, 14));
  // When the contact happened: now, unless reception says otherwise (a call made earlier, logged later).
  const [when, setWhen] = useState<{ day: string; time: string } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  async function log(outcome: RecallOutcome | 'snoozed') {
    try {
      await call('recall.log', {
        patientId: row.patientId,
        outcome,
        snoozeUntil: outcome === 'snoozed' ? snoozeUntil : null,
        note,
        ...(when ? { contactedOn: when.day, contactedAt: when.time } : {}),
      });
      const at = when ? ` (${format.dateTime(when.day, when.time)})` : '';
      onLogged(
        outcome === 'snoozed'
          ? `${row.name} snoozed until ${format.date(snoozeUntil)}.`
          : `Contact with ${row.name} logged: ${RECALL_OUTCOME_PHRASES[outcome]}${at}.`,
      );
    } catch (err) {
      const r = refusedSave(err);
      setErrors(r.fields ?? {});
      setError(r.status.kind === 'error' ? r.status.message : errorMessage(err));
    }
  }
  return (
    <div className="contact-form" role="group" aria-label={`Log contact with ${row.name}`}>
      <div className="contact-fields">
        <Field id={`contact-note-${row.patientId}`} label="Note" hint="Shown on the list and in the patient’s history">
          <input value={note} onChange={(e) => setNote(e.target.value)} placeholder="e.g. call back after 5 pm" />
        </Field>
        {when ? (
          <>
            <Field id={`contact-day-${row.patientId}`} label="Date" error={errors.contactedOn}>
              <DateInput value={when.day} max={today} onChange={(day) => setWhen({ ...when, day })} />
            </Field>
            <Field id={`contact-time-${row.patientId}`} label="Time" error={errors.contactedAt}>
              <TimeInput value={when.time} onChange={(time) => setWhen({ ...when, time })} />
            </Field>
          </>
        ) : (
          <div className="field">
            <span className="field-label">When</span>
            <p className="contact-when">
              Now{' '}
              <button type="button" className="button button-link" onClick={() => setWhen({ day: today, time: '09:00' })}>
                Earlier…
              </button>
            </p>
          </div>
        )}
        <div className="field">
          <span className="field-label">By</span>
          <p className="contact-when">{signedIn}</p>
        </div>
      </div>
      <div className="outcome-buttons" role="group" aria-label="What happened">
        {RECALL_OUTCOMES.map((o) => (
          <button
            key={o}
            type="button"
            className={`button ${o === 'booked' ? 'button-primary' : 'button-secondary'}`}
            onClick={() => void log(o)}
          >
            {RECALL_OUTCOME_LABELS[o]}
          </button>
        ))}
      </div>
      <div className="snooze">
        <label className="inline-label">
          Snooze until <DateInput min={addDays(today, 1)} value={snoozeUntil} onChange={(v) => setSnoozeUntil(v)} />
        </label>
        <button type="button" className="button button-secondary" onClick={() => void log('snoozed')}>
          Snooze
        </button>
      </div>
      {error && (
        <p className="status-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** Reception's recall work-list: who is due, who has been called, and what happened. */
export function RecallPage({ today, clinicName, signedIn }: { today: string; clinicName: string; signedIn: string }) {
  const format = useFormat();
  const [from, setFrom] = useState(addDays(today, -90));
  const [to, setTo] = useState(addDays(today, 28));
  usePrintAudit({ what: 'recall_list', detail: '', patientId: null });
  const [practitionerId, setPractitionerId] = useState<number | null>(null);
  const [area, setArea] = useState<string | null>(null);
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [status, setStatus] = useState<StatusFilter>('open');
  const [logging, setLogging] = useState<number | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const query = { from, to, practitionerId, area, overdueOnly, status };
  const list = useRecallList(query);
  const team = useCall('team.list', {});
  const catalogue = useCall('catalogue.get', {});
  const areaName = (code: string) => catalogue.data?.areas.find((a) => a.code === code)?.name ?? code;
  const rows = list.data?.rows ?? [];
  // How many rows are drawn, for this query: other filters start again from the top.
  const queryKey = JSON.stringify(query);
  const [drawn, setDrawn] = useState({ key: queryKey, count: FIRST_ROWS });
  const [printing, setPrinting] = useState(false);
  const drawnCount = printing ? rows.length : drawn.key === queryKey ? drawn.count : FIRST_ROWS;
  const shownRows = rows.slice(0, drawnCount);
  // The rows this page has or will have in a moment (the rest of the page follows the first rows).
  const pageRows = list.data ? (list.whole ? rows.length : Math.min(list.data.total, RECALL_PAGE)) : 0;
  // Ctrl+P or the Print button: every row is drawn before the page is laid out for paper.
  useEffect(() => {
    const before = () => flushSync(() => setPrinting(true));
    const after = () => setPrinting(false);
    window.addEventListener('beforeprint', before);
    window.addEventListener('afterprint', after);
    return () => {
      window.removeEventListener('beforeprint', before);
      window.removeEventListener('afterprint', after);
    };
  }, []);

  async function exportCsv() {
    const all = list.whole ? rows : (await call('recall.list', query)).rows;
    downloadCsv({
      fileName: `recall-${today}.csv`,
      csv: toCsv(
        [
          'patient_id',
          'patient',
          'phone',
          'email',
          'contact_preference',
          'recall_date',
          'soft_reminder_date',
          'last_treatment',
          'areas',
          'practitioner',
          'status',
          'last_contact',
          'attempts',
        ],
        all.map((r) => [
          r.patientId,
          r.name,
          r.phone,
          r.email,
          r.contactPreference,
          r.recallOn,
          r.softReminderOn,
          r.lastTreatmentOn,
          r.areas.join(' '),
          r.injectorName,
          RECALL_STATUS_LABELS[r.status],
          r.lastOutcome ? `${RECALL_OUTCOME_LABELS[r.lastOutcome]} ${r.lastContactOn ?? ''}` : '',
          r.attempts,
        ]),
      ),
    });
  }

  return (
    <div className="page recall-page">
      <header className="page-header">
        <div>
          <p className="eyebrow">Recall</p>
          <h1>Patients due for maintenance</h1>
          <p className="muted">
            Patients whose recall or reminder date falls in the range and who have no treatment booked. Most overdue first.
          </p>
        </div>
        <div className="header-actions no-print">
          <button type="button" className="button button-secondary" onClick={() => window.print()}>
            Print list
          </button>
          <button type="button" className="button button-secondary" onClick={() => void exportCsv()} disabled={rows.length === 0}>
            Export CSV
          </button>
        </div>
      </header>
      <div className="print-only print-header">
        <strong>{clinicName || 'Clinic Records'}</strong> · Recall list printed {format.longDate(today)} · {FILTER_LABELS[status]}
        , {format.date(from)} to {format.date(to)}
      </div>
      <form className="toolbar filters no-print" aria-label="Filter the recall list" onSubmit={(e) => e.preventDefault()}>
        <label className="inline-label">
          From <DateInput value={from} onChange={(v) => setFrom(v)} />
        </label>
        <label className="inline-label">
          To <DateInput value={to} onChange={(v) => setTo(v)} />
        </label>
        <label className="inline-label">
          Practitioner{' '}
          <select
            value={practitionerId ?? ''}
            onChange={(e) => setPractitionerId(e.target.value ? Number(e.target.value) : null)}
          >
            <option value="">Everyone</option>
            {team.data
              ?.filter((m) => m.role !== 'reception')
              .map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
          </select>
        </label>
        <label className="inline-label">
          Area{' '}
          <select value={area ?? ''} onChange={(e) => setArea(e.target.value || null)}>
            <option value="">All areas</option>
            {catalogue.data?.areas.map((a) => (
              <option key={a.code} value={a.code}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={overdueOnly} onChange={(e) => setOverdueOnly(e.target.checked)} /> Overdue only
        </label>
      </form>
      <nav className="tabs no-print" aria-label="Recall status">
        {(['open', ...RECALL_STATUSES, 'all'] as StatusFilter[]).map((s) => {
          const count = !list.data
            ? null
            : s === 'all'
              ? Object.values(list.data.counts).reduce((a, b) => a + b, 0)
              : s === 'open'
                ? list.data.counts.due + list.data.counts.contacted
                : list.data.counts[s];
          return (
            <button key={s} type="button" className="tab" aria-pressed={status === s} onClick={() => setStatus(s)}>
              {FILTER_LABELS[s]} {count !== null && <span className="count">{count}</span>}
            </button>
          );
        })}
      </nav>
      {message && (
        <p className="status-ok no-print" role="status">
          {message}
        </p>
      )}
      {(list.error ?? (list.data === null ? null : undefined)) && <p className="status-error">{list.error}</p>}
      <section className="table-card">
        <table className="data-table recall-table" aria-label="Recall list">
          <thead>
            <tr>
              <th scope="col">Patient</th>
              <th scope="col">Due</th>
              <th scope="col">Areas</th>
              <th scope="col">Practitioner</th>
              <th scope="col">Status</th>
              <th scope="col">Last contact</th>
              <th scope="col" className="no-print">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data && rows.length === 0 && (
              <tr>
                <td colSpan={7} className="empty-row">
                  No patients match. Widen the dates or choose another status.
                </td>
              </tr>
            )}
            {shownRows.map((r) => (
              <Fragment key={r.patientId}>
                <tr data-testid={`recall-row-${r.patientId}`}>
                  <td>
                    <a href={`#/patients/${r.patientId}`}>{r.name}</a>
                    {r.snr && <span className="pill pill-danger">Review: possible non-response</span>}
                    <div className="muted small">
                      <span className="nowrap">{r.phone || r.email || 'No phone or email'}</span> · prefers{' '}
                      {r.contactPreference === 'sms' ? 'text' : r.contactPreference}
                    </div>
                  </td>
                  <td className="due-cell">
                    <strong className="nowrap">{format.date(r.recallOn)}</strong>
                    <div className={`small ${r.recallOn < today ? 'status-error' : 'muted'}`}>{dueText(r.recallOn, today)}</div>
                    <div className="muted small">
                      reminder <span className="nowrap">{format.date(r.softReminderOn)}</span>
                    </div>
                  </td>
                  <td>{r.areas.map(areaName).join(', ')}</td>
                  <td>{r.injectorName ?? '—'}</td>
                  <td>
                    <span className={`pill status-${r.status}`}>{RECALL_STATUS_LABELS[r.status]}</span>
                    {r.snoozedUntil && <div className="muted small">until {format.date(r.snoozedUntil)}</div>}
                  </td>
                  <td>
                    {r.lastOutcome ? (
                      <>
                        <strong>{RECALL_OUTCOME_LABELS[r.lastOutcome]}</strong>{' '}
                        <div className="nowrap small">
                          {r.lastContactOn && format.date(r.lastContactOn)}
                          {r.lastContactAt && `, ${format.time(r.lastContactAt)}`}
                        </div>
                        {r.lastContactNote && <div className="contact-note">“{r.lastContactNote}”</div>}
                        <div className="muted small">
                          {r.lastContactBy}
                          {r.attempts > 0 && ` · ${r.attempts} ${r.attempts === 1 ? 'attempt' : 'attempts'}`}
                        </div>
                      </>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td className="actions-cell no-print">
                    <BookButton
                      patient={{ id: r.patientId, name: r.name }}
                      date={r.recallOn < today ? today : r.recallOn}
                      practitionerId={r.injectorId}
                      type="treatment"
                      label="Book"
                      className="button button-link"
                      onBooked={(text) => {
                        setMessage(text);
                        list.reload();
                      }}
                    />
                    <button
                      type="button"
                      className="button button-link"
                      aria-expanded={logging === r.patientId}
                      onClick={() => setLogging(logging === r.patientId ? null : r.patientId)}
                    >
                      Log contact
                    </button>
                  </td>
                </tr>
                {logging === r.patientId && (
                  <tr className="contact-row no-print">
                    <td colSpan={7}>
                      <ContactForm
                        row={r}
                        today={today}
                        signedIn={signedIn}
                        onLogged={(text) => {
                          setMessage(text);
                          setLogging(null);
                          list.reload();
                        }}
                      />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
        {list.data && shownRows.length < pageRows ? (
          <p className="list-more no-print">
            <span className="muted small">
              Showing {shownRows.length} of {list.data.total}, most overdue first.
            </span>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => setDrawn({ key: queryKey, count: drawnCount + MORE_ROWS })}
            >
              Show {Math.min(MORE_ROWS, pageRows - shownRows.length)} more
            </button>
          </p>
        ) : (
          list.data &&
          list.data.total > pageRows && (
            <p className="muted small">
              Showing the first {pageRows} of {list.data.total}. Narrow the dates to see the rest.
            </p>
          )
        )}
      </section>
    </div>
  );
}
