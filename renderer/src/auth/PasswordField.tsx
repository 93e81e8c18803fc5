import { useId } from 'react';
import { passwordStrength } from '../../../shared/auth';

/**
 * A new password with its strength shown as it is typed, and a second field to repeat it.
 * The main process checks the same rule again.
 */
export function NewPasswordFields({
  value,
  repeat,
  onChange,
  onRepeat,
  personal,
  error,
  label = 'Password or passphrase',
}: {
  value: string;
  repeat: string;
  onChange: (v: string) => void;
  onRepeat: (v: string) => void;
  personal: string[];
  error?: string | undefined;
  label?: string;
}) {
  const id = useId();
  const strength = passwordStrength(value, personal);
  const mismatch = repeat !== '' && repeat !== value;
  return (
    <>
      <div className={`field${error ? ' field-invalid' : ''}`}>
        <label htmlFor={`${id}-pw`}>{label}</label>
        <input
          id={`${id}-pw`}
          type="password"
          autoComplete="new-password"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-describedby={`${id}-strength`}
          aria-invalid={error ? true : undefined}
        />
        <div className="strength" id={`${id}-strength`} aria-live="polite">
          <span className={`strength-bar strength-${value === '' ? 'none' : strength.score}`} aria-hidden="true">
            <span />
            <span />
            <span />
            <span />
          </span>
          <span className="small">
            {value === ''
              ? 'At least 10 characters. A few ordinary words in a row make a strong passphrase.'
              : `${strength.label}${strength.advice ? `: ${strength.advice}` : '.'}`}
          </span>
        </div>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
      <div className={`field${mismatch ? ' field-invalid' : ''}`}>
        <label htmlFor={`${id}-repeat`}>Type it again</label>
        <input
          id={`${id}-repeat`}
          type="password"
          autoComplete="new-password"
          value={repeat}
          onChange={(e) => onRepeat(e.target.value)}
          aria-invalid={mismatch ? true : undefined}
        />
        {mismatch && (
          <p className="field-error" role="alert">
            The two do not match yet.
          </p>
        )}
      </div>
    </>
  );
}

/** Whether a new password may be sent: strong enough, and typed the same twice. */
export function newPasswordReady(value: string, repeat: string, personal: string[]): boolean {
  return passwordStrength(value, personal).acceptable && value === repeat;
}
