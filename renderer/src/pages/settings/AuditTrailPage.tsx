import { Fragment, useEffect, useState } from 'react';
import { AUDIT_ACTION_LABELS, type AuditRow } from '../../../../shared/audit';
import { addDays, calendarDayIn, isValidDay, timeOfDayIn, zonedToEpochMs } from '../../../../shared/time';
import { displayName, type PatientSummary } from '../../../../shared/patients';
import { call, errorMessage } from '../../api';
import { downloadCsv } from '../../download';
import { useCall } from '../../useCall';

const PAGE = 50;

/** The audit trail for the owner: filter by person, patient, action and dates; export what is shown as CSV. */
export function AuditTrailPage() {
  const team = useCall('team.list', {});
  const settings = useCall('settings.get', {});
  const zone = settings.data?.timeZone ?? 'UTC';
  const [staffId, setStaffId] = useState<number | null>(null);
  const [patient, setPatient] = useState<PatientSummary | null>(null);
  const [action, setAction] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [offset, setOffset] = useState(0);
  const [result, setResult] = useState<{ rows: AuditRow[]; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<number | null>(null);

  const dayStart = (day: string) => (isValidDay(day) ? zonedToEpochMs(day, '00:00', zone) : null);
  const filter = {
    staffId,
    patientId: patient?.id ?? null,
    action,
    fromMs: dayStart(from),
    toMs: isValidDay(to) ? dayStart(addDays(to, 1)) : null,
  };
  const key = JSON.stringify(filter);

  useEffect(() => {
    let latest = true;
    call('audit.search', { ...(JSON.parse(key) as typeof filter), limit: PAGE, offset })
      .then((r) => latest && (setResult(r), setError(null)))
      .catch((err: unknown) => latest && setError(errorMessage(err)));
    return () => {
      latest = false;
    };
    // `key` stands for the filter.
  }, [key, offset]);

  const when = (ms: number) => `${calendarDayIn(zone, ms)} ${timeOfDayIn(zone, ms)}`;

  return (
    <div className="stack">
      <section className="card">
        <div className="form-grid form-grid-4 audit-filters">
          <div className="field">
            <label htmlFor="audit-person">Person</label>
            <select
              id="audit-person"
              value={staffId ?? ''}
              onChange={(e) => {
                setStaffId(e.target.value ? Number(e.target.value) : null);
                setOffset(0);
              }}
            >
              <option value="">Everyone</option>
              {team.data?.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          </div>
          <PatientFilter
            value={patient}
            onChange={(p) => {
              setPatient(p);
              setOffset(0);
            }}
          />
          <div className="field">
            <label htmlFor="audit-action">Action</label>
            <select
              id="audit-action"
              value={action ?? ''}
              onChange={(e) => {
                setAction(e.target.value || null);
                setOffset(0);
              }}
            >
              <option value="">Any</option>
              {Object.entries(AUDIT_ACTION_LABELS).map(([k, label]) => (
                <option key={k} value={k}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <div className="field audit-dates">
            <span className="label-like">Dates</span>
            <div className="date-range">
              <input
                type="date"
                aria-label="From"
                value={from}
                onChange={(e) => {
                  setFrom(e.target.value);
                  setOffset(0);
                }}
              />
              <span aria-hidden="true">–</span>
              <input
                type="date"
                aria-label="To"
                value={to}
                onChange={(e) => {
                  setTo(e.target.value);
                  setOffset(0);
                }}
              />
            </div>
          </div>
        </div>
        <div className="button-row">
          <span className="muted" role="status">
            {result ? `${result.total.toLocaleString('en-GB')} entries` : 'Loading…'}
          </span>
          <button
            type="button"
            className="button button-secondary"
            onClick={() =>
              void call('audit.exportCsv', filter)
                .then(downloadCsv)
                .catch((err: unknown) => setError(errorMessage(err)))
            }
          >
            Export CSV
          </button>
        </div>
      </section>
      {error && (
        <p className="status-error" role="alert">
          {error}
        </p>
      )}
      <section className="table-card">
        <table className="data-table" aria-label="Audit trail">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Person</th>
              <th scope="col">Action</th>
              <th scope="col">Record</th>
              <th scope="col">Patient</th>
              <th scope="col">Device</th>
              <th scope="col">
                <span className="visually-hidden">Details</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {result?.rows.length === 0 && (
              <tr>
                <td colSpan={7} className="empty-row">
                  Nothing matches these filters.
                </td>
              </tr>
            )}
            {result?.rows.map((r) => (
              <Fragment key={r.id}>
                <tr>
                  <td className="nowrap">{when(r.atMs)}</td>
                  <td>
                    {r.staffName}
                    {r.staffRole === 'unknown' && <span className="muted small"> (not signed in)</span>}
                  </td>
                  <td>{AUDIT_ACTION_LABELS[r.action] ?? r.action}</td>
                  <td>
                    {r.entity.replaceAll('_', ' ')}{' '}
                    {r.entityId && r.entityId !== '-' ? <span className="muted">#{r.entityId}</span> : null}
                  </td>
                  <td>{r.patientName ? <a href={`#/patients/${r.patientId}`}>{r.patientName}</a> : '—'}</td>
                  <td>{r.device || '—'}</td>
                  <td className="actions-cell">
                    {(r.before || r.after) && (
                      <button
                        type="button"
                        className="button button-link"
                        aria-expanded={open === r.id}
                        onClick={() => setOpen(open === r.id ? null : r.id)}
                      >
                        {open === r.id ? 'Hide' : 'Details'}
                      </button>
                    )}
                  </td>
                </tr>
                {open === r.id && (
                  <tr className="audit-detail">
                    <td colSpan={7}>
                      <div className="audit-values">
                        <div>
                          <strong>Before</strong>
                          <pre>{pretty(r.before)}</pre>
                        </div>
                        <div>
                          <strong>After</strong>
                          <pre>{pretty(r.after)}</pre>
                        </div>
                      </div>
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      </section>
      {result && result.total > PAGE && (
        <nav className="button-row" aria-label="Pages">
          <button
            type="button"
            className="button button-secondary"
            disabled={offset === 0}
            onClick={() => setOffset(offset - PAGE)}
          >
            Newer
          </button>
          <span className="muted">
            {offset + 1}–{Math.min(offset + PAGE, result.total)} of {result.total.toLocaleString('en-GB')}
          </span>
          <button
            type="button"
            className="button button-secondary"
            disabled={offset + PAGE >= result.total}
            onClick={() => setOffset(offset + PAGE)}
          >
            Older
          </button>
        </nav>
      )}
    </div>
  );
}

function pretty(json: string | null): string {
  if (json === null) return '—';
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}

/** Find a patient by name to filter on; the choice shows as a chip that can be cleared. */
function PatientFilter({ value, onChange }: { value: PatientSummary | null; onChange: (p: PatientSummary | null) => void }) {
  const [text, setText] = useState('');
  const [answer, setFound] = useState<{ text: string; patients: PatientSummary[] }>({ text: '', patients: [] });
  // Shown only while it answers what is typed; fewer than two letters find nobody.
  const found = answer.text === text && text.trim().length >= 2 ? answer.patients : [];
  useEffect(() => {
    if (text.trim().length < 2) return;
    let latest = true;
    void call('patients.list', { text, sort: 'name', includeArchived: true }).then(
      (r) => latest && setFound({ text, patients: r.patients.slice(0, 8) }),
    );
    return () => {
      latest = false;
    };
  }, [text]);
  if (value) {
    return (
      <div className="field">
        <span className="label-like">Patient</span>
        <span className="chip-row">
          <span className="pill">{displayName(value)}</span>
          <button type="button" className="button button-link" onClick={() => onChange(null)}>
            Clear
          </button>
        </span>
      </div>
    );
  }
  return (
    <div className="field audit-patient">
      <label htmlFor="audit-patient">Patient</label>
      <input id="audit-patient" value={text} placeholder="Any patient: type a name" onChange={(e) => setText(e.target.value)} />
      {found.length > 0 && (
        <ul className="suggestions" role="listbox" aria-label="Patients found">
          {found.map((p) => (
            <li key={p.id} role="option" aria-selected={false}>
              <button
                type="button"
                className="button button-link"
                onClick={() => {
                  onChange(p);
                  setText('');
                }}
              >
                {displayName(p)}
                {p.dob ? ` · ${p.dob}` : ''}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
