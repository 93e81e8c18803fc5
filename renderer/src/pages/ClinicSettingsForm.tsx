import { useMemo, useRef, useState, type FormEvent } from 'react';
import type { ClinicSettings, ClinicSettingsInput } from '../../../shared/settings';
import { WEEKDAY_NAMES } from '../../../shared/settings';
import { clinicFormat, COUNTRIES, countryOf, LANGUAGES, type Language } from '../../../shared/locale';
import { call } from '../api';
import { useFocusFirstInvalid } from '../useFocusFirstInvalid';
import { Field } from '../components/Field';
import { FormActions, refusedSave, type SaveStatus } from '../components/FormActions';
import { TimeInput } from '../components/TimeInput';

const TIME_ZONES: readonly string[] = Intl.supportedValuesOf('timeZone');
const BY_NAME = [...COUNTRIES].sort((a, b) => a.name.localeCompare(b.name));

export function ClinicSettingsForm({ settings, onSaved }: { settings: ClinicSettings; onSaved: (s: ClinicSettings) => void }) {
  const [draft, setDraft] = useState<ClinicSettingsInput>(settings);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<SaveStatus>({ kind: 'idle' });
  const formRef = useRef<HTMLFormElement>(null);
  const focusFirstInvalid = useFocusFirstInvalid(formRef);
  const preview = clinicFormat({ country: draft.country, language: draft.language ?? 'en' });
  const dirty = useMemo(() => JSON.stringify(draft) !== JSON.stringify(settings), [draft, settings]);

  function update(patch: Partial<ClinicSettingsInput>) {
    setDraft((d) => ({ ...d, ...patch }));
    setStatus({ kind: 'idle' });
  }

  function updateDay(index: number, patch: Partial<ClinicSettingsInput['openingHours'][number]>) {
    update({ openingHours: draft.openingHours.map((d, i) => (i === index ? { ...d, ...patch } : d)) });
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setStatus({ kind: 'saving' });
    try {
      const saved = await call('settings.update', draft);
      setErrors({});
      setDraft(saved);
      onSaved(saved);
      setStatus({ kind: 'saved', message: 'Settings saved' });
    } catch (err) {
      const refused = refusedSave(err);
      setStatus(refused.status);
      if (refused.fields) {
        setErrors(refused.fields);
        focusFirstInvalid();
      }
    }
  }

  function discard() {
    setDraft(settings);
    setErrors({});
    setStatus({ kind: 'idle' });
  }

  return (
    <>
      <form ref={formRef} className="settings-form" onSubmit={(e) => void save(e)} noValidate aria-label="Clinic settings">
        <section className="card form-card" aria-labelledby="details-heading">
          <h2 id="details-heading" className="section-title">
            The clinic
          </h2>
          <div className="form-grid">
            <Field id="clinic-name" label="Clinic name" error={errors.name}>
              <input value={draft.name} autoComplete="organization" onChange={(e) => update({ name: e.target.value })} />
            </Field>
            <Field id="clinic-phone" label="Phone" error={errors.phone}>
              <input value={draft.phone} type="tel" autoComplete="tel" onChange={(e) => update({ phone: e.target.value })} />
            </Field>
            <Field id="clinic-address" label="Address" error={errors.address}>
              <textarea
                rows={3}
                value={draft.address}
                autoComplete="street-address"
                onChange={(e) => update({ address: e.target.value })}
              />
            </Field>
            <Field
              id="clinic-time-zone"
              label="Time zone"
              hint="The clinic’s own zone, such as Europe/London. Every date in the app follows it."
              error={errors.timeZone}
            >
              <input
                value={draft.timeZone}
                list="time-zones"
                spellCheck={false}
                onChange={(e) => update({ timeZone: e.target.value })}
              />
            </Field>
            <Field
              id="clinic-country"
              label="Country"
              hint="Decides how dates, times and phone numbers are read and written, and the paper printouts use."
              error={errors.country}
            >
              <select value={draft.country} onChange={(e) => update({ country: e.target.value })}>
                {BY_NAME.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="clinic-language" label="Dates written in" error={errors.language}>
              <select value={draft.language} onChange={(e) => update({ language: e.target.value as Language })}>
                {LANGUAGES.map(([code, name]) => (
                  <option key={code} value={code}>
                    {name}
                  </option>
                ))}
              </select>
            </Field>
            <p className="muted small locale-preview" data-testid="locale-preview">
              Dates read <strong>{preview.date('2026-08-10')}</strong> and are typed as <strong>{preview.datePattern}</strong>;
              times read <strong>{preview.time('14:30')}</strong>; printouts are on{' '}
              <strong>{preview.paper === 'A4' ? 'A4' : 'US Letter'}</strong> paper; a caller’s number may be given with +
              {countryOf(draft.country).callingCode}.
            </p>
            <datalist id="time-zones">
              {TIME_ZONES.map((tz) => (
                <option key={tz} value={tz} />
              ))}
            </datalist>
          </div>
        </section>

        <section className="card form-card" aria-labelledby="hours-heading">
          <h2 id="hours-heading" className="section-title">
            Opening hours
          </h2>
          <table className="hours-table">
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Open</th>
                <th scope="col">Opens</th>
                <th scope="col">Closes</th>
              </tr>
            </thead>
            <tbody>
              {draft.openingHours.map((d, i) => {
                const name = WEEKDAY_NAMES[d.day];
                return (
                  <tr key={d.day} className={d.open ? undefined : 'closed-day'}>
                    <th scope="row">{name}</th>
                    <td>
                      <label className="switch">
                        <input
                          type="checkbox"
                          checked={d.open}
                          onChange={(e) => updateDay(i, { open: e.target.checked })}
                          aria-label={`Open on ${name}`}
                        />
                        <span>{d.open ? 'Open' : 'Closed'}</span>
                      </label>
                    </td>
                    {(['opens', 'closes'] as const).map((edge) => {
                      const error = errors[`openingHours.${i}.${edge}`];
                      const errorId = `hours-${d.day}-${edge}-error`;
                      return (
                        <td key={edge}>
                          <TimeInput
                            value={d[edge]}
                            disabled={!d.open}
                            aria-label={`${name} ${edge}`}
                            aria-invalid={error ? true : undefined}
                            aria-describedby={error ? errorId : undefined}
                            onChange={(v) => updateDay(i, { [edge]: v })}
                          />
                          {error && (
                            <p id={errorId} className="field-error" role="alert">
                              {error}
                            </p>
                          )}
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>

        <section className="card form-card" aria-labelledby="exports-heading">
          <h2 id="exports-heading" className="section-title">
            Calendar exports
          </h2>
          <fieldset className="radio-row">
            <legend>In .ics files, name patients by</legend>
            <label className="check">
              <input
                type="radio"
                name="calendar-names"
                checked={draft.calendarNames === 'initials'}
                onChange={() => update({ calendarNames: 'initials' })}
              />{' '}
              Initials (A.O.), for calendars that leave the clinic
            </label>
            <label className="check">
              <input
                type="radio"
                name="calendar-names"
                checked={draft.calendarNames === 'full'}
                onChange={() => update({ calendarNames: 'full' })}
              />{' '}
              Full names
            </label>
          </fieldset>
        </section>

        <FormActions status={status} dirty={dirty} onDiscard={discard} saveLabel="Save settings" />
      </form>
    </>
  );
}
