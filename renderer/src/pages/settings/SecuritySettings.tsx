import { useState, type FormEvent } from 'react';
import type { AuditVerification } from '../../../../shared/audit';
import { call, errorMessage } from '../../api';
import { RecoverySheet } from '../../auth/RecoverySheet';
import { useSession } from '../../session';
import { useCall } from '../../useCall';

/** The owner's security settings: the idle lock, a new recovery sheet, and checking the audit trail. */
export function SecuritySettings() {
  const session = useSession();
  const settings = useCall('security.get', {});
  // What is typed, or else what is saved.
  const [typed, setMinutes] = useState<string | null>(null);
  const minutes = typed ?? (settings.data ? String(settings.data.idleMinutes) : '');
  const [saved, setSaved] = useState<{ ok: boolean; text: string } | null>(null);

  async function saveIdle(e: FormEvent) {
    e.preventDefault();
    try {
      const s = await call('security.update', { idleMinutes: Number(minutes) });
      settings.set(s);
      session.refresh();
      setSaved({ ok: true, text: `Screens now lock after ${s.idleMinutes} minutes without use.` });
    } catch (err) {
      setSaved({ ok: false, text: errorMessage(err) });
    }
  }

  return (
    <div className="stack">
      <form className="card auth-form" onSubmit={(e) => void saveIdle(e)} noValidate aria-label="Screen lock">
        <h2 className="section-title">Screen lock</h2>
        <div className="field field-narrow">
          <label htmlFor="idle-minutes">Lock a screen after this many minutes without use</label>
          <input id="idle-minutes" type="number" min={1} max={120} value={minutes} onChange={(e) => setMinutes(e.target.value)} />
          <p className="field-hint">From 1 to 120 minutes; 10 is usual. Screens also lock when the computer sleeps.</p>
        </div>
        {saved && (
          <p role="status" className={saved.ok ? 'status-ok' : 'status-error'}>
            {saved.text}
          </p>
        )}
        <div className="button-row">
          <button type="submit" className="button button-primary">
            Save
          </button>
        </div>
      </form>
      <NewRecoveryKey />
      <VerifyAudit />
    </div>
  );
}

function NewRecoveryKey() {
  const { clinicName } = useSession();
  const [password, setPassword] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [key, setKey] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function make(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      setKey((await call('security.newRecoveryKey', { password })).recoveryKey);
      setPassword('');
      setConfirming(false);
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  if (key) {
    return <RecoverySheet clinicName={clinicName} recoveryKey={key} onDone={() => setKey(null)} doneLabel="Done" />;
  }
  return (
    <section className="card auth-form">
      <h2 className="section-title">Recovery key</h2>
      <p className="muted">
        Make a new recovery sheet if the old one is lost or someone may have seen it. The old sheet stops working at once.
      </p>
      {!confirming ? (
        <div className="button-row">
          <button type="button" className="button button-secondary" onClick={() => setConfirming(true)}>
            Make a new recovery sheet…
          </button>
        </div>
      ) : (
        <form onSubmit={(e) => void make(e)} noValidate aria-label="New recovery key" className="auth-form">
          <div className="field">
            <label htmlFor="recovery-password">Your password</label>
            <input
              id="recovery-password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </div>
          {error && (
            <p className="status-error" role="alert">
              {error}
            </p>
          )}
          <div className="button-row">
            <button type="submit" className="button button-primary" disabled={password === ''}>
              Replace the recovery key
            </button>
            <button type="button" className="button button-link" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function VerifyAudit() {
  const [result, setResult] = useState<AuditVerification | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <section className="card auth-form">
      <h2 className="section-title">Audit trail</h2>
      <p className="muted">
        Each entry carries a fingerprint of the one before it, so an entry changed or removed behind the app’s back shows up here.
      </p>
      <div className="button-row">
        <button
          type="button"
          className="button button-secondary"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            setError(null);
            call('audit.verify', {})
              .then(setResult)
              .catch((err: unknown) => setError(errorMessage(err)))
              .finally(() => setBusy(false));
          }}
        >
          {busy ? 'Checking…' : 'Verify audit trail'}
        </button>
      </div>
      {error && <p className="status-error">{error}</p>}
      {result && (
        <p role="status" className={result.ok ? 'status-ok' : 'status-error'} data-testid="audit-verification">
          {result.ok
            ? `The audit trail is whole: all ${result.checked.toLocaleString('en-GB')} entries check out.`
            : `The audit trail was tampered with. ${result.problem} (${result.checked.toLocaleString('en-GB')} entries before it check out.)`}
        </p>
      )}
    </section>
  );
}
