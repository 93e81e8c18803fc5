import { useEffect, useState, type FormEvent } from 'react';
import type { LotRecallResult } from '../../../../shared/contract';
import { call, errorMessage } from '../../api';
import { downloadCsv } from '../../download';
import { useFormat } from '../../format';
import { usePrintAudit } from '../../usePrintAudit';

/** Every patient treated from one lot, to contact after a manufacturer's recall: print it or export it. */
export function LotRecallPage({ initialLot, clinicName, today }: { initialLot: string; clinicName: string; today: string }) {
  const format = useFormat();
  const [lotNumber, setLotNumber] = useState(initialLot);
  const [result, setResult] = useState<LotRecallResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  usePrintAudit(result ? { what: 'lot_recall', detail: result.lotNumber.slice(0, 40), patientId: null } : null);

  async function search(lot: string) {
    try {
      setResult(await call('lots.recall', { lotNumber: lot }));
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  useEffect(() => {
    if (!initialLot) return;
    let latest = true;
    call('lots.recall', { lotNumber: initialLot })
      .then((r) => latest && setResult(r))
      .catch((err: unknown) => latest && setError(errorMessage(err)));
    return () => {
      latest = false;
    };
  }, [initialLot]);

  function submit(e: FormEvent) {
    e.preventDefault();
    window.history.replaceState(null, '', `#/patients/lot-recall/${encodeURIComponent(lotNumber.trim())}`);
    void search(lotNumber);
  }

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <p className="eyebrow">
            <a href="#/patients">Patients</a>
          </p>
          <h1>Lot recall</h1>
          <p className="muted">Find every patient treated from a lot, in one search.</p>
        </div>
        {result && result.rows.length > 0 && (
          <div className="header-actions no-print">
            <button type="button" className="button button-secondary" onClick={() => window.print()}>
              Print list
            </button>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => void call('lots.recallCsv', { lotNumber: result.lotNumber }).then(downloadCsv)}
            >
              Export CSV
            </button>
          </div>
        )}
      </header>
      <form className="toolbar no-print" onSubmit={submit} role="search" aria-label="Find patients by lot">
        <label className="inline-label">
          Lot number <input className="search-input" value={lotNumber} onChange={(e) => setLotNumber(e.target.value)} autoFocus />
        </label>
        <button type="submit" className="button button-primary">
          Find patients
        </button>
      </form>
      {error && (
        <p className="status-error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <section className="table-card">
          <p className="print-only">
            {clinicName || 'Clinic Records'} · printed {format.longDate(today)}
          </p>
          <h2 className="print-title">
            Patients treated from lot {result.lotNumber}: {result.rows.length}
          </h2>
          <table className="data-table lot-recall-table" aria-label="Patients treated from this lot">
            <thead>
              <tr>
                <th scope="col">Patient</th>
                <th scope="col">Born</th>
                <th scope="col">Phone</th>
                <th scope="col">Email</th>
                <th scope="col">Treated</th>
                <th scope="col">Product</th>
                <th scope="col">Areas and units</th>
                <th scope="col">Injector</th>
              </tr>
            </thead>
            <tbody>
              {result.rows.length === 0 && (
                <tr>
                  <td colSpan={8} className="empty-row">
                    No treatment records name lot {result.lotNumber}.
                  </td>
                </tr>
              )}
              {result.rows.map((r) => (
                <tr key={r.treatmentId}>
                  <td>
                    <a href={`#/patients/${r.patientId}`}>{r.name}</a>
                    {r.status === 'draft' && <span className="pill pill-warn">Draft record</span>}
                  </td>
                  <td className="date-cell">{r.dob ?? '—'}</td>
                  <td>{r.phone || '—'}</td>
                  <td>{r.email || '—'}</td>
                  <td className="date-cell">{format.date(r.performedOn)}</td>
                  <td>{r.product}</td>
                  <td>{r.areas}</td>
                  <td>{r.injectorName ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
