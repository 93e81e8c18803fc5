import { useRef, useState, type InputHTMLAttributes } from 'react';
import { isValidDay } from '../../../shared/time';
import { useFormat } from '../format';

type Passed = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type' | 'min' | 'max'>;

/**
 * A date typed the clinic's way ("22/11/2026" in the UK, "11/22/2026" in the US; an ISO date
 * always works too), with the calendar picker a button away. The value stays "YYYY-MM-DD": what
 * was typed is passed on as it is until it reads as a real date, so a half-typed date is never
 * saved quietly as something else, and the form's check names it.
 */
export function DateInput({
  value,
  onChange,
  min,
  max,
  ...rest
}: Passed & { value: string; onChange: (day: string) => void; min?: string; max?: string }) {
  const format = useFormat();
  const [typing, setTyping] = useState<string | null>(null);
  const picker = useRef<HTMLInputElement>(null);
  const shown = typing ?? (isValidDay(value) ? format.numericDate(value) : value);
  const label = typeof rest['aria-label'] === 'string' ? rest['aria-label'] : 'the date';
  return (
    <span className="date-input">
      <input
        {...rest}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        placeholder={format.datePattern}
        value={shown}
        onChange={(e) => {
          const text = e.target.value;
          setTyping(text);
          onChange(format.parseDate(text, false) ?? text.trim());
        }}
        onBlur={(e) => {
          // A finished entry may be shorter ("22/11/26"): read it once more, leniently.
          if (typing !== null) {
            const day = format.parseDate(typing, true);
            if (day && day !== value) onChange(day);
          }
          setTyping(null);
          rest.onBlur?.(e);
        }}
      />
      <button
        type="button"
        className="date-input-pick"
        tabIndex={-1}
        aria-label={`Pick ${label} from a month grid`}
        onClick={() => picker.current?.showPicker()}
      >
        <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
          <path
            d="M7 3v3m10-3v3M4 9h16M5 5h14a1 1 0 0 1 1 1v13a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1Z"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.7"
            strokeLinecap="round"
          />
        </svg>
      </button>
      <input
        ref={picker}
        type="date"
        className="date-input-native"
        tabIndex={-1}
        aria-hidden="true"
        value={isValidDay(value) ? value : ''}
        min={min}
        max={max}
        onChange={(e) => {
          setTyping(null);
          if (e.target.value) onChange(e.target.value);
        }}
      />
    </span>
  );
}
