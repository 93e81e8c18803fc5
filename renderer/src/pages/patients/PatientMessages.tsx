import { KIND_LABELS, OUTBOX_STATUS_LABELS } from '../../../../shared/messages';
import { useFormat } from '../../format';
import { useCall } from '../../useCall';

/** The messages sent to this patient (or waiting, or failed): what the clinic has told them and when. */
export function PatientMessages({ patientId }: { patientId: number }) {
  const messages = useCall('outbox.ofPatient', { patientId });
  const format = useFormat();
  if (messages.error || !messages.data) return null;
  return (
    <section className="card" aria-labelledby="patient-messages">
      <h2 id="patient-messages" className="section-title">
        Messages
      </h2>
      {messages.data.length === 0 ? (
        <p className="muted">No reminders or plans have been sent to this patient.</p>
      ) : (
        <table className="data-table compact" aria-label="Messages to the patient">
          <thead>
            <tr>
              <th scope="col">Message</th>
              <th scope="col">About</th>
              <th scope="col">To</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {messages.data.map((m) => (
              <tr key={m.id}>
                <td>
                  <strong>{KIND_LABELS[m.kind]}</strong>
                  {m.subject && <div className="small">{m.subject}</div>}
                </td>
                <td className="date-cell">{format.date(m.aboutOn)}</td>
                <td>
                  {m.recipient || '—'} <span className="muted small">{m.channel === 'sms' ? 'SMS' : 'e-mail'}</span>
                </td>
                <td>
                  <span className={`pill outbox-${m.status}`}>{m.exported ? 'Exported' : OUTBOX_STATUS_LABELS[m.status]}</span>
                  {m.sentOn && <span className="muted small nowrap"> {format.date(m.sentOn)}</span>}
                  {m.status !== 'sent' && (m.lastError || m.cancelReason) && (
                    <div className="small outbox-reason">{m.cancelReason || m.lastError}</div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
