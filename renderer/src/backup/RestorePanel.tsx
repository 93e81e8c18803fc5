import { useEffect, useState, type FormEvent } from 'react';
import type { AuthStatus } from '../../../shared/auth';
import type { BackupSummary } from '../../../shared/backup';
import { call, errorMessage } from '../api';
import { Diagnostics } from './BackupSettings';
import './backup.css';

const when = (ms: number) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'short' }).format(ms);

/**
 * The recovery screen (the clinic cannot be opened: its database is missing, empty or damaged)
 * and "Restore from a backup" on a new computer: find the backups, choose one, open it with a
 * password of its time or the recovery key. Nothing is overwritten: what is in the folder is set aside.
 */
export function RestorePanel({ status, onChange }: { status: AuthStatus; onChange: (s: AuthStatus) => void }) {
  const [backups, setBackups] = useState<BackupSummary[] | null>(null);
  const [places, setPlaces] = useState<string[]>([]);
  const [chosen, setChosen] = useState<string | null>(status.recovery?.latest?.ref ?? null);
  const [useKey, setUseKey] = useState(false);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [recoveryKey, setRecoveryKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [startingNew, setStartingNew] = useState(false);
  const [confirmText, setConfirmText] = useState('');

  function show(r: { backups: BackupSummary[]; places: string[] }) {
    setError(null);
    setBackups(r.backups);
    setPlaces(r.places);
    setChosen((c) => c ?? r.backups.find((b) => b.verified)?.ref ?? null);
  }
  async function list(chooseFolder: boolean) {
    try {
      show(await call('recovery.list', { chooseFolder }));
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  // The backups in the usual places, once, when the screen opens.
  useEffect(() => {
    let live = true;
    call('recovery.list', { chooseFolder: false })
      .then((r) => live && show(r))
      .catch((err: unknown) => live && setError(errorMessage(err)));
    return () => {
      live = false;
    };
  }, []);

  async function restore(e: FormEvent) {
    e.preventDefault();
    if (!chosen) return;
    setBusy(true);
    setError(null);
    try {
      onChange(
        await call(
          'recovery.restore',
          useKey ? { ref: chosen, name: '', password: '', recoveryKey } : { ref: chosen, name, password, recoveryKey: '' },
        ),
      );
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  const r = status.recovery;
  const ready = chosen !== null && (useKey ? recoveryKey.trim() !== '' : name.trim() !== '' && password !== '');
  return (
    <div className="stack restore-panel">
      {r && (
        <section className="callout callout-error" role="alert">
          <div>
            <strong>The clinic’s data cannot be opened.</strong>
            <p>{r.message}</p>
            {r.latest ? (
              <p>
                The latest verified backup was made {when(r.latest.atMs)} by {r.latest.createdBy}, at {r.latest.place}.{' '}
                {r.lostSince}
              </p>
            ) : (
              <p>No verified backup was found at the clinic’s backup places. Choose the folder that holds the backups.</p>
            )}
          </div>
        </section>
      )}
      <form className="card auth-card auth-form" onSubmit={(e) => void restore(e)} noValidate aria-label="Restore from a backup">
        <h2 className="auth-heading">Restore from a backup</h2>
        {backups === null ? (
          <p className="muted">Looking for backups…</p>
        ) : backups.length === 0 ? (
          <p className="muted">
            {places.length === 0 ? 'No backup place is known here.' : `No backups found at ${places.join(', ')}.`} Choose the
            folder that holds them (a USB disk, a network share or a synced folder).
          </p>
        ) : (
          <fieldset className="backup-choice">
            <legend>Choose a backup</legend>
            {backups.map((b) => (
              <label key={b.ref} className={`backup-option${b.verified ? '' : ' backup-option-bad'}`}>
                <input
                  type="radio"
                  name="backup"
                  value={b.ref}
                  checked={chosen === b.ref}
                  disabled={!b.verified}
                  onChange={() => setChosen(b.ref)}
                />
                <span>
                  <strong>{when(b.atMs)}</strong> · {b.clinicName} · by {b.createdBy}
                  <span className="muted small">
                    {' '}
                    {b.counts.patients} patients, {b.counts.treatments} treatments, {b.counts.appointments} appointments,{' '}
                    {b.counts.photos} photos · {b.place}
                    {!b.verified && ` · not usable: ${b.problem ?? ''}`}
                  </span>
                </span>
              </label>
            ))}
          </fieldset>
        )}
        <div className="button-row">
          <button type="button" className="button button-secondary" onClick={() => void list(true)}>
            Choose a folder of backups…
          </button>
        </div>
        {backups && backups.length > 0 && (
          <>
            <p className="muted">
              To open the backup, sign in as someone who had a password when it was made, or use the recovery key.
            </p>
            <div className="button-row" role="group" aria-label="How to open the backup">
              <button
                type="button"
                className={`button ${useKey ? 'button-link' : 'button-secondary'}`}
                aria-pressed={!useKey}
                onClick={() => setUseKey(false)}
              >
                With a password
              </button>
              <button
                type="button"
                className={`button ${useKey ? 'button-secondary' : 'button-link'}`}
                aria-pressed={useKey}
                onClick={() => setUseKey(true)}
              >
                With the recovery key
              </button>
            </div>
            {useKey ? (
              <div className="field">
                <label htmlFor="restore-key">Recovery key</label>
                <input
                  id="restore-key"
                  className="mono"
                  value={recoveryKey}
                  autoComplete="off"
                  spellCheck={false}
                  onChange={(e) => setRecoveryKey(e.target.value)}
                />
              </div>
            ) : (
              <div className="form-grid form-grid-2">
                <div className="field">
                  <label htmlFor="restore-name">Your name</label>
                  <input id="restore-name" value={name} autoComplete="username" onChange={(e) => setName(e.target.value)} />
                </div>
                <div className="field">
                  <label htmlFor="restore-password">Password</label>
                  <input
                    id="restore-password"
                    type="password"
                    autoComplete="current-password"
                    value={password}
                    onChange={(e) => setPassword(e.target.value)}
                  />
                </div>
              </div>
            )}
            <p className="muted small">
              Whatever is in the clinic’s folder now is set aside in a folder of its own, never deleted.
            </p>
          </>
        )}
        {error && (
          <p className="status-error" role="alert">
            {error}
          </p>
        )}
        {backups && backups.length > 0 && (
          <div className="button-row">
            <button type="submit" className="button button-primary" disabled={!ready || busy}>
              {busy ? 'Restoring and checking…' : 'Restore this backup'}
            </button>
          </div>
        )}
      </form>
      {status.state === 'needs_recovery' && (
        <section className="card auth-card auth-form">
          <h2 className="auth-heading">Start a new clinic instead</h2>
          {!startingNew ? (
            <>
              <p className="muted">Only if there is no backup to restore. The folder’s contents are set aside, not deleted.</p>
              <div className="button-row">
                <button type="button" className="button button-secondary" onClick={() => setStartingNew(true)}>
                  Start a new clinic…
                </button>
              </div>
            </>
          ) : (
            <form
              className="auth-form"
              aria-label="Start a new clinic"
              onSubmit={(e) => {
                e.preventDefault();
                call('recovery.startNew', { confirm: 'start a new clinic' }).then(onChange, (err: unknown) =>
                  setError(errorMessage(err)),
                );
              }}
            >
              <div className="field">
                <label htmlFor="start-new">Type “start a new clinic” to confirm</label>
                <input id="start-new" value={confirmText} onChange={(e) => setConfirmText(e.target.value)} autoComplete="off" />
              </div>
              <div className="button-row">
                <button
                  type="submit"
                  className="button button-danger"
                  disabled={confirmText.trim().toLowerCase() !== 'start a new clinic'}
                >
                  Set the old data aside and start anew
                </button>
                <button type="button" className="button button-link" onClick={() => setStartingNew(false)}>
                  Cancel
                </button>
              </div>
            </form>
          )}
        </section>
      )}
      <Diagnostics />
    </div>
  );
}
