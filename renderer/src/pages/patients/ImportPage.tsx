import { useState, type ChangeEvent, type DragEvent } from 'react';
import type { ImportField, ImportPreview, ImportResult } from '../../../../shared/csvImport';
import { IMPORT_FIELD_LABELS, IMPORT_FIELDS } from '../../../../shared/csvImport';
import { call, errorMessage } from '../../api';
import { CSV_ENCODING_LABELS, decodeCsv, type CsvEncoding } from '../../../../shared/csv';
import { Icon } from '../../components/Icon';

const MAX_BYTES = 20 * 1024 * 1024;
const STATUS_LABEL = { ok: 'Will be imported', error: 'Will not be imported', duplicate: 'Already a patient: skipped' } as const;

/** Patients from a spreadsheet: choose the file, check the column mapping and every row, then confirm. */
export function ImportPage() {
  const [fileName, setFileName] = useState<string | null>(null);
  const [csv, setCsv] = useState<string | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [bytes, setBytes] = useState<Uint8Array | null>(null);
  const [encoding, setEncoding] = useState<{ chosen: CsvEncoding | 'auto'; used: CsvEncoding }>({
    chosen: 'auto',
    used: 'utf-8',
  });

  /** Reads the file's bytes as UTF-8 or Windows-1252 (detected unless chosen) and previews them. */
  async function read(data: Uint8Array, chosen: CsvEncoding | 'auto') {
    const { text, encoding: used } = decodeCsv(data, chosen);
    setEncoding({ chosen, used });
    setCsv(text);
    await refresh(text, null);
  }

  async function load(file: File) {
    setResult(null);
    setPreview(null);
    setError(null);
    if (file.size > MAX_BYTES) {
      setError(`${file.name} is larger than 20 MB; split it into smaller files.`);
      return;
    }
    const data = new Uint8Array(await file.arrayBuffer());
    setFileName(file.name);
    setBytes(data);
    await read(data, 'auto');
  }

  async function refresh(text: string, mapping: Record<string, ImportField> | null) {
    setBusy(true);
    try {
      setPreview(await call('import.preview', { csv: text, mapping }));
    } catch (err) {
      setError(errorMessage(err));
    }
    setBusy(false);
  }

  async function commit() {
    if (!csv || !preview) return;
    setBusy(true);
    try {
      setResult(await call('import.commit', { csv, mapping: preview.mapping }));
      setPreview(null);
      setCsv(null);
    } catch (err) {
      setError(errorMessage(err));
    }
    setBusy(false);
  }

  const onFile = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) void load(file);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    const file = e.dataTransfer.files[0];
    if (file) void load(file);
  };

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <p className="eyebrow">
            <a href="#/patients">Patients</a>
          </p>
          <h1>Import patients</h1>
          <p className="muted">
            From a CSV file saved by a spreadsheet or another system. Nothing is imported until you confirm.
          </p>
        </div>
      </header>
      <label className="drop-zone" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
        <span>
          <strong>Choose a CSV file</strong> or drop it here
        </span>
        <input type="file" accept=".csv,text/csv" onChange={onFile} aria-label="CSV file" />
        {fileName && <span className="muted small">{fileName}</span>}
      </label>
      {error && (
        <p className="status-error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <div className="callout" role="status">
          <Icon name="check" />
          <div>
            <strong>
              {result.imported} {result.imported === 1 ? 'patient' : 'patients'} imported.
            </strong>
            <p>
              {result.skipped} {result.skipped === 1 ? 'row was' : 'rows were'} not imported.{' '}
              <a href="#/patients">See the patient list</a>
            </p>
          </div>
        </div>
      )}
      {preview && csv && (
        <>
          <p className="import-read-as">
            <label>
              Read the file as{' '}
              <select value={encoding.chosen} onChange={(e) => bytes && void read(bytes, e.target.value as CsvEncoding | 'auto')}>
                <option value="auto">Detect ({CSV_ENCODING_LABELS[encoding.used]})</option>
                {(Object.keys(CSV_ENCODING_LABELS) as CsvEncoding[]).map((e) => (
                  <option key={e} value={e}>
                    {CSV_ENCODING_LABELS[e]}
                  </option>
                ))}
              </select>
            </label>{' '}
            <span className="muted small">
              Columns separated by{' '}
              {preview.delimiter === ';'
                ? 'semicolons'
                : preview.delimiter === '\t'
                  ? 'tabs'
                  : preview.delimiter === '|'
                    ? 'bars'
                    : 'commas'}
              .
            </span>
          </p>
          {preview.fileProblems.length > 0 && (
            <div className="callout callout-error" role="alert">
              <Icon name="alert" />
              <ul className="alert-list">
                {preview.fileProblems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </div>
          )}
          {preview.headers.length > 0 && (
            <section className="card">
              <h2 className="section-title">Columns</h2>
              <div className="mapping-grid">
                {preview.headers.map((h) => (
                  <label key={h} className="mapping-row">
                    <span className="mapping-header">{h}</span>
                    <select
                      aria-label={`Column ${h}`}
                      value={preview.mapping[h] ?? 'ignore'}
                      onChange={(e) => void refresh(csv, { ...preview.mapping, [h]: e.target.value as ImportField })}
                    >
                      {IMPORT_FIELDS.map((f) => (
                        <option key={f} value={f}>
                          {IMPORT_FIELD_LABELS[f]}
                        </option>
                      ))}
                    </select>
                  </label>
                ))}
              </div>
            </section>
          )}
          {preview.fileProblems.length === 0 && (
            <section className="card">
              <div className="card-header">
                <h2 className="section-title">Rows</h2>
                <p data-testid="import-counts">
                  <strong>{preview.counts.ok}</strong> will be imported · <strong>{preview.counts.error}</strong> have problems ·{' '}
                  <strong>{preview.counts.duplicate}</strong> already patients
                </p>
              </div>
              <table className="data-table compact" aria-label="Import preview">
                <thead>
                  <tr>
                    <th scope="col">Line</th>
                    <th scope="col">Name</th>
                    <th scope="col">Result</th>
                    <th scope="col">Problems</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.rows.slice(0, 500).map((r) => (
                    <tr key={r.line} className={`import-${r.status}`}>
                      <td>{r.line}</td>
                      <td>{r.name}</td>
                      <td>
                        <span
                          className={`pill ${r.status === 'ok' ? 'pill-ok' : r.status === 'error' ? 'pill-danger' : 'pill-muted'}`}
                        >
                          {STATUS_LABEL[r.status]}
                        </span>
                      </td>
                      <td>{r.problems.join('; ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {preview.rows.length > 500 && <p className="muted small">Showing the first 500 of {preview.rows.length} rows.</p>}
              <div className="callout-actions">
                <button
                  type="button"
                  className="button button-primary"
                  disabled={busy || preview.counts.ok === 0}
                  onClick={() => void commit()}
                >
                  Import {preview.counts.ok} {preview.counts.ok === 1 ? 'patient' : 'patients'}
                </button>
              </div>
            </section>
          )}
        </>
      )}
    </div>
  );
}
