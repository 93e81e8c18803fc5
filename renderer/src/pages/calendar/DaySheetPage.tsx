import { useState } from 'react';
import { APPOINTMENT_TYPE_LABELS } from '../../../../shared/calendar';
import type { StaffMember } from '../../../../shared/staff';
import { canInject } from '../../../../shared/staff';
import { call, errorMessage } from '../../api';
import { useCall } from '../../useCall';
import { useFormat } from '../../format';
import { usePrintAudit } from '../../usePrintAudit';

/**
 * The printed day or week sheet: its own layout (not the calendar grid), one table per
 * day, the clinic and date repeated at the top of every page, page numbers at the foot,
 * and no appointment split across two pages.
 */
export function DaySheetPage({ from, days, practitionerId }: { from: string; days: number; practitionerId: number | null }) {
  const format = useFormat();
  const sheet = useCall('sheets.days', { from, days, practitionerId });
  const team = useCall('team.list', {});
  const [status, setStatus] = useState<string | null>(null);
  // With everyone on the sheet: each practitioner's day on a page of its own, to hand out.
  const [perPractitioner, setPerPractitioner] = useState(false);
  const practitioners: StaffMember[] = team.data?.filter((m) => canInject(m)) ?? [];
  const base = (p: number | null) => `#/calendar/sheet/${from}/${days}${p ? `/${p}` : ''}`;
  const title = days === 1 ? format.longDate(from) : `Week of ${format.longDate(from)}`;
  usePrintAudit({ what: 'day_sheet', detail: `${days === 1 ? 'day' : 'week'} from ${from}`, patientId: null });

  async function savePdf() {
    setStatus('Saving…');
    try {
      const fileName = `${days === 1 ? 'day' : 'week'}-sheet-${from}${practitionerId ? `-${practitionerId}` : ''}.pdf`;
      const { savedTo } = await call('print.savePdf', { fileName });
      setStatus(savedTo ? `Saved to ${savedTo}` : 'Not saved.');
    } catch (err) {
      setStatus(errorMessage(err));
    }
  }

  return (
    <div className="sheet-page">
      <div className="sheet-toolbar no-print">
        <a
          className="button button-secondary"
          href={`#/calendar/${days === 1 ? 'day' : 'week'}/${from}`}
          aria-label="Back to the calendar"
        >
          <span aria-hidden="true">‹</span> Calendar
        </a>
        <label className="inline-label">
          Practitioner{' '}
          <select
            value={practitionerId ?? ''}
            onChange={(e) => (window.location.hash = base(e.target.value ? Number(e.target.value) : null))}
          >
            <option value="">Everyone</option>
            {practitioners.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        {practitionerId === null && (
          <label className="check">
            <input type="checkbox" checked={perPractitioner} onChange={(e) => setPerPractitioner(e.target.checked)} /> One page
            per practitioner
          </label>
        )}
        {/* The output together at the right: on a narrow window it moves to a line of its own as one. */}
        <span className="sheet-output">
          <span className="muted small">{format.paper === 'A4' ? 'A4' : 'US Letter'} paper</span>
          <button type="button" className="button button-primary" onClick={() => window.print()}>
            Print
          </button>
          <button type="button" className="button button-secondary" onClick={() => void savePdf()}>
            Save as PDF
          </button>
        </span>
        {status && (
          <span role="status" className="muted">
            {status}
          </span>
        )}
      </div>
      {sheet.error && <p className="status-error">{sheet.error}</p>}
      {sheet.data && (
        <article className="sheet" aria-label="Day sheet">
          {sheet.data.days
            .flatMap(({ date, rows }) => {
              if (!perPractitioner || practitionerId !== null) return [{ date, rows, who: sheet.data!.practitionerName }];
              const names = [...new Set(rows.map((r) => r.appointment.practitionerName))];
              return names.length === 0
                ? [{ date, rows, who: null }]
                : names.map((who) => ({ date, rows: rows.filter((r) => r.appointment.practitionerName === who), who }));
            })
            .map(({ date, rows, who }) => (
              <table key={`${date}-${who ?? ''}`} className="sheet-table">
                <thead>
                  <tr className="sheet-heading">
                    <th colSpan={7}>
                      <span className="sheet-clinic">{sheet.data!.clinicName || 'Clinic Records'}</span>
                      <span className="sheet-date">
                        {days === 1 ? format.longDate(date) : `${format.longDate(date)} (${title})`}
                        {who ? ` · ${who}` : ' · all practitioners'}
                      </span>
                    </th>
                  </tr>
                  <tr>
                    <th scope="col">Time</th>
                    <th scope="col">Patient</th>
                    <th scope="col">Type</th>
                    <th scope="col">Practitioner</th>
                    <th scope="col">Room</th>
                    <th scope="col">Last toxin</th>
                    <th scope="col">Flags</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.length === 0 && (
                    <tr>
                      <td colSpan={7} className="empty-row">
                        No appointments.
                      </td>
                    </tr>
                  )}
                  {rows.map(({ appointment: a, flags, lastToxin }) => (
                    <tr key={a.id}>
                      <td className="nowrap">
                        {format.time(a.start)}–{format.time(a.end)}
                      </td>
                      <td>
                        <strong>{a.patientName}</strong>
                        <div className="small">{a.patientPhone}</div>
                      </td>
                      <td>
                        {APPOINTMENT_TYPE_LABELS[a.type]}
                        {a.notes && <div className="small sheet-note">{a.notes}</div>}
                      </td>
                      <td>{a.practitionerName}</td>
                      <td>{a.roomName ?? '—'}</td>
                      <td>
                        {lastToxin ? (
                          <>
                            {lastToxin.product} <span className="nowrap">{format.date(lastToxin.on)}</span>
                          </>
                        ) : (
                          '—'
                        )}
                      </td>
                      <td>
                        {flags.length === 0 ? (
                          '—'
                        ) : (
                          <ul className="sheet-flags">
                            {flags.map((f) => (
                              <li key={f}>{f}</li>
                            ))}
                          </ul>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ))}
        </article>
      )}
    </div>
  );
}
