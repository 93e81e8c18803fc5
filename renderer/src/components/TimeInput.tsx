import { useState, type InputHTMLAttributes } from 'react';
import { useFormat } from '../format';

type Passed = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type'>;

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * A time typed the clinic's way ("14:30", or "2:30 PM" where the clock is read in AM/PM;
 * "1430", "2.30pm" and "9" work too). The value stays "HH:MM"; text that is not a time is
 * passed on as typed, for the form's check to name.
 */
export function TimeInput({ value, onChange, ...rest }: Passed & { value: string; onChange: (hhmm: string) => void }) {
  const format = useFormat();
  const [typing, setTyping] = useState<string | null>(null);
  const shown = typing ?? (CLOCK.test(value) ? format.time(value).replace(/\u00a0/g, ' ') : value);
  return (
    <input
      {...rest}
      type="text"
      className={`time-input${rest.className ? ` ${rest.className}` : ''}`}
      autoComplete="off"
      spellCheck={false}
      placeholder={format.hour12 ? 'h:mm AM' : 'HH:MM'}
      value={shown}
      onChange={(e) => {
        setTyping(e.target.value);
        onChange(format.parseTime(e.target.value) ?? e.target.value.trim());
      }}
      onBlur={(e) => {
        setTyping(null);
        rest.onBlur?.(e);
      }}
    />
  );
}
