import { Fragment, useState } from 'react';
import {
  KIND_LABELS,
  OUTBOX_STATUS_LABELS,
  type MailerState,
  type OutboxMessage,
  type OutboxStatus,
  type OutboxView,
} from '../../../../shared/messages';
import type { Role } from '../../../../shared/staff';
import type { ClinicSettings } from '../../../../shared/settings';
import { call, errorMessage } from '../../api';
import { Icon } from '../../components/Icon';
import { downloadCsv } from '../../download';
import { useCall } from '../../useCall';
import { instantText, useFormat } from '../../format';

type Filter = 'waiting' | 'sent' | 'failed' | 'cancelled' | 'all';
const FILTERS: { id: Filter; label: string; statuses: OutboxStatus[] | null }[] = [
  { id: 'waiting', label: 'Waiting', statuses: ['queued', 'sending'] },
  { id: 'failed', label: 'Failed', statuses: ['failed'] },
  { id: 'sent', label: 'Sent', statuses: ['sent'] },
  { id: 'cancelled', label: 'Cancelled', statuses: ['cancelled'] },
  { id: 'all', label: 'All', statuses: null },
];

function MailerBanner({ mailer, timeZone, role }: { mailer: MailerState; timeZone: string; role: Role }) {
  const format = useFormat();
  const instant = (ms: number, tz: string) => instantText(format, ms, tz);
  const settingsLink =
    role === 'admin' ? (
      <a href="#/settings/mail">Settings → E-mail and SMS</a>
    ) : (
      <span>Settings → E-mail and SMS (the clinic owner)</span>
    );
  switch (mailer.state) {
    case 'not_set_up':
      return (
        <div className="callout" role="note" aria-label="Sending">
          <Icon name="mail" />
          <div>
            <strong>The clinic’s e-mail account is not set up yet.</strong>
            <p>Nothing is sent until it is: {settingsLink}.</p>
          </div>
        </div>
      );
    case 'off':
      return (
        <div className="callout" role="note" aria-label="Sending">
          <Icon name="mail" />
          <div>
            <strong>Automatic reminders are switched off.</strong>
            <p>Messages already waiting still go with Send now. Switch reminders on in {settingsLink}.</p>
          </div>
        </div>
      );
    case 'waiting':
      return (
        <div className="callout callout-warn" role="note" aria-label="Sending">
          <Icon name="alert" />
          <div>
            <strong>
              Waiting for the mail server
              {mailer.sinceMs !== null ? ` since ${instant(mailer.sinceMs, timeZone)}` : ''}.
            </strong>
            <p>
              {mailer.problem} Messages stay here and go out once, as soon as it answers
              {mailer.nextTryAtMs !== null ? `; next try ${instant(mailer.nextTryAtMs, timeZone)}` : ''}.
            </p>
          </div>
        </div>
      );
    case 'refused':
      return (
        <div className="callout callout-error" role="alert" aria-label="Sending">
          <Icon name="alert" />
          <div>
            <strong>The mail server will not take messages from the clinic’s account.</strong>
            <p>
              {mailer.problem} Messages wait until it is put right in {settingsLink}.
            </p>
          </div>
        </div>
      );
    case 'ready':
      return mailer.lastRunAtMs !== null ? (
        <p className="muted small" role="status">
          <Icon name="check" size={16} /> Sending works; last looked at {instant(mailer.lastRunAtMs, timeZone)}.
        </p>
      ) : null;
  }
}

function statusCell(m: OutboxMessage, timeZone: string, instant: (ms: number, tz: string) => string) {
  // The When column already shows when a sent message went.
  const when = m.status === 'queued' && m.attempts > 0 ? `next try ${instant(m.nextAttemptAtMs, timeZone)}` : null;
  return (
    <>
      <span className={`pill outbox-${m.status}`}>{m.exported ? 'Exported' : OUTBOX_STATUS_LABELS[m.status]}</span>
      {when && <span className="muted small"> {when}</span>}
      {m.attempts > 1 && <span className="muted small"> · {m.attempts} attempts</span>}
      {m.status === 'sent' && m.sentBy && <div className="muted small">by {m.sentBy}</div>}
      {m.lastError && m.status !== 'sent' && <div className="small outbox-reason">{m.lastError}</div>}
      {m.status === 'cancelled' && m.cancelReason && <div className="small outbox-reason">{m.cancelReason}</div>}
    </>
  );
}

/** The outbox: what waits, what went, what failed and why; send now, retry, cancel, export texts. */
export function OutboxPage({ settings, role }: { settings: ClinicSettings; role: Role }) {
  const [filter, setFilter] = useState<Filter>('waiting');
  const outbox = useCall('outbox.list', { status: 'all', limit: 500 });
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const [cancelling, setCancelling] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const tz = settings.timeZone;
  const format = useFormat();
  const instant = (ms: number, zone: string) => instantText(format, ms, zone);

  async function act(run: () => Promise<OutboxView>, done: (v: OutboxView) => string) {
    setBusy(true);
    setNotice(null);
    try {
      const v = await run();
      outbox.set(v);
      const stuck = v.mailer.state === 'waiting' || v.mailer.state === 'refused';
      setNotice({
        kind: stuck ? 'error' : 'ok',
        text: stuck ? 'Not sent: the mail server did not take it (see above).' : done(v),
      });
    } catch (err) {
      setNotice({ kind: 'error', text: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  }

  async function exportSms() {
    setNotice(null);
    try {
      const file = await call('outbox.exportSms', {});
      downloadCsv(file);
      setNotice({ kind: 'ok', text: `${file.count} text message${file.count === 1 ? '' : 's'} exported to ${file.fileName}.` });
      outbox.reload();
    } catch (err) {
      setNotice({ kind: 'error', text: errorMessage(err) });
    }
  }

  const data = outbox.data;
  const current = FILTERS.find((f) => f.id === filter)!;
  const rows = (data?.rows ?? []).filter((m) => current.statuses === null || current.statuses.includes(m.status));
  const count = (f: (typeof FILTERS)[number]) =>
    data ? (f.statuses === null ? data.total : f.statuses.reduce((n, s) => n + data.counts[s], 0)) : 0;

  return (
    <div className="outbox">
      {data && <MailerBanner mailer={data.mailer} timeZone={tz} role={role} />}
      <div className="toolbar outbox-toolbar">
        <button
          type="button"
          className="button button-primary"
          disabled={busy}
          onClick={() =>
            void act(
              () => call('outbox.sendNow', { id: null }),
              (v) =>
                v.mailer.state === 'waiting' || v.mailer.state === 'refused' ? 'Not sent: see above.' : 'Sent what was due.',
            )
          }
        >
          {busy ? 'Sending…' : 'Send now'}
        </button>
        {data?.smsMode === 'csv' && (
          <button
            type="button"
            className="button button-secondary"
            disabled={data.smsToExport === 0}
            onClick={() => void exportSms()}
          >
            Export SMS texts ({data.smsToExport})
          </button>
        )}
        {notice && (
          <span role="status" className={notice.kind === 'ok' ? 'status-ok' : 'status-error'}>
            {notice.text}
          </span>
        )}
      </div>
      <nav className="tabs" aria-label="Outbox status">
        {FILTERS.map((f) => (
          <button
            key={f.id}
            type="button"
            className="tab"
            aria-current={f.id === filter ? 'page' : undefined}
            onClick={() => setFilter(f.id)}
          >
            {f.label} <span className="tab-count">{count(f)}</span>
          </button>
        ))}
      </nav>
      {outbox.error && <p className="status-error">{outbox.error}</p>}
      <div className="card table-card">
        <table className="data-table outbox-table" aria-label="Messages">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Patient</th>
              <th scope="col">Message</th>
              <th scope="col">To</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {data && rows.length === 0 && (
              <tr>
                <td colSpan={6} className="empty-row muted">
                  {filter === 'waiting' ? 'Nothing is waiting to be sent.' : 'No messages here.'}
                </td>
              </tr>
            )}
            {rows.map((m) => (
              <Fragment key={m.id}>
                <tr>
                  <td className="nowrap">{instant(m.status === 'sent' && m.sentAtMs ? m.sentAtMs : m.dueAtMs, tz)}</td>
                  <td>
                    <a href={`#/patients/${m.patientId}`}>{m.patientName}</a>
                  </td>
                  <td>
                    <strong className="outbox-kind">{KIND_LABELS[m.kind]}</strong>
                    <div className="small">{m.channel === 'sms' ? 'Text message' : m.subject}</div>
                  </td>
                  <td className="outbox-to">
                    {m.recipient || <span className="muted">none</span>}
                    <div className="muted small">{m.channel === 'sms' ? 'SMS' : 'E-mail'}</div>
                  </td>
                  <td>{statusCell(m, tz, instant)}</td>
                  <td className="actions-cell">
                    <button
                      type="button"
                      className="button button-link button-small"
                      aria-expanded={open === m.id}
                      onClick={() => setOpen(open === m.id ? null : m.id)}
                    >
                      {open === m.id ? 'Hide' : 'View'}
                    </button>
                    {m.status === 'queued' && (
                      <button
                        type="button"
                        className="button button-secondary button-small"
                        disabled={busy}
                        onClick={() =>
                          void act(
                            () => call('outbox.sendNow', { id: m.id }),
                            () => 'Tried now.',
                          )
                        }
                      >
                        Send now
                      </button>
                    )}
                    {m.status === 'failed' && (
                      <button
                        type="button"
                        className="button button-secondary button-small"
                        disabled={busy}
                        onClick={() =>
                          void act(
                            () => call('outbox.retry', { id: m.id }),
                            () => 'Tried again.',
                          )
                        }
                      >
                        Retry
                      </button>
                    )}
                    {(m.status === 'queued' || m.status === 'failed') && (
                      <button
                        type="button"
                        className="button button-link button-small"
                        onClick={() => {
                          setCancelling(m.id);
                          setReason('');
                        }}
                      >
                        Cancel…
                      </button>
                    )}
                  </td>
                </tr>
                {cancelling === m.id && (
                  <tr className="contact-row">
                    <td colSpan={6}>
                      <form
                        className="contact-form"
                        aria-label={`Cancel the message to ${m.patientName}`}
                        onSubmit={(e) => {
                          e.preventDefault();
                          void act(
                            () => call('outbox.cancel', { id: m.id, reason }),
                            () => {
                              setCancelling(null);
                              return `The message to ${m.patientName} is cancelled.`;
                            },
                          );
                        }}
                      >
                        <label className="inline-label">
                          Why <input value={reason} onChange={(e) => setReason(e.target.value)} required />
                        </label>
                        <button type="submit" className="button button-primary button-small" disabled={reason.trim() === ''}>
                          Cancel the message
                        </button>
                        <button
                          type="button"
                          className="button button-secondary button-small"
                          onClick={() => setCancelling(null)}
                        >
                          Keep it
                        </button>
                      </form>
                    </td>
                  </tr>
                )}
                {open === m.id && (
                  <tr className="outbox-detail">
                    <td colSpan={6}>
                      <dl className="outbox-facts small">
                        <dt>About</dt>
                        <dd>{format.date(m.aboutOn)}</dd>
                        <dt>Queued</dt>
                        <dd>
                          {instant(m.createdAtMs, tz)} by {m.createdBy}
                        </dd>
                        {m.serverResponse && (
                          <>
                            <dt>Server’s answer</dt>
                            <dd>{m.serverResponse}</dd>
                          </>
                        )}
                        <dt>Message-ID</dt>
                        <dd className="fingerprint">{m.messageId}</dd>
                      </dl>
                      <pre className="outbox-text">{m.text}</pre>
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
