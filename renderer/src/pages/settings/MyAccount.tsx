import { useState, type FormEvent } from 'react';
import { PIN_PATTERN } from '../../../../shared/auth';
import { ROLE_LABELS } from '../../../../shared/staff';
import { call, errorMessage } from '../../api';
import { NewPasswordFields, newPasswordReady } from '../../auth/PasswordField';
import { useSession } from '../../session';

/** The signed-in person's own password and PIN. Both ask for the current password first. */
export function MyAccount() {
  const session = useSession();
  const { person } = session;
  return (
    <div className="stack">
      <section className="card">
        <h2 className="section-title">Signed in as {person.name}</h2>
        <p className="muted">
          {ROLE_LABELS[person.role]}. The screen locks after {session.idleMinutes} minutes without use, when the computer sleeps,
          and when you press <kbd>Ctrl+L</kbd>.
        </p>
      </section>
      <PinForm />
      <PasswordForm />
    </div>
  );
}

function PinForm() {
  const session = useSession();
  const [pin, setPin] = useState('');
  const [current, setCurrent] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const valid = PIN_PATTERN.test(pin);

  async function save(e: FormEvent, remove = false) {
    e.preventDefault();
    setMessage(null);
    try {
      await call('account.setPin', { current, pin: remove ? null : pin });
      setPin('');
      setCurrent('');
      setMessage({
        ok: true,
        text: remove ? 'Your PIN was removed.' : 'Your PIN is set: it unlocks only your own locked screen.',
      });
      session.refresh();
    } catch (err) {
      setMessage({ ok: false, text: errorMessage(err) });
    }
  }

  return (
    <form className="card auth-form" onSubmit={(e) => void save(e)} noValidate aria-label="PIN">
      <h2 className="section-title">PIN for unlocking</h2>
      <p className="muted">
        {session.person.hasPin
          ? 'You have a PIN. It unlocks your own locked screen; signing in still needs your password.'
          : 'A PIN of 4 to 6 digits unlocks your own locked screen quickly. Signing in still needs your password.'}
      </p>
      <div className="form-grid form-grid-2">
        <div className={`field${pin !== '' && !valid ? ' field-invalid' : ''}`}>
          <label htmlFor="pin-new">New PIN</label>
          <input id="pin-new" type="password" inputMode="numeric" value={pin} onChange={(e) => setPin(e.target.value)} />
          {pin !== '' && !valid && <p className="field-error">A PIN is 4 to 6 digits.</p>}
        </div>
        <div className="field">
          <label htmlFor="pin-current">Your password</label>
          <input
            id="pin-current"
            type="password"
            autoComplete="current-password"
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
          />
        </div>
      </div>
      {message && (
        <p role="status" className={message.ok ? 'status-ok' : 'status-error'}>
          {message.text}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={!valid || current === ''}>
          {session.person.hasPin ? 'Change PIN' : 'Set PIN'}
        </button>
        {session.person.hasPin && (
          <button type="button" className="button button-secondary" disabled={current === ''} onClick={(e) => void save(e, true)}>
            Remove PIN
          </button>
        )}
      </div>
    </form>
  );
}

function PasswordForm() {
  const { person, clinicName } = useSession();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const ready = current !== '' && newPasswordReady(password, repeat, [person.name, clinicName]);

  async function save(e: FormEvent) {
    e.preventDefault();
    setMessage(null);
    try {
      await call('account.changePassword', { current, password });
      setCurrent('');
      setPassword('');
      setRepeat('');
      setMessage({ ok: true, text: 'Your password was changed. Use the new one from now on.' });
    } catch (err) {
      setMessage({ ok: false, text: errorMessage(err) });
    }
  }

  return (
    <form className="card auth-form" onSubmit={(e) => void save(e)} noValidate aria-label="Change password">
      <h2 className="section-title">Change password</h2>
      <div className="field">
        <label htmlFor="password-current">Current password</label>
        <input
          id="password-current"
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
        />
      </div>
      <NewPasswordFields
        value={password}
        repeat={repeat}
        onChange={setPassword}
        onRepeat={setRepeat}
        personal={[person.name, clinicName]}
        label="New password"
      />
      {message && (
        <p role="status" className={message.ok ? 'status-ok' : 'status-error'}>
          {message.text}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={!ready}>
          Change password
        </button>
      </div>
    </form>
  );
}
