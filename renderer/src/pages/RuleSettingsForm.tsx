import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { RuleSettingsView } from '../../../shared/contract';
import type { RuleSettings } from '../../../shared/ruleSettings';
import { call, errorMessage } from '../api';
import { useFocusFirstInvalid } from '../useFocusFirstInvalid';
import { FormActions, refusedSave, type SaveStatus } from '../components/FormActions';

/** One number on the form; `path` is where it sits in RuleSettings ("touchUpWindow.0"). */
interface NumberField {
  path: string;
  label: string;
  unit: 'days' | '%' | '×' | 'years';
}

interface SettingRow {
  id: string;
  title: string;
  help: string;
  fields: NumberField[];
  /** The first field's path names the setting for error messages that cover the pair. */
  setting: string;
}

interface SettingGroup {
  title: string;
  rows: SettingRow[];
}

const GROUPS: SettingGroup[] = [
  {
    title: 'Treatment intervals',
    rows: [
      {
        id: 'min-interval',
        setting: 'minIntervalDays',
        title: 'Minimum interval',
        help: 'Fewest days between two full treatments of one area, whatever the product. A product’s own label minimum applies when it is longer (Botox: 90 days). Booking sooner needs a written reason.',
        fields: [{ path: 'minIntervalDays', label: 'Minimum interval', unit: 'days' }],
      },
      {
        id: 'touch-up',
        setting: 'touchUpWindow',
        title: 'Touch-up window',
        help: 'Days after a full treatment in which one touch-up joins it. A second touch-up, or one outside the window, is warned about as an early booster.',
        fields: [
          { path: 'touchUpWindow.0', label: 'Touch-up window from day', unit: 'days' },
          { path: 'touchUpWindow.1', label: 'Touch-up window to day', unit: 'days' },
        ],
      },
      {
        id: 'review',
        setting: 'reviewDay',
        title: 'Review',
        help: 'The review after a first treatment of an area, or after a change of product, falls this many days after the treatment.',
        fields: [{ path: 'reviewDay', label: 'Review on day', unit: 'days' }],
      },
    ],
  },
  {
    title: 'Reminders and recall',
    rows: [
      {
        id: 'recall-lead',
        setting: 'recallLeadDays',
        title: 'Recall',
        help: 'Recall this many days before the effect is expected to wear off, and never before the minimum interval.',
        fields: [{ path: 'recallLeadDays', label: 'Recall lead', unit: 'days' }],
      },
      {
        id: 'soft-reminder',
        setting: 'softReminderLeadDays',
        title: 'Soft reminder',
        help: 'A gentle invitation to book, this many days before the effect is expected to wear off.',
        fields: [{ path: 'softReminderLeadDays', label: 'Soft reminder lead', unit: 'days' }],
      },
      {
        id: 'soft-reminder-floor',
        setting: 'softReminderFloorDays',
        title: 'No soft reminder before',
        help: 'However short the expected effect, a soft reminder never goes out sooner than this many days after the treatment.',
        fields: [{ path: 'softReminderFloorDays', label: 'Soft reminder floor', unit: 'days' }],
      },
      {
        id: 'check-in',
        setting: 'checkInLeadDays',
        title: 'Check-in window',
        help: 'A “is movement returning?” check-in between these two numbers of days before the expected return. The answers teach the app this patient’s own duration.',
        fields: [
          { path: 'checkInLeadDays.0', label: 'Check-in from (days before return)', unit: 'days' },
          { path: 'checkInLeadDays.1', label: 'Check-in until (days before return)', unit: 'days' },
        ],
      },
    ],
  },
  {
    title: 'Learning each patient’s duration',
    rows: [
      {
        id: 'clamp',
        setting: 'personalClampDays',
        title: 'One observation moves the estimate at most',
        help: 'With a single “movement returning” observation the estimate moves at most this far from the product’s usual duration; from two on, the patient’s own median is used.',
        fields: [{ path: 'personalClampDays', label: 'Largest move from one observation', unit: 'days' }],
      },
      {
        id: 'dose-band',
        setting: 'doseToleranceFraction',
        title: 'Same-dose band',
        help: 'Past cycles count towards the estimate only when their units were within this share of the latest dose.',
        fields: [{ path: 'doseToleranceFraction', label: 'Same-dose band', unit: '%' }],
      },
      {
        id: 'snr',
        setting: 'snrFraction',
        title: 'Shortening effect',
        help: 'Two cycles in a row lasting at most this share of the patient’s earlier median, at the same or a higher dose, flag a possible non-responder for review. Their intervals are never shortened.',
        fields: [{ path: 'snrFraction', label: 'Shortening threshold', unit: '%' }],
      },
      {
        id: 'activity',
        setting: 'activityFactors',
        title: 'Activity level',
        help: 'Multiplies the usual duration by the patient’s activity level. Very active patients tend to see a shorter effect.',
        fields: [
          { path: 'activityFactors.low', label: 'Low activity factor', unit: '×' },
          { path: 'activityFactors.normal', label: 'Normal activity factor', unit: '×' },
          { path: 'activityFactors.high', label: 'High activity factor', unit: '×' },
        ],
      },
    ],
  },
  {
    title: 'Safety and events',
    rows: [
      {
        id: 'minimum-age',
        setting: 'minimumAge',
        title: 'Minimum age',
        help: 'No toxin treatment can be booked for a patient younger than this on the day.',
        fields: [{ path: 'minimumAge', label: 'Minimum age', unit: 'years' }],
      },
      {
        id: 'cumulative',
        setting: 'cumulativeWindowDays',
        title: 'Cumulative dose window',
        help: 'Units of onabotulinumtoxinA products (Botox, Vistabel) add up over this many days against the 400-unit cap.',
        fields: [{ path: 'cumulativeWindowDays', label: 'Cumulative window', unit: 'days' }],
      },
      {
        id: 'event-ideal',
        setting: 'eventIdealDays',
        title: 'Before an event: ideal window',
        help: 'Treat between these numbers of days before a wedding or holiday, leaving time for the review and a touch-up.',
        fields: [
          { path: 'eventIdealDays.0', label: 'Event window from (days before)', unit: 'days' },
          { path: 'eventIdealDays.1', label: 'Event window until (days before)', unit: 'days' },
        ],
      },
      {
        id: 'event-min',
        setting: 'eventMinDays',
        title: 'Before an event: latest',
        help: 'The last useful treatment date is this many days before the event.',
        fields: [{ path: 'eventMinDays', label: 'Latest treatment before an event', unit: 'days' }],
      },
    ],
  },
];

const ALL_FIELDS = GROUPS.flatMap((g) => g.rows.flatMap((r) => r.fields));
type Draft = Record<string, string>;

function read(settings: RuleSettings, path: string): number {
  return path.split('.').reduce<unknown>((obj, key) => (obj as Record<string, unknown>)[key], settings) as number;
}

/** Settings → the strings in the inputs; shares are shown as percentages. */
function toDraft(settings: RuleSettings): Draft {
  return Object.fromEntries(
    ALL_FIELDS.map((f) => {
      const value = read(settings, f.path);
      return [f.path, String(f.unit === '%' ? Math.round(value * 1000) / 10 : value)];
    }),
  );
}

/** The inputs → a settings object for the main process to validate (empty boxes become null). */
function fromDraft(draft: Draft): unknown {
  const out: Record<string, unknown> = {};
  for (const f of ALL_FIELDS) {
    const text = draft[f.path]!.trim();
    const n = text === '' ? null : Number(text);
    const value = n === null || Number.isNaN(n) ? null : f.unit === '%' ? n / 100 : n;
    const keys = f.path.split('.');
    let target = out;
    keys.slice(0, -1).forEach((k, i) => {
      target[k] ??= /^\d+$/.test(keys[i + 1]!) ? [] : {};
      target = target[k] as Record<string, unknown>;
    });
    target[keys.at(-1)!] = value;
  }
  return out;
}

function inputId(path: string): string {
  return `rule-${path.replace(/\./g, '-')}`;
}

export function RuleSettingsForm() {
  const [view, setView] = useState<RuleSettingsView | null>(null);
  const [draft, setDraft] = useState<Draft>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<SaveStatus>({ kind: 'idle' });
  const [loadError, setLoadError] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const focusFirstInvalid = useFocusFirstInvalid(formRef);

  useEffect(() => {
    call('ruleSettings.get', {})
      .then((v) => {
        setView(v);
        setDraft(toDraft(v.settings));
      })
      .catch((err: unknown) => setLoadError(errorMessage(err)));
  }, []);

  const saved = useMemo(() => (view ? toDraft(view.settings) : {}), [view]);
  const defaults = useMemo(() => (view ? toDraft(view.defaults) : {}), [view]);
  const dirty = JSON.stringify(draft) !== JSON.stringify(saved);
  const atDefaults = JSON.stringify(draft) === JSON.stringify(defaults);

  if (loadError) return <p className="status-error">The scheduling settings could not be loaded: {loadError}</p>;
  if (!view) return <p className="muted">Loading…</p>;

  async function save(event: FormEvent) {
    event.preventDefault();
    setStatus({ kind: 'saving' });
    try {
      const next = await call('ruleSettings.update', fromDraft(draft) as RuleSettings);
      setView(next);
      setDraft(toDraft(next.settings));
      setErrors({});
      setStatus({ kind: 'saved', message: 'Scheduling rules saved: every patient’s dates now follow them' });
    } catch (err) {
      const refused = refusedSave(err, 'settings');
      setStatus(refused.status);
      if (refused.fields) {
        setErrors(refused.fields);
        focusFirstInvalid();
      }
    }
  }

  /** Errors are keyed by path; a whole-pair error ("touchUpWindow") belongs to every box of the row. */
  function errorFor(row: SettingRow): string | undefined {
    for (const key of [row.setting, ...row.fields.map((f) => f.path)]) if (errors[key]) return errors[key];
    return undefined;
  }

  return (
    <form ref={formRef} className="settings-form" onSubmit={(e) => void save(e)} noValidate aria-label="Scheduling rules">
      {GROUPS.map((group) => (
        <section key={group.title} className="card form-card" aria-label={group.title}>
          <h2 className="section-title">{group.title}</h2>
          <div className="rule-rows">
            {group.rows.map((row) => {
              const error = errorFor(row);
              const changedFromDefault = row.fields.some((f) => draft[f.path] !== defaults[f.path]);
              return (
                <div key={row.id} className={`rule-row${error ? ' field-invalid' : ''}`}>
                  <div className="rule-text">
                    <h3 id={`${row.id}-title`}>
                      {row.title}
                      {changedFromDefault && <span className="pill">Changed</span>}
                    </h3>
                    <p id={`${row.id}-help`} className="field-hint">
                      {row.help}{' '}
                      <span className="muted">
                        Default:{' '}
                        {row.fields
                          .map((f) => `${defaults[f.path]}${f.unit === '%' ? ' %' : ''}`)
                          .join(row.fields.length === 3 ? ' / ' : '–')}
                        {row.fields[0]!.unit === 'days' ? ' days' : row.fields[0]!.unit === 'years' ? ' years' : ''}.
                      </span>
                    </p>
                    {error && (
                      <p id={`${row.id}-error`} className="field-error" role="alert">
                        {error}
                      </p>
                    )}
                  </div>
                  <div className="rule-inputs">
                    {row.fields.map((f, i) => (
                      <span key={f.path} className="rule-input">
                        {i > 0 && <span className="muted">{row.fields.length === 3 ? '' : 'to'}</span>}
                        <input
                          id={inputId(f.path)}
                          inputMode="decimal"
                          aria-label={f.label}
                          aria-invalid={error ? true : undefined}
                          aria-describedby={`${row.id}-help${error ? ` ${row.id}-error` : ''}`}
                          value={draft[f.path] ?? ''}
                          onChange={(e) => {
                            setDraft((d) => ({ ...d, [f.path]: e.target.value }));
                            setStatus({ kind: 'idle' });
                          }}
                        />
                        <span className="unit">{f.unit}</span>
                      </span>
                    ))}
                  </div>
                </div>
              );
            })}
          </div>
        </section>
      ))}
      <FormActions
        status={status}
        dirty={dirty}
        saveLabel="Save scheduling rules"
        onDiscard={() => {
          setDraft(saved);
          setErrors({});
          setStatus({ kind: 'idle' });
        }}
      >
        <button
          type="button"
          className="button button-secondary"
          disabled={atDefaults}
          onClick={() => {
            setDraft(defaults);
            setErrors({});
            setStatus({ kind: 'idle' });
          }}
        >
          Fill in defaults
        </button>
      </FormActions>
    </form>
  );
}
