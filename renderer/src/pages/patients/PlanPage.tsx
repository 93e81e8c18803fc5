import { useMemo, useState } from 'react';
import { documentBlocks, OUTBOX_STATUS_LABELS, type DocumentBlock } from '../../../../shared/messages';
import { call, errorMessage } from '../../api';
import { Icon } from '../../components/Icon';
import { instantText, useFormat } from '../../format';
import { useCall } from '../../useCall';

/** A filled template's headings, paragraphs and lists, as the printed plan and the preview show them. */
export function DocumentView({ blocks }: { blocks: DocumentBlock[] }) {
  return (
    <>
      {blocks.map((b, i) =>
        b.type === 'heading' ? (
          <h2 key={i}>{b.text}</h2>
        ) : b.type === 'list' ? (
          <ul key={i}>
            {b.items.map((item, j) => (
              <li key={j}>{item}</li>
            ))}
          </ul>
        ) : (
          <p key={i}>
            {b.lines.map((line, j) => (
              <span key={j}>
                {j > 0 && <br />}
                {line}
              </span>
            ))}
          </p>
        ),
      )}
    </>
  );
}

/**
 * The take-home treatment plan: the clinic's template filled in for one finalised treatment,
 * laid out for the clinic's paper (A4, or Letter in the US and Canada), printed or e-mailed.
 */
export function PlanPage({ patientId, treatmentId, timeZone }: { patientId: number; treatmentId: number; timeZone: string }) {
  const plan = useCall('plan.get', { treatmentId });
  const format = useFormat();
  const [status, setStatus] = useState<{ kind: 'ok' | 'error' | 'busy'; text: string } | null>(null);
  // One key for this visit to the page: pressing twice, or a retried call, sends one e-mail.
  const [requestKey, setRequestKey] = useState(() => crypto.randomUUID());
  const blocks = useMemo(() => (plan.data ? documentBlocks(plan.data.text) : []), [plan.data]);

  async function email() {
    setStatus({ kind: 'busy', text: 'Sending…' });
    try {
      const next = await call('plan.email', { treatmentId, requestKey });
      plan.set(next);
      const latest = next.emailed[0];
      setStatus(
        latest?.status === 'sent'
          ? { kind: 'ok', text: `E-mailed to ${latest.recipient}.` }
          : {
              kind: 'ok',
              text: `Waiting in the outbox: it goes to ${latest?.recipient ?? 'the patient'} as soon as the mail server answers.`,
            },
      );
      setRequestKey(crypto.randomUUID());
    } catch (err) {
      setStatus({ kind: 'error', text: errorMessage(err) });
    }
  }

  async function savePdf() {
    setStatus({ kind: 'busy', text: 'Saving…' });
    try {
      const { savedTo } = await call('print.savePdf', { fileName: `plan-${plan.data!.treatmentOn}-${patientId}.pdf` });
      setStatus(savedTo ? { kind: 'ok', text: `Saved to ${savedTo}` } : null);
    } catch (err) {
      setStatus({ kind: 'error', text: errorMessage(err) });
    }
  }

  if (plan.error) {
    return (
      <div className="page">
        <p className="status-error" role="alert">
          {plan.error}
        </p>
        <a href={`#/patients/${patientId}`}>Back to the patient</a>
      </div>
    );
  }
  if (!plan.data) return <p className="page muted">Loading…</p>;
  const p = plan.data;
  return (
    <div className="plan-page">
      <div className="sheet-toolbar no-print">
        <a className="button button-secondary" href={`#/patients/${patientId}`}>
          Back to {p.patientName}
        </a>
        <button type="button" className="button button-primary" onClick={() => window.print()}>
          Print
        </button>
        <button type="button" className="button button-secondary" onClick={() => void savePdf()}>
          Save as PDF
        </button>
        <button
          type="button"
          className="button button-secondary"
          onClick={() => void email()}
          disabled={p.emailRefusal !== null || status?.kind === 'busy'}
          aria-describedby="plan-email-note"
        >
          E-mail to {p.email || 'the patient'}
        </button>
        <span id="plan-email-note" className="muted small">
          {p.emailRefusal ?? `${p.paper} paper`}
        </span>
        {status && (
          <span role="status" className={status.kind === 'error' ? 'status-error' : status.kind === 'ok' ? 'status-ok' : 'muted'}>
            {status.kind === 'ok' && <Icon name="check" size={18} />} {status.text}
          </span>
        )}
      </div>
      {p.emailed.length > 0 && (
        <ul className="plan-emailed no-print" aria-label="E-mailed before">
          {p.emailed.map((m) => (
            <li key={m.id} className="muted small">
              {OUTBOX_STATUS_LABELS[m.status]}: {m.recipient}, {instantText(format, m.atMs, timeZone)}
            </li>
          ))}
        </ul>
      )}
      <article className={`plan-doc paper-${p.paper.toLowerCase()}`} aria-label="Take-home plan">
        <header className="plan-head">
          <span className="plan-clinic">{p.clinicName || 'Your clinic'}</span>
          <span className="plan-title">
            Your treatment plan · {p.patientName} · {p.treatmentDateText}
          </span>
        </header>
        <DocumentView blocks={blocks} />
      </article>
    </div>
  );
}
