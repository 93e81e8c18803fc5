import { useState } from 'react';
import { currentConsent, PHOTO_SCOPE_LABELS } from '../../../../shared/consents';
import { ageOn } from '../../../../shared/time';
import { displayName } from '../../../../shared/patients';
import { PATIENT_FLAG_LABELS } from '../../../../shared/ruleSettings';
import { call, errorMessage } from '../../api';
import { CycleChart } from '../../components/CycleChart';
import { useFormat } from '../../format';
import { useCall } from '../../useCall';

/**
 * The printed patient summary: who, what to watch out for, when each area is due with its cycle
 * chart, and every treatment. Its own print layout, on the clinic's paper.
 */
export function PatientSummaryPage({ id, today, clinicName }: { id: number; today: string; clinicName: string }) {
  const format = useFormat();
  const patient = useCall('patients.get', { id });
  const consents = useCall('consents.list', { patientId: id });
  const schedule = useCall('schedule.get', { patientId: id });
  const treatments = useCall('treatments.list', { patientId: id });
  const catalogue = useCall('catalogue.get', {});
  const [status, setStatus] = useState<string | null>(null);
  const error = patient.error ?? schedule.error ?? treatments.error ?? catalogue.error ?? consents.error;
  const p = patient.data;
  const due = schedule.data;
  const done = treatments.data;
  const ready = p && due && done && catalogue.data && consents.data;

  async function savePdf() {
    if (!p) return;
    setStatus('Saving…');
    try {
      const safe = `${p.lastName}-${p.firstName}`.replace(/[^A-Za-z0-9-]+/g, '-');
      const { savedTo } = await call('print.savePdf', { fileName: `summary-${safe}-${today}.pdf` });
      setStatus(savedTo ? `Saved to ${savedTo}` : 'Not saved.');
    } catch (err) {
      setStatus(errorMessage(err));
    }
  }

  const brand = (code: string | null) => (code ? (catalogue.data?.products.find((x) => x.code === code)?.brand ?? code) : '—');
  const areaName = (code: string) => catalogue.data?.areas.find((a) => a.code === code)?.name ?? code;
  const consent = consents.data ? currentConsent(consents.data) : null;

  return (
    <div className="sheet-page summary-page">
      <div className="sheet-toolbar no-print">
        <a className="button button-secondary" href={`#/patients/${id}`}>
          Back to the record
        </a>
        <button type="button" className="button button-primary" onClick={() => window.print()} disabled={!ready}>
          Print
        </button>
        <button type="button" className="button button-secondary" onClick={() => void savePdf()} disabled={!ready}>
          Save as PDF
        </button>
        <span className="muted small">Printed on {format.paper === 'A4' ? 'A4' : 'US Letter'} paper.</span>
        {status && (
          <span role="status" className="muted">
            {status}
          </span>
        )}
      </div>
      {error && <p className="status-error">{error}</p>}
      {ready && (
        <article className="summary" aria-label="Patient summary">
          <header className="summary-head">
            <div>
              <span className="sheet-clinic">{clinicName || 'Clinic Records'}</span>
              <span className="muted small">Patient summary printed {format.date(today)}</span>
            </div>
            <h1>{displayName(p)}</h1>
            <p>
              {p.dob ? (
                <>
                  Born <span className="nowrap">{format.date(p.dob)}</span> ({ageOn(p.dob, today)} years)
                </>
              ) : (
                'Date of birth not recorded'
              )}
              {p.phone && <> · {p.phone}</>}
              {p.email && <> · {p.email}</>}
            </p>
            <p>
              <strong>Alerts:</strong>{' '}
              {[...p.flags.map((f) => PATIENT_FLAG_LABELS[f]), ...(p.allergies ? [`Allergies: ${p.allergies}`] : [])].join(
                '; ',
              ) || 'none recorded'}
              {' · '}
              <strong>Consent:</strong>{' '}
              {consent
                ? `${consent.formName}, signed ${format.date(consent.signedOn)} (photos: ${PHOTO_SCOPE_LABELS[consent.photoScope].toLowerCase()})`
                : 'none in force'}
            </p>
          </header>
          <section aria-labelledby="summary-due">
            <h2 id="summary-due">When due</h2>
            {due.areas.length === 0 && <p>No toxin treatment yet.</p>}
            {due.areas
              .filter((a) => a.current)
              .map((a) => (
                <div key={a.area} className="summary-area">
                  <div>
                    <h3>{a.areaName}</h3>
                    <p>
                      Last treated <span className="nowrap">{format.date(a.lastTreatmentDate)}</span> with {a.productName},{' '}
                      {a.units} U. Expected return <span className="nowrap">{format.date(a.expectedReturnDate)}</span>, recall{' '}
                      <span className="nowrap">{format.date(a.recallDate)}</span>, earliest re-treatment{' '}
                      <span className="nowrap">{format.date(a.earliestRetreatmentDate)}</span>.
                    </p>
                    <p className="small">{a.reasons.expectedReturn}</p>
                    {a.flags.map((f) => (
                      <p key={f.code} className="small status-error">
                        {f.message}
                      </p>
                    ))}
                  </div>
                  <CycleChart area={a} />
                </div>
              ))}
          </section>
          <section aria-labelledby="summary-treatments">
            <h2 id="summary-treatments">Treatments</h2>
            <table className="sheet-table summary-table">
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Product</th>
                  <th scope="col">Areas and units</th>
                  <th scope="col">Lot</th>
                  <th scope="col">Injector</th>
                </tr>
              </thead>
              <tbody>
                {done.map(({ current: t }) => (
                  <tr key={t.id}>
                    <td className="nowrap">{format.date(t.performedOn)}</td>
                    <td>
                      {brand(t.product)}
                      {t.kind === 'touch_up' ? ' (touch-up)' : ''}
                      {t.status === 'draft' ? ' (draft)' : ''}
                    </td>
                    <td>{t.areas.map((a) => `${areaName(a.area)} ${a.units} U`).join(', ')}</td>
                    <td>{t.source === 'elsewhere' ? `Given at ${t.elsewhere}` : t.lotNumber || '—'}</td>
                    <td>{t.injectorName ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </article>
      )}
    </div>
  );
}
