import { useState } from 'react';
import type { Catalogue } from '../../../../shared/contract';
import { describePreparation, TREATMENT_KIND_LABELS, type Treatment, type TreatmentRecord } from '../../../../shared/treatments';
import { useFormat } from '../../format';

function VersionDetails({ t, catalogue }: { t: Treatment; catalogue: Catalogue }) {
  const format = useFormat();
  const areaName = (code: string) => catalogue.areas.find((a) => a.code === code)?.name ?? code;
  return (
    <dl className="facts timeline-facts">
      <dt>Areas</dt>
      <dd>{t.areas.length ? t.areas.map((a) => `${areaName(a.area)} ${a.units} U`).join(' · ') : '—'}</dd>
      {t.source === 'clinic' ? (
        <>
          <dt>Lot</dt>
          <dd>{t.lotNumber ? `${t.lotNumber} (expires ${t.lotExpiry ? format.date(t.lotExpiry) : 'unknown'})` : '—'}</dd>
          <dt>Preparation</dt>
          <dd>{describePreparation(t.preparation)}</dd>
          <dt>Injector</dt>
          <dd>
            {t.injectorName ?? '—'}
            {t.prescriber && ` · prescribed by ${t.prescriber}`}
          </dd>
        </>
      ) : (
        <>
          <dt>Given at</dt>
          <dd>{t.elsewhere}</dd>
        </>
      )}
      {t.expiredLotReason && (
        <>
          <dt>Expired lot used</dt>
          <dd>{t.expiredLotReason}</dd>
        </>
      )}
      {t.points.length > 0 && (
        <>
          <dt>Injection points</dt>
          <dd>{t.points.length} marked on the face diagram</dd>
        </>
      )}
      {t.notes && (
        <>
          <dt>Notes</dt>
          <dd className="pre">{t.notes}</dd>
        </>
      )}
      {t.reviewOutcome && (
        <>
          <dt>Review</dt>
          <dd className="pre">{t.reviewOutcome}</dd>
        </>
      )}
    </dl>
  );
}

/** Every treatment, newest first: the version in force, and any earlier versions it amended. */
export function TreatmentTimeline({
  patientId,
  records,
  catalogue,
}: {
  patientId: number;
  records: TreatmentRecord[];
  catalogue: Catalogue;
}) {
  const format = useFormat();
  const [open, setOpen] = useState<Set<number>>(new Set());
  const brand = (code: string | null) =>
    code ? (catalogue.products.find((p) => p.code === code)?.brand ?? code) : 'No product yet';
  if (records.length === 0) return <p className="muted">No treatments recorded yet.</p>;
  return (
    <ol className="timeline" aria-label="Treatment timeline">
      {records.map(({ current: t, earlier }) => (
        <li key={t.recordId} className={`timeline-item${t.status === 'draft' ? ' timeline-draft' : ''}`}>
          <div className="timeline-head">
            <span className="timeline-date">
              {format.date(t.performedOn)}
              {t.source === 'clinic' && <span className="muted"> {format.time(t.performedAt)}</span>}
            </span>
            <strong>{brand(t.product)}</strong>
            <span className="pill pill-muted">{TREATMENT_KIND_LABELS[t.kind]}</span>
            {t.status === 'draft' && <span className="pill pill-warn">Draft, not finalised</span>}
            {t.source === 'elsewhere' && <span className="pill pill-muted">Given elsewhere</span>}
            {earlier.length > 0 && <span className="pill pill-info">Amended (version {t.version})</span>}
            <span className="timeline-actions">
              {t.status === 'draft' ? (
                <a className="button button-link" href={`#/patients/${patientId}/treatments/${t.id}`}>
                  Continue charting
                </a>
              ) : (
                <>
                  {t.source === 'clinic' && (
                    <a
                      className="button button-link"
                      href={`#/patients/${patientId}/plan/${t.id}`}
                      aria-label={`Patient’s plan of ${format.date(t.performedOn)}`}
                    >
                      Patient’s plan
                    </a>
                  )}
                  <a className="button button-link" href={`#/patients/${patientId}/treatments/${t.id}/amend`}>
                    Amend…
                  </a>
                </>
              )}
            </span>
          </div>
          <VersionDetails t={t} catalogue={catalogue} />
          {earlier.length > 0 && (
            <div className="amendments">
              <p className="small">
                Amended: “{t.amendmentReason}” ({t.createdBy}).{' '}
                <button
                  type="button"
                  className="button button-link"
                  aria-expanded={open.has(t.recordId)}
                  onClick={() => {
                    const next = new Set(open);
                    if (next.has(t.recordId)) next.delete(t.recordId);
                    else next.add(t.recordId);
                    setOpen(next);
                  }}
                >
                  {open.has(t.recordId)
                    ? 'Hide earlier versions'
                    : `Show earlier ${earlier.length === 1 ? 'version' : 'versions'}`}
                </button>
              </p>
              {open.has(t.recordId) &&
                earlier.map((e) => (
                  <div key={e.id} className="earlier-version" aria-label={`Version ${e.version}`}>
                    <p className="small muted">
                      Version {e.version}
                      {e.amendmentReason ? `, amended: “${e.amendmentReason}”` : ', as first finalised'}
                    </p>
                    <VersionDetails t={e} catalogue={catalogue} />
                  </div>
                ))}
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}

/** Units per area, per product, over time. Units of different products are never added together. */
export function DoseHistory({ records, catalogue }: { records: TreatmentRecord[]; catalogue: Catalogue }) {
  const rows = new Map<string, { area: string; product: string; doses: { date: string; units: number; kind: string }[] }>();
  const finals = records.map((r) => r.current).filter((t) => t.status === 'final' && t.product);
  for (const t of [...finals].reverse()) {
    for (const a of t.areas) {
      const key = `${a.area}|${t.product}`;
      const row = rows.get(key) ?? { area: a.area, product: t.product!, doses: [] };
      row.doses.push({ date: t.performedOn, units: a.units, kind: t.kind });
      rows.set(key, row);
    }
  }
  if (rows.size === 0) return <p className="muted">No finalised treatments yet.</p>;
  const areaName = (code: string) => catalogue.areas.find((a) => a.code === code)?.name ?? code;
  const brand = (code: string) => catalogue.products.find((p) => p.code === code)?.brand ?? code;
  return (
    <table className="data-table compact" aria-label="Dose history">
      <thead>
        <tr>
          <th scope="col">Area</th>
          <th scope="col">Product</th>
          <th scope="col">Units by date (oldest first)</th>
        </tr>
      </thead>
      <tbody>
        {[...rows.values()]
          .sort((a, b) => areaName(a.area).localeCompare(areaName(b.area)) || a.product.localeCompare(b.product))
          .map((r) => (
            <tr key={`${r.area}|${r.product}`}>
              <td>{areaName(r.area)}</td>
              <td>{brand(r.product)}</td>
              <td className="doses">
                {r.doses.map((d, i) => (
                  <span
                    key={i}
                    className={`dose${d.kind === 'touch_up' ? ' dose-touch' : ''}`}
                    title={d.kind === 'touch_up' ? 'Touch-up' : 'Full treatment'}
                  >
                    <strong>{d.units} U</strong> <span className="muted small">{d.date}</span>
                  </span>
                ))}
              </td>
            </tr>
          ))}
      </tbody>
    </table>
  );
}
