import { useEffect, useState, type FormEvent } from 'react';
import type { BackupStatus, BackupSummary } from '../../../shared/backup';
import { call, errorMessage } from '../api';
import { useFormat } from '../format';
import { useNetworkMode } from '../live';
import { epochMsToZoned } from '../../../shared/time';
import { useCall } from '../useCall';
import './backup.css';

/** This computer's time zone: a backup's time is when it was made here. */
const HERE = new Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * Why a button is not offered on a workstation: what it does opens a window (a folder picker, a
 * save dialog) or replaces the data on the computer that runs it, so the clinic's computer
 * refuses it from a workstation. Said next to the disabled button, and read out with it.
 */
function HostOnlyNote({ id, children }: { id: string; children: string }) {
  return (
    <span className="small muted host-only-note" id={id}>
      {children}
    </span>
  );
}

/**
 * Settings → Backups, for the owner: where backups go, how often, "Back up now" with progress
 * and Cancel, the backups made (and restoring one), the archive of everything, and the
 * diagnostic report. On a workstation the clinic's computer makes the backups: what can only be
 * done there is said instead of offered.
 */
export function BackupSettings() {
  const status = useCall('backups.status', {});
  const hostOnly = useNetworkMode()?.role === 'workstation';
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [listVersion, setListVersion] = useState(0);
  const running = status.data?.running ?? null;
  const { reload } = status;

  useEffect(() => {
    if (!running) return;
    const t = window.setTimeout(reload, 500);
    return () => window.clearTimeout(t);
  }, [running, reload, status.data]);

  // When a backup that was running ends, say how it went and show the new list (worked out
  // while rendering, from the status the poll brought, rather than in an effect).
  const [wasRunning, setWasRunning] = useState(running !== null);
  if (running !== null && !wasRunning) setWasRunning(true);
  if (wasRunning && running === null && status.data) {
    setWasRunning(false);
    const a = status.data.lastAttempt;
    setMessage(
      a
        ? {
            ok: a.ok,
            text: a.ok ? 'Backed up and verified.' : `The backup did not finish: ${a.problem ?? ''}`,
          }
        : null,
    );
    setListVersion((v) => v + 1);
  }

  async function act(fn: () => Promise<BackupStatus>) {
    setMessage(null);
    try {
      status.set(await fn());
    } catch (err) {
      setMessage({ ok: false, text: errorMessage(err) });
    }
  }

  if (!status.data) return <p className="muted">{status.error ?? 'Loading…'}</p>;
  const s = status.data;
  return (
    <div className="stack">
      {hostOnly && (
        <div className="callout" role="note" aria-label="Backups on a workstation">
          <div>
            <strong>The clinic’s own computer makes the backups.</strong>
            <p>
              This computer is a workstation and keeps none of the records. From here you can see how the backups stand, back up
              now and choose when they run. Adding a place, restoring a backup, exporting everything and the diagnostic report
              open windows on the clinic’s own computer, so they are done there.
            </p>
          </div>
        </div>
      )}
      <section className={`card backup-health backup-${s.health}`} aria-label="Backup status">
        <p className="backup-line" data-testid="backup-health">
          <span className="backup-dot" aria-hidden="true" />
          {s.healthText}
        </p>
        {running ? (
          <div className="backup-progress" role="status" aria-live="polite">
            <p>
              Backing up to {running.place}: {running.step}
              {running.total > 1 ? ` (${running.done} of ${running.total})` : ''}
            </p>
            <progress max={Math.max(1, running.total)} value={running.done} aria-label="Backup progress" />
            <button type="button" className="button button-secondary" onClick={() => void act(() => call('backups.cancel', {}))}>
              Cancel
            </button>
          </div>
        ) : (
          <div className="button-row">
            <button
              type="button"
              className="button button-primary"
              disabled={s.places.length === 0}
              onClick={() => void act(() => call('backups.run', {}))}
            >
              Back up now
            </button>
            {s.places.length === 0 && <span className="muted">Add a place first.</span>}
          </div>
        )}
        {message && (
          <p role="status" className={message.ok ? 'status-ok' : 'status-error'} data-testid="backup-message">
            {message.text}
          </p>
        )}
      </section>

      <Places status={s} hostOnly={hostOnly} onChange={status.set} onError={(t) => setMessage({ ok: false, text: t })} />
      <Schedule status={s} onChange={status.set} />
      <BackupList key={listVersion} hostOnly={hostOnly} />
      <ExportEverything hostOnly={hostOnly} />
      <Diagnostics hostOnly={hostOnly} />
    </div>
  );
}

function Places({
  status,
  hostOnly,
  onChange,
  onError,
}: {
  status: BackupStatus;
  hostOnly: boolean;
  onChange: (s: BackupStatus) => void;
  onError: (t: string) => void;
}) {
  const [confirming, setConfirming] = useState<number | null>(null);
  return (
    <section className="card">
      <h2 className="section-title">Where backups go</h2>
      <p className="muted">
        Choose at least one place away from {hostOnly ? 'the clinic’s computer’s' : 'this computer’s'} own disk: a USB disk kept
        somewhere else, a network share, or a folder that a cloud service copies. Each backup is encrypted; it opens only with a
        staff password of its time or the recovery key.
      </p>
      {status.places.length === 0 ? (
        <p className="status-error">No place is chosen yet: the clinic is not being backed up.</p>
      ) : (
        <ul className="place-list" aria-label="Backup places">
          {status.places.map((p, i) => (
            <li key={p.path}>
              <span className="mono">{p.path}</span>
              {!p.reachable && <span className="pill pill-warn">Not reachable now</span>}
              {p.networkShare && <span className="pill pill-muted">Network share</span>}
              {confirming === i ? (
                <span className="confirm-inline" role="group" aria-label={`Stop backing up to ${p.path}`}>
                  <span className="small">The backups already there stay. Stop backing up here?</span>
                  <button
                    type="button"
                    className="button button-danger button-small"
                    onClick={() => {
                      setConfirming(null);
                      call('backups.removePlace', { index: i }).then(onChange, (err: unknown) => onError(errorMessage(err)));
                    }}
                  >
                    Stop
                  </button>
                  <button type="button" className="button button-link" onClick={() => setConfirming(null)}>
                    Keep
                  </button>
                </span>
              ) : (
                <button type="button" className="button button-link" onClick={() => setConfirming(i)}>
                  Remove…
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <div className="button-row">
        <button
          type="button"
          className="button button-secondary"
          disabled={hostOnly}
          aria-describedby={hostOnly ? 'add-place-host-only' : undefined}
          onClick={() => call('backups.addPlace', {}).then(onChange, (err: unknown) => onError(errorMessage(err)))}
        >
          Add a place…
        </button>
        {hostOnly && (
          <HostOnlyNote id="add-place-host-only">
            Places are added at the clinic’s own computer: the folder is chosen there.
          </HostOnlyNote>
        )}
      </div>
    </section>
  );
}

function Schedule({ status, onChange }: { status: BackupStatus; onChange: (s: BackupStatus) => void }) {
  const [hours, setHours] = useState(String(status.everyHours));
  const [atQuit, setAtQuit] = useState(status.atQuit);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  async function save(e: FormEvent) {
    e.preventDefault();
    try {
      onChange(await call('backups.update', { everyHours: Number(hours), atQuit }));
      setMessage({ ok: true, text: 'Saved.' });
    } catch (err) {
      setMessage({ ok: false, text: errorMessage(err) });
    }
  }
  return (
    <form className="card auth-form" onSubmit={(e) => void save(e)} noValidate aria-label="When to back up">
      <h2 className="section-title">When</h2>
      <div className="field field-narrow">
        <label htmlFor="backup-hours">Back up every … hours while the app is open</label>
        <input id="backup-hours" type="number" min={1} max={24} value={hours} onChange={(e) => setHours(e.target.value)} />
      </div>
      <label className="confirm-check">
        <input type="checkbox" checked={atQuit} onChange={(e) => setAtQuit(e.target.checked)} /> Also back up when the app is
        closed
      </label>
      {message && <p className={message.ok ? 'status-ok' : 'status-error'}>{message.text}</p>}
      <div className="button-row">
        <button type="submit" className="button button-primary">
          Save
        </button>
      </div>
    </form>
  );
}

function BackupList({ hostOnly }: { hostOnly: boolean }) {
  const format = useFormat();
  const when = (ms: number) => {
    const { day, time } = epochMsToZoned(ms, HERE);
    return format.dateTime(day, time);
  };
  const list = useCall('backups.list', {});
  const [restoring, setRestoring] = useState<BackupSummary | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <section className="table-card">
      <h2 className="section-title table-title">Backups made</h2>
      {hostOnly && <p className="small muted table-note">A backup is restored at the clinic’s own computer.</p>}
      {list.error && <p className="status-error">{list.error}</p>}
      {restoring && (
        <div className="callout callout-warn" role="alertdialog" aria-label="Restore this backup?">
          <div>
            <strong>Restore the backup of {when(restoring.atMs)}?</strong>
            <p>
              The clinic goes back to how it was then: {restoring.counts.patients} patients, {restoring.counts.treatments}{' '}
              treatments, {restoring.counts.appointments} appointments, {restoring.counts.photos} photos. Anything recorded since
              is not in it. The current data is not deleted: it is set aside in a folder of its own beside the clinic’s. Everyone
              signs in again afterwards.
            </p>
            {error && (
              <p className="status-error" role="alert">
                {error}
              </p>
            )}
            <div className="callout-actions">
              <button type="button" className="button button-secondary" onClick={() => setRestoring(null)} disabled={busy}>
                Keep the current data
              </button>
              <button
                type="button"
                className="button button-primary"
                disabled={busy}
                onClick={() => {
                  setBusy(true);
                  setError(null);
                  call('backups.restore', { ref: restoring.ref })
                    .then(() => {
                      window.location.hash = '#/today';
                      window.location.reload();
                    })
                    .catch((err: unknown) => {
                      setError(errorMessage(err));
                      setBusy(false);
                    });
                }}
              >
                {busy ? 'Restoring…' : 'Restore this backup'}
              </button>
            </div>
          </div>
        </div>
      )}
      <table className="data-table" aria-label="Backups made">
        <thead>
          <tr>
            <th scope="col">Made</th>
            <th scope="col">By</th>
            <th scope="col">Place</th>
            <th scope="col">Patients · treatments · photos</th>
            <th scope="col">Checked</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.data?.length === 0 && (
            <tr>
              <td colSpan={6} className="empty-row">
                No backups yet.
              </td>
            </tr>
          )}
          {list.data?.map((b) => (
            <tr key={b.ref}>
              <td className="nowrap">{when(b.atMs)}</td>
              <td>{b.createdBy}</td>
              <td className="mono small">{b.place}</td>
              <td>
                {b.counts.patients} · {b.counts.treatments} · {b.counts.photos}
              </td>
              <td>
                {b.verified ? (
                  <span className="pill pill-ok">Verified</span>
                ) : (
                  <span className="pill pill-warn">{b.problem}</span>
                )}
              </td>
              <td className="actions-cell">
                {b.verified && !hostOnly && (
                  <button type="button" className="button button-link" onClick={() => setRestoring(b)}>
                    Restore…
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function ExportEverything({ hostOnly }: { hostOnly: boolean }) {
  const [open, setOpen] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [plain, setPlain] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const ready = passphrase.length >= 10 || (passphrase === '' && plain);
  async function run(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      const { savedTo } = await call('backups.exportArchive', { passphrase, plainConfirmed: plain });
      setMessage(savedTo ? { ok: true, text: `Saved to ${savedTo}.` } : { ok: false, text: 'Not saved.' });
      setPassphrase('');
    } catch (err) {
      setMessage({ ok: false, text: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="card auth-form">
      <h2 className="section-title">Export everything</h2>
      <p className="muted">
        One archive the clinic owns, readable without Clinic Records: the database, every table as CSV and JSON, every photo as it
        was taken, and a description of the format. It holds every patient’s details: keep it as safe as the recovery sheet.
      </p>
      {!open ? (
        <div className="button-row">
          <button
            type="button"
            className="button button-secondary"
            disabled={hostOnly}
            aria-describedby={hostOnly ? 'export-host-only' : undefined}
            onClick={() => setOpen(true)}
          >
            Export everything…
          </button>
          {hostOnly && (
            <HostOnlyNote id="export-host-only">At the clinic’s own computer only: the archive is saved there.</HostOnlyNote>
          )}
        </div>
      ) : (
        <form onSubmit={(e) => void run(e)} noValidate aria-label="Export everything" className="auth-form">
          <div className="field">
            <label htmlFor="archive-passphrase">Passphrase for the database in the archive</label>
            <input
              id="archive-passphrase"
              type="password"
              autoComplete="new-password"
              value={passphrase}
              onChange={(e) => setPassphrase(e.target.value)}
            />
            <p className="field-hint">At least 10 characters. Any SQLCipher tool opens the database with it.</p>
          </div>
          <label className="confirm-check">
            <input type="checkbox" checked={plain} onChange={(e) => setPlain(e.target.checked)} disabled={passphrase !== ''} /> No
            passphrase: I understand the database in the archive will not be encrypted
          </label>
          {message && (
            <p role="status" className={message.ok ? 'status-ok' : 'status-error'}>
              {message.text}
            </p>
          )}
          <div className="button-row">
            <button type="submit" className="button button-primary" disabled={!ready || busy}>
              {busy ? 'Exporting…' : 'Export'}
            </button>
            <button type="button" className="button button-link" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

/** "Copy diagnostic report": versions, paths and recent errors, no patient data. */
export function Diagnostics({ hostOnly = false }: { hostOnly?: boolean }) {
  const [copied, setCopied] = useState<string | null>(null);
  return (
    <section className="card auth-form">
      <h2 className="section-title">If something goes wrong</h2>
      <p className="muted">
        The app keeps a log of what went wrong (no patient details). The diagnostic report gathers the versions, the folders and
        the latest messages for whoever helps you.
      </p>
      <div className="button-row">
        <button
          type="button"
          className="button button-secondary"
          disabled={hostOnly}
          aria-describedby={hostOnly ? 'diagnostics-host-only' : undefined}
          onClick={() =>
            void call('diagnostics.report', {})
              .then(async (r) => {
                await navigator.clipboard.writeText(r.text).catch(() => undefined);
                setCopied(r.logFile);
              })
              .catch((err: unknown) => setCopied(errorMessage(err)))
          }
        >
          Copy diagnostic report
        </button>
        {hostOnly && (
          <HostOnlyNote id="diagnostics-host-only">
            At the clinic’s own computer only: the report is of that computer, where the records are.
          </HostOnlyNote>
        )}
      </div>
      {copied && (
        <p role="status" className="small">
          Copied. The log file is {copied}
        </p>
      )}
    </section>
  );
}
