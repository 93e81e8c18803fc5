import { useMemo, useRef, useState, type FormEvent } from 'react';
import {
  SMTP_SECURITY,
  SMTP_SECURITY_LABELS,
  type CertificateInfo,
  type MailSettingsInput,
  type MailSettingsView,
  type SmsMode,
} from '../../../../shared/messages';
import { call, errorMessage } from '../../api';
import { Field } from '../../components/Field';
import { FormActions, refusedSave, type SaveStatus } from '../../components/FormActions';
import { Icon } from '../../components/Icon';
import { useFormat } from '../../format';
import { useCall } from '../../useCall';
import { useFocusFirstInvalid } from '../../useFocusFirstInvalid';

function draftOf(v: MailSettingsView): MailSettingsInput {
  const { passwordSet: _p, trustedCertificate, ...rest } = v;
  return { ...rest, password: null, trustedFingerprint: trustedCertificate?.fingerprint ?? null };
}

const SMS_CHOICES: { mode: SmsMode; label: string; hint: string }[] = [
  { mode: 'off', label: 'No text messages', hint: 'Patients who prefer texts get no automatic message; reception calls them.' },
  {
    mode: 'csv',
    label: 'Export them for our SMS service',
    hint: 'Texts wait in the outbox; Export SMS texts saves a CSV file (phone, message) to upload to your SMS provider.',
  },
  {
    mode: 'gateway',
    label: 'Send them through an e-mail-to-SMS gateway',
    hint: 'Each text is e-mailed to your provider’s gateway address, which turns it into a text message.',
  },
];

/** Settings → E-mail and SMS: the clinic's own mail account, a test message, and how text messages go. */
export function MailSettings() {
  const saved = useCall('mailSettings.get', {});
  if (saved.error) return <p className="status-error">{saved.error}</p>;
  if (!saved.data) return <p className="muted">Loading…</p>;
  return <MailSettingsForm view={saved.data} onSaved={saved.set} />;
}

function MailSettingsForm({ view, onSaved }: { view: MailSettingsView; onSaved: (v: MailSettingsView) => void }) {
  const [draft, setDraft] = useState<MailSettingsInput>(() => draftOf(view));
  const format = useFormat();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<SaveStatus>({ kind: 'idle' });
  const [testTo, setTestTo] = useState(view.fromAddress);
  const [testing, setTesting] = useState<'idle' | 'sending' | { ok: string } | { problem: string }>('idle');
  const [shownCertificate, setShownCertificate] = useState<CertificateInfo | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const focusFirstInvalid = useFocusFirstInvalid(formRef);
  const dirty = useMemo(() => JSON.stringify(draft) !== JSON.stringify(draftOf(view)), [draft, view]);

  function update(patch: Partial<MailSettingsInput>) {
    setDraft((d) => ({ ...d, ...patch }));
    setStatus({ kind: 'idle' });
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !(k in patch))));
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setStatus({ kind: 'saving' });
    try {
      const next = await call('mailSettings.update', draft);
      setErrors({});
      setDraft(draftOf(next));
      setShownCertificate(null);
      onSaved(next);
      setStatus({ kind: 'saved', message: 'E-mail settings saved' });
    } catch (err) {
      const refused = refusedSave(err);
      setStatus(refused.status);
      if (refused.fields) {
        setErrors(refused.fields);
        focusFirstInvalid();
      }
    }
  }

  async function test() {
    setTesting('sending');
    setShownCertificate(null);
    try {
      const r = await call('mailSettings.test', { settings: draft, to: testTo });
      if (r.ok) {
        setTesting({ ok: `Sent to ${testTo}. The server answered: ${r.response}` });
        setErrors({});
      } else {
        const field = r.problem.field === 'to' ? 'testTo' : r.problem.field;
        setErrors({ [field]: r.problem.message });
        setTesting({ problem: r.problem.message });
        if (r.problem.certificate) setShownCertificate(r.problem.certificate);
      }
    } catch (err) {
      const refused = refusedSave(err);
      if (refused.fields) setErrors({ ...refused.fields, ...(refused.fields.to ? { testTo: refused.fields.to } : {}) });
      setTesting({ problem: errorMessage(err) });
    }
  }

  const trusted = view.trustedCertificate;

  return (
    <form
      ref={formRef}
      className="settings-form mail-settings"
      onSubmit={(e) => void save(e)}
      noValidate
      aria-label="E-mail and SMS settings"
    >
      <section className="card form-card" aria-labelledby="account-heading">
        <h2 id="account-heading" className="section-title">
          The clinic’s e-mail account
        </h2>
        <p className="muted small">
          Messages go out through your own mail provider, exactly as if reception had sent them. Ask your provider or IT person
          for these details (“SMTP settings”). The password is kept inside the encrypted clinic database and is never shown again.
        </p>
        <div className="form-grid form-grid-3">
          <Field id="mail-host" label="Mail server (SMTP)" hint="Such as smtp.yourprovider.com" error={errors.host}>
            <input value={draft.host} spellCheck={false} autoComplete="off" onChange={(e) => update({ host: e.target.value })} />
          </Field>
          <Field id="mail-port" label="Port" error={errors.port}>
            <input
              type="number"
              min={1}
              max={65535}
              value={draft.port}
              onChange={(e) => update({ port: Number(e.target.value) })}
            />
          </Field>
          <Field id="mail-security" label="Security" error={errors.security}>
            <select
              value={draft.security}
              onChange={(e) => update({ security: e.target.value as MailSettingsInput['security'] })}
            >
              {SMTP_SECURITY.map((s) => (
                <option key={s} value={s}>
                  {SMTP_SECURITY_LABELS[s]}
                </option>
              ))}
            </select>
          </Field>
          <Field id="mail-user" label="User name" hint="Often the full e-mail address" error={errors.user}>
            <input value={draft.user} spellCheck={false} autoComplete="off" onChange={(e) => update({ user: e.target.value })} />
          </Field>
          <Field
            id="mail-password"
            label="Password"
            hint={view.passwordSet ? 'Saved. Type a new one only to change it.' : 'The mailbox password or an app password'}
            error={errors.password}
          >
            <input
              type="password"
              autoComplete="new-password"
              value={draft.password ?? ''}
              placeholder={view.passwordSet ? '••••••••' : ''}
              onChange={(e) => update({ password: e.target.value === '' ? null : e.target.value })}
            />
          </Field>
          <Field
            id="mail-from-name"
            label="Sender name"
            hint="What patients see, such as the clinic’s name"
            error={errors.fromName}
          >
            <input value={draft.fromName} onChange={(e) => update({ fromName: e.target.value })} />
          </Field>
          <Field id="mail-from" label="Sender address" error={errors.fromAddress}>
            <input type="email" value={draft.fromAddress} onChange={(e) => update({ fromAddress: e.target.value })} />
          </Field>
          <Field id="mail-reply-to" label="Replies go to" hint="Leave empty to use the sender address" error={errors.replyTo}>
            <input type="email" value={draft.replyTo} onChange={(e) => update({ replyTo: e.target.value })} />
          </Field>
        </div>

        {trusted && draft.trustedFingerprint === trusted.fingerprint && (
          <div className="callout" role="note">
            <Icon name="check" />
            <div>
              <strong>This clinic trusts its mail server’s own certificate.</strong>
              <p className="small fingerprint">SHA-256 {trusted.fingerprint}</p>
              {trusted.subject && (
                <p className="small">
                  {trusted.subject} · valid until {format.date(trusted.validTo)}
                </p>
              )}
              <button
                type="button"
                className="button button-secondary button-small"
                onClick={() => update({ trustedFingerprint: null })}
              >
                Stop trusting it
              </button>
            </div>
          </div>
        )}
        {shownCertificate && (
          <div className="callout callout-warn certificate-callout" role="group" aria-label="The server’s certificate">
            <Icon name="alert" />
            <div>
              <strong>The server showed a certificate no known authority vouches for.</strong>
              <p className="small">
                Only trust it if this is your clinic’s own mail server and the fingerprint matches the one your provider or IT
                person gives you. Anyone else could be listening in.
              </p>
              <dl className="certificate-facts small">
                <dt>Fingerprint (SHA-256)</dt>
                <dd className="fingerprint">{shownCertificate.fingerprint}</dd>
                <dt>Issued to</dt>
                <dd>{shownCertificate.subject}</dd>
                <dt>Issued by</dt>
                <dd>{shownCertificate.issuer}</dd>
                <dt>Valid until</dt>
                <dd>{format.date(shownCertificate.validTo)}</dd>
              </dl>
              <label className="check">
                <input
                  type="checkbox"
                  checked={draft.trustedFingerprint === shownCertificate.fingerprint}
                  onChange={(e) => update({ trustedFingerprint: e.target.checked ? shownCertificate.fingerprint : null })}
                />{' '}
                Trust this certificate: it is our own mail server’s
              </label>
            </div>
          </div>
        )}
        {errors.trustedFingerprint && !shownCertificate && (
          <p className="field-error" role="alert">
            {errors.trustedFingerprint}
          </p>
        )}

        <div className="test-row" role="group" aria-label="Send a test message">
          <Field id="mail-test-to" label="Send a test message to" error={errors.testTo}>
            <input type="email" value={testTo} onChange={(e) => setTestTo(e.target.value)} />
          </Field>
          <button type="button" className="button button-secondary" onClick={() => void test()} disabled={testing === 'sending'}>
            {testing === 'sending' ? 'Sending…' : 'Send a test message'}
          </button>
          <div role="status" aria-live="polite" className="test-result">
            {typeof testing === 'object' && 'ok' in testing && (
              <span className="status-ok">
                <Icon name="check" size={18} /> {testing.ok}
              </span>
            )}
            {typeof testing === 'object' && 'problem' in testing && <span className="status-error">Not sent.</span>}
          </div>
        </div>
      </section>

      <section className="card form-card" aria-labelledby="sending-heading">
        <h2 id="sending-heading" className="section-title">
          Sending
        </h2>
        <div className="form-grid form-grid-3">
          <div className="field">
            <span className="field-label">Reminders and recalls</span>
            <label className="switch">
              <input type="checkbox" checked={draft.sending} onChange={(e) => update({ sending: e.target.checked })} />
              <span>{draft.sending ? 'Sent automatically' : 'Switched off'}</span>
            </label>
            {errors.sending && (
              <p className="field-error" role="alert">
                {errors.sending}
              </p>
            )}
            <p className="field-hint">Which kinds go, and when, is chosen under Messages → Kinds and templates.</p>
          </div>
          <Field
            id="mail-send-from"
            label="Send day reminders from"
            hint="On its day, a reminder waits until this time. Appointment reminders go at their own hour."
            error={errors.sendFrom}
          >
            <input type="time" value={draft.sendFrom} onChange={(e) => update({ sendFrom: e.target.value })} />
          </Field>
        </div>
      </section>

      <section className="card form-card" aria-labelledby="sms-heading">
        <h2 id="sms-heading" className="section-title">
          Text messages
        </h2>
        <p className="muted small">Clinic Records has no SMS provider of its own. For patients who prefer texts:</p>
        <fieldset className="sms-choices">
          <legend className="visually-hidden">How text messages go</legend>
          {SMS_CHOICES.map((c) => (
            <label key={c.mode} className="sms-choice">
              <input
                type="radio"
                name="sms-mode"
                checked={draft.smsMode === c.mode}
                onChange={() => update({ smsMode: c.mode })}
              />
              <span>
                <strong>{c.label}</strong>
                <span className="muted small"> {c.hint}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {draft.smsMode === 'gateway' && (
          <Field
            id="mail-sms-gateway"
            label="Gateway address"
            hint="Write {phone} where the number goes, as your provider asks, such as {phone}@sms.example.com. The number is sent as digits only."
            error={errors.smsGateway}
          >
            <input value={draft.smsGateway} spellCheck={false} onChange={(e) => update({ smsGateway: e.target.value })} />
          </Field>
        )}
      </section>

      <FormActions
        status={status}
        dirty={dirty}
        onDiscard={() => {
          setDraft(draftOf(view));
          setErrors({});
          setStatus({ kind: 'idle' });
        }}
        saveLabel="Save e-mail settings"
      />
    </form>
  );
}
