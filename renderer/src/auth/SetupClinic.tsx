import { useState, type FormEvent } from 'react';
import type { AuthStatus } from '../../../shared/auth';
import { ApiError } from '../../../shared/envelope';
import { call, errorMessage } from '../api';
import { Icon } from '../components/Icon';
import { NewPasswordFields, newPasswordReady } from './PasswordField';

/**
 * The owner's account for a new clinic, or for a clinic from before encryption. What is at stake
 * is said before the owner finishes: without a password or the recovery key, nobody can open the data.
 */
export function SetupClinicForm({ status, onDone }: { status: AuthStatus; onDone: (recoveryKey: string) => void }) {
  const converting = status.state === 'needs_protection';
  const [clinicName, setClinicName] = useState(status.clinicName);
  const [ownerName, setOwnerName] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [understood, setUnderstood] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(status.conversion?.error ?? null);
  const personal = [ownerName, clinicName];
  const ready = clinicName.trim() !== '' && ownerName.trim() !== '' && newPasswordReady(password, repeat, personal) && understood;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!ready) return;
    setBusy(true);
    setFailure(null);
    try {
      const { recoveryKey } = await call('auth.setupClinic', { clinicName, ownerName, password });
      onDone(recoveryKey);
    } catch (err) {
      setErrors(err instanceof ApiError && err.fields ? err.fields : {});
      setFailure(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <form className="card auth-card auth-form" onSubmit={(e) => void submit(e)} noValidate aria-label="Set up the clinic">
      <h2 className="auth-heading">{converting ? 'Protect your clinic’s records' : 'Set up my clinic'}</h2>
      <p className="muted">
        {converting
          ? 'This version of Clinic Records encrypts the clinic’s records and photos and asks everyone to sign in. Create the owner’s account; the records are then encrypted on this computer (this takes a moment) and the unprotected copies are removed once the encrypted ones are checked.'
          : 'You will be the clinic’s owner: you add the team and give each person their own sign-in. Everything is encrypted on this computer.'}
      </p>
      <div className={`field${errors.clinicName ? ' field-invalid' : ''}`}>
        <label htmlFor="setup-clinic">Clinic name</label>
        <input id="setup-clinic" value={clinicName} onChange={(e) => setClinicName(e.target.value)} autoComplete="organization" />
      </div>
      <div className={`field${errors.ownerName ? ' field-invalid' : ''}`}>
        <label htmlFor="setup-owner">Your name</label>
        <input id="setup-owner" value={ownerName} onChange={(e) => setOwnerName(e.target.value)} autoComplete="name" />
        <p className="field-hint">You sign in with this name; so will everyone you add, with theirs.</p>
      </div>
      <NewPasswordFields
        value={password}
        repeat={repeat}
        onChange={setPassword}
        onRepeat={setRepeat}
        personal={personal}
        error={errors.password}
      />
      <div className="callout callout-warn">
        <Icon name="alert" />
        <div>
          <strong>Next you get a recovery key to print.</strong>
          <p>
            The records can be opened only with a staff password or that recovery key. If every password is forgotten and the
            recovery key is lost, nobody can open the clinic’s data again, not even us: there is no back door.
          </p>
          <label className="confirm-check">
            <input type="checkbox" checked={understood} onChange={(e) => setUnderstood(e.target.checked)} /> I understand, and
            will keep the recovery sheet somewhere safe
          </label>
        </div>
      </div>
      {failure && (
        <p className="status-error" role="alert">
          {failure}
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={!ready || busy}>
        {busy ? 'Setting up…' : converting ? 'Create my account and encrypt' : 'Create my account'}
      </button>
    </form>
  );
}

/** The conversion of a clinic from before encryption, step by step. */
export function ConversionProgressCard({ status }: { status: AuthStatus }) {
  const p = status.conversion;
  const pct = p && p.total > 0 ? Math.round((100 * p.done) / p.total) : 0;
  return (
    <section className="card auth-card" aria-busy="true">
      <h2 className="auth-heading">Encrypting the clinic’s records</h2>
      <p className="muted">
        Please leave Clinic Records open. The original files stay untouched until the encrypted copy is checked.
      </p>
      <p role="status">
        {p?.step ?? 'Starting'}
        {p && p.total > 1 ? ` (${p.done} of ${p.total})` : ''}
      </p>
      <progress max={100} value={pct} aria-label="Encryption progress" />
    </section>
  );
}
