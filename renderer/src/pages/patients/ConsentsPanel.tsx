import { useState, type FormEvent } from 'react';
import { currentConsent, PHOTO_SCOPES, PHOTO_SCOPE_LABELS, type Consent, type ConsentInput } from '../../../../shared/consents';
import { call } from '../../api';
import { Field } from '../../components/Field';
import { refusedSave } from '../../components/FormActions';
import { DateInput } from '../../components/DateInput';
import { useFormat } from '../../format';

const NEW_CONSENT = (today: string): ConsentInput => ({
  formName: 'Botulinum toxin treatment consent',
  formVersion: '',
  signedOn: today,
  photoScope: 'clinical',
});

/** The patient's consents: record a signed form, withdraw one, see which is in force. */
export function ConsentsPanel({
  patientId,
  consents,
  today,
  onChange,
}: {
  patientId: number;
  consents: Consent[];
  today: string;
  onChange: (c: Consent[]) => void;
}) {
  const format = useFormat();
  const [adding, setAdding] = useState(false);
  const [draft, setDraft] = useState<ConsentInput>(NEW_CONSENT(today));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [withdrawing, setWithdrawing] = useState<{ id: number; on: string } | null>(null);
  const current = currentConsent(consents);

  async function add(e: FormEvent) {
    e.preventDefault();
    try {
      onChange(await call('consents.add', { patientId, consent: draft }));
      setAdding(false);
      setDraft(NEW_CONSENT(today));
      setErrors({});
      setMessage(null);
    } catch (err) {
      const refused = refusedSave(err);
      setErrors(Object.fromEntries(Object.entries(refused.fields ?? {}).map(([k, v]) => [k.replace(/^consent\./, ''), v])));
      setMessage(refused.status.kind === 'error' ? refused.status.message : null);
    }
  }

  async function withdraw() {
    if (!withdrawing) return;
    try {
      onChange(await call('consents.withdraw', withdrawing));
      setWithdrawing(null);
      setMessage(null);
    } catch (err) {
      const refused = refusedSave(err);
      setMessage(refused.fields?.on ?? (refused.status.kind === 'error' ? refused.status.message : null));
    }
  }

  return (
    <section className="card" aria-labelledby="consents-heading">
      <div className="card-header">
        <h2 id="consents-heading" className="section-title">
          Consent
        </h2>
        {!adding && (
          <button type="button" className="button button-secondary" onClick={() => setAdding(true)}>
            Record consent
          </button>
        )}
      </div>
      {message && (
        <p className="status-error" role="alert">
          {format.text(message)}
        </p>
      )}
      {adding && (
        <form className="inline-form" onSubmit={(e) => void add(e)} noValidate aria-label="Record consent">
          <div className="form-grid form-grid-4">
            <Field id="consent-form" label="Form" error={errors.formName}>
              <input value={draft.formName} onChange={(e) => setDraft({ ...draft, formName: e.target.value })} />
            </Field>
            <Field id="consent-version" label="Version" error={errors.formVersion}>
              <input value={draft.formVersion} onChange={(e) => setDraft({ ...draft, formVersion: e.target.value })} />
            </Field>
            <Field id="consent-signed" label="Signed on" error={errors.signedOn}>
              <DateInput value={draft.signedOn} max={today} onChange={(v) => setDraft({ ...draft, signedOn: v })} />
            </Field>
            <Field id="consent-scope" label="Photo use" error={errors.photoScope}>
              <select
                value={draft.photoScope}
                onChange={(e) => setDraft({ ...draft, photoScope: e.target.value as ConsentInput['photoScope'] })}
              >
                {PHOTO_SCOPES.map((s) => (
                  <option key={s} value={s}>
                    {PHOTO_SCOPE_LABELS[s]}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <div className="callout-actions">
            <button type="button" className="button button-secondary" onClick={() => setAdding(false)}>
              Cancel
            </button>
            <button type="submit" className="button button-primary">
              Save consent
            </button>
          </div>
        </form>
      )}
      {consents.length === 0 ? (
        <p className="muted">No consent recorded yet.</p>
      ) : (
        <table className="data-table compact" aria-label="Consents">
          <thead>
            <tr>
              <th scope="col">Form</th>
              <th scope="col">Signed</th>
              <th scope="col">Photo use</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {consents.map((c) => (
              <tr key={c.id}>
                <td>
                  {c.formName} <span className="muted">v{c.formVersion}</span>
                </td>
                <td className="nowrap">{format.date(c.signedOn)}</td>
                <td>{PHOTO_SCOPE_LABELS[c.photoScope]}</td>
                <td>
                  {c.withdrawnOn ? (
                    <span className="pill pill-muted">Withdrawn {format.date(c.withdrawnOn)}</span>
                  ) : c.id === current?.id ? (
                    <span className="pill pill-ok">In force</span>
                  ) : (
                    <span className="pill pill-muted">Replaced</span>
                  )}
                </td>
                <td className="actions-cell">
                  {c.withdrawnOn === null &&
                    (withdrawing?.id === c.id ? (
                      <span className="inline-confirm">
                        <label>
                          Withdrawn on{' '}
                          <DateInput value={withdrawing.on} max={today} onChange={(v) => setWithdrawing({ id: c.id, on: v })} />
                        </label>
                        <button type="button" className="button button-secondary" onClick={() => setWithdrawing(null)}>
                          Keep
                        </button>
                        <button type="button" className="button button-primary" onClick={() => void withdraw()}>
                          Withdraw consent
                        </button>
                      </span>
                    ) : (
                      <button
                        type="button"
                        className="button button-link"
                        onClick={() => setWithdrawing({ id: c.id, on: today })}
                      >
                        Withdraw…
                      </button>
                    ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
