import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { parseRecoveryKey, type AuthStatus } from '../../../shared/auth';
import { ApiError } from '../../../shared/envelope';
import { call, errorMessage } from '../api';
import { NewPasswordFields, newPasswordReady } from './PasswordField';

/** Seconds left of a sign-in wait, counting down on screen; `start` begins a wait of so many milliseconds. */
function useCountdown(): [number, (ms: number) => void] {
  const [wait, setWait] = useState({ until: 0, now: 0 });
  useEffect(() => {
    if (wait.until <= wait.now) return;
    const t = window.setTimeout(() => setWait((w) => ({ ...w, now: Date.now() })), 1000);
    return () => window.clearTimeout(t);
  }, [wait]);
  const start = useCallback((ms: number) => {
    const now = Date.now();
    setWait({ until: now + ms, now });
  }, []);
  return [Math.max(0, Math.ceil((wait.until - wait.now) / 1000)), start];
}

function waitOf(err: unknown): number {
  return err instanceof ApiError && err.code === 'TOO_MANY_ATTEMPTS' ? Number(err.fields?.retryAfterMs ?? 0) : 0;
}

/** The sign-in screen: choose or type your name, then your password (or the setup code you were given). */
export function SignInPage({ status, onChange }: { status: AuthStatus; onChange: (s: AuthStatus) => void }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [mode, setMode] = useState<'sign_in' | 'forgot' | 'recover'>('sign_in');
  const passwordRef = useRef<HTMLInputElement>(null);
  const [secondsLeft, startWait] = useCountdown();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (name.trim() === '' || password === '') {
      setError(name.trim() === '' ? 'Choose or type your name.' : 'Enter your password.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onChange(await call('auth.signIn', { name, password }));
    } catch (err) {
      setError(errorMessage(err));
      startWait(waitOf(err));
      setPassword('');
      passwordRef.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  async function demo() {
    setBusy(true);
    try {
      onChange(await call('auth.exploreDemo', {}));
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  if (mode === 'recover') return <RecoverForm status={status} onChange={onChange} onBack={() => setMode('sign_in')} />;

  return (
    <div className="auth-columns">
      <form className="card auth-card auth-form" onSubmit={(e) => void submit(e)} noValidate aria-label="Sign in">
        <h2 className="auth-heading">Sign in</h2>
        {status.people.length > 0 && (
          <fieldset className="people-choice">
            <legend>Who are you?</legend>
            <div className="people-list">
              {status.people.map((p) => (
                <button
                  key={p.id}
                  type="button"
                  className={`person-chip${p.name === name ? ' person-chip-chosen' : ''}`}
                  aria-pressed={p.name === name}
                  onClick={() => {
                    setName(p.name);
                    passwordRef.current?.focus();
                  }}
                >
                  <span className="avatar" aria-hidden="true">
                    {p.name.slice(0, 1)}
                  </span>
                  {p.name}
                </button>
              ))}
            </div>
          </fieldset>
        )}
        <div className="field">
          <label htmlFor="signin-name">Your name</label>
          <input id="signin-name" value={name} autoComplete="username" onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="signin-password">Password</label>
          <input
            id="signin-password"
            ref={passwordRef}
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <p className="field-hint">First time here? Enter the setup code the clinic owner gave you.</p>
        </div>
        {error && (
          <p className="status-error" role="alert">
            {secondsLeft > 0 ? `Too many attempts. Try again in ${secondsLeft} seconds.` : error}
          </p>
        )}
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={busy || secondsLeft > 0}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
          <button type="button" className="button button-link" onClick={() => setMode(mode === 'forgot' ? 'sign_in' : 'forgot')}>
            Forgot your password?
          </button>
        </div>
        {mode === 'forgot' && (
          <div className="callout" role="region" aria-label="Forgotten password">
            <div>
              <p>
                Ask the clinic owner for a new setup code (Settings → Team → <strong>New setup code</strong>). You sign in with it
                once and choose a new password.
              </p>
              <p>The owner, or anyone moving the clinic to a new computer, can use the printed recovery sheet instead.</p>
              <button type="button" className="button button-secondary" onClick={() => setMode('recover')}>
                Use the recovery key
              </button>
            </div>
          </div>
        )}
      </form>
      {status.demo && (
        <section className="card auth-card">
          <h2 className="auth-heading">Demo clinic</h2>
          <p>
            This is the invented demo clinic. Open it as its owner in one click, or sign in as any of its team with the password{' '}
            <strong>demo clinic password</strong> to see what each role sees.
          </p>
          <button type="button" className="button button-primary" disabled={busy} onClick={() => void demo()}>
            Open the demo as its owner
          </button>
        </section>
      )}
    </div>
  );
}

/** The recovery key opens the clinic and gives one person a new password. */
function RecoverForm({
  status,
  onChange,
  onBack,
}: {
  status: AuthStatus;
  onChange: (s: AuthStatus) => void;
  onBack: () => void;
}) {
  const [key, setKey] = useState('');
  const [staffId, setStaffId] = useState<number | null>(status.people[0]?.id ?? null);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const parsed = key.trim() === '' ? null : parseRecoveryKey(key);
  const who = status.people.find((p) => p.id === staffId)?.name ?? '';
  const ready = parsed?.ok === true && staffId !== null && newPasswordReady(password, repeat, [who, status.clinicName]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!ready || staffId === null) return;
    setBusy(true);
    setError(null);
    try {
      onChange(await call('auth.recover', { recoveryKey: key, staffId, password }));
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <form className="card auth-card auth-form" onSubmit={(e) => void submit(e)} noValidate aria-label="Use the recovery key">
      <h2 className="auth-heading">Use the recovery key</h2>
      <p className="muted">Type the key from the recovery sheet. Capitals, spaces and dashes do not matter.</p>
      <div className={`field${parsed && !parsed.ok ? ' field-invalid' : ''}`}>
        <label htmlFor="recovery-key">Recovery key</label>
        <input
          id="recovery-key"
          className="mono"
          value={key}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => setKey(e.target.value)}
          placeholder="XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX"
        />
        {parsed && !parsed.ok && key.replace(/[\s-]/g, '').length >= 5 && (
          <p className="field-error" role="alert">
            {parsed.message}
          </p>
        )}
        {parsed?.ok && <p className="field-hint status-ok">The key is complete and has no typos.</p>}
      </div>
      <div className="field">
        <label htmlFor="recovery-person">Give a new password to</label>
        <select id="recovery-person" value={staffId ?? ''} onChange={(e) => setStaffId(Number(e.target.value))}>
          {status.people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <NewPasswordFields
        value={password}
        repeat={repeat}
        onChange={setPassword}
        onRepeat={setRepeat}
        personal={[who, status.clinicName]}
        label="New password"
      />
      {error && (
        <p className="status-error" role="alert">
          {error}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={!ready || busy}>
          {busy ? 'Opening…' : 'Open the clinic and set the password'}
        </button>
        <button type="button" className="button button-link" onClick={onBack}>
          Back to sign in
        </button>
      </div>
    </form>
  );
}

/** After signing in with a setup code: the person chooses their own password before anything else. */
export function SetPasswordPage({ status, onChange }: { status: AuthStatus; onChange: (s: AuthStatus) => void }) {
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const name = status.person?.name ?? '';
  const ready = newPasswordReady(password, repeat, [name, status.clinicName]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!ready) return;
    setBusy(true);
    try {
      onChange(await call('auth.setPassword', { password }));
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <form className="card auth-card auth-form" onSubmit={(e) => void submit(e)} noValidate aria-label="Choose your password">
      <h2 className="auth-heading">Welcome, {name}</h2>
      <p className="muted">Choose the password you will sign in with from now on. Only you should know it.</p>
      <NewPasswordFields
        value={password}
        repeat={repeat}
        onChange={setPassword}
        onRepeat={setRepeat}
        personal={[name, status.clinicName]}
      />
      {error && (
        <p className="status-error" role="alert">
          {error}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={!ready || busy}>
          {busy ? 'Saving…' : 'Save my password'}
        </button>
        <button type="button" className="button button-link" onClick={() => void call('auth.signOut', {}).then(onChange)}>
          Not {name}?
        </button>
      </div>
    </form>
  );
}

/** A locked screen: nothing of the clinic, just who it belongs to and how to unlock. */
export function LockScreen({ status, onChange }: { status: AuthStatus; onChange: (s: AuthStatus) => void }) {
  const person = status.person!;
  const [usePassword, setUsePassword] = useState(!person.hasPin);
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [secondsLeft, startWait] = useCountdown();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (secret === '') return;
    setBusy(true);
    setError(null);
    try {
      onChange(await call('auth.unlock', usePassword ? { password: secret } : { pin: secret }));
    } catch (err) {
      setError(errorMessage(err));
      startWait(waitOf(err));
      setSecret('');
      setBusy(false);
    }
  }

  return (
    <form className="card auth-card auth-form lock-card" onSubmit={(e) => void submit(e)} noValidate aria-label="Unlock">
      <span className="avatar avatar-large" aria-hidden="true">
        {person.name.slice(0, 1)}
      </span>
      <h2 className="auth-heading">Locked · {person.name}</h2>
      <p className="muted">
        {usePassword ? `${person.name}, enter your password to carry on.` : `${person.name}, enter your PIN to carry on.`}
      </p>
      <div className="field">
        <label htmlFor="unlock-secret">{usePassword ? 'Password' : 'PIN'}</label>
        <input
          id="unlock-secret"
          type="password"
          inputMode={usePassword ? undefined : 'numeric'}
          autoComplete={usePassword ? 'current-password' : 'off'}
          value={secret}
          autoFocus
          onChange={(e) => setSecret(e.target.value)}
        />
      </div>
      {error && (
        <p className="status-error" role="alert">
          {secondsLeft > 0 ? `Too many attempts. Try again in ${secondsLeft} seconds.` : error}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={busy || secondsLeft > 0}>
          Unlock
        </button>
        {person.hasPin && (
          <button type="button" className="button button-link" onClick={() => setUsePassword(!usePassword)}>
            {usePassword ? 'Use my PIN' : 'Use my password instead'}
          </button>
        )}
      </div>
      <button type="button" className="button button-secondary" onClick={() => void call('auth.signOut', {}).then(onChange)}>
        Someone else? Sign in as another person
      </button>
    </form>
  );
}
