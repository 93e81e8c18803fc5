import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { PatientList } from '../../../../shared/contract';
import { ageOn } from '../../../../shared/time';
import { displayName, PATIENT_SORTS, type PatientSort } from '../../../../shared/patients';
import { call, errorMessage } from '../../api';
import { downloadCsv } from '../../download';
import { useFormat } from '../../format';
import { useCan } from '../../session';

const SORT_LABELS: Record<PatientSort, string> = { name: 'Name', dob: 'Date of birth', recent: 'Recently changed' };

export function PatientsPage({ today }: { today: string }) {
  const format = useFormat();
  const can = useCan();
  const [text, setText] = useState('');
  const [sort, setSort] = useState<PatientSort>('name');
  const [includeArchived, setIncludeArchived] = useState(false);
  const [list, setList] = useState<PatientList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const searchRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let current = true;
    call('patients.list', { text, sort, includeArchived })
      .then((l) => {
        // Only the answer to the latest keystroke is shown.
        if (!current) return;
        setList(l);
        setActive(0);
        setError(null);
      })
      .catch((err: unknown) => current && setError(errorMessage(err)));
    return () => {
      current = false;
    };
  }, [text, sort, includeArchived]);

  useEffect(() => searchRef.current?.focus(), []);

  const patients = list?.patients ?? [];
  function onSearchKey(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((i) => Math.min(i + 1, patients.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (e.key === 'Enter' && patients[active]) {
      e.preventDefault();
      window.location.hash = `#/patients/${patients[active].id}`;
    }
  }

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <p className="eyebrow">Patients</p>
          <h1>Patient records</h1>
          <p className="muted">
            {list
              ? `${list.total} ${list.total === 1 ? 'patient' : 'patients'}${includeArchived ? ' including archived' : ''}`
              : ' '}
          </p>
        </div>
        <div className="header-actions">
          {can('lots.recall') && (
            <a className="button button-secondary" href="#/patients/lot-recall">
              Lot recall
            </a>
          )}
          {can('import.preview') && (
            <a className="button button-secondary" href="#/patients/import">
              Import
            </a>
          )}
          {can('export.csv') && (
            <>
              <button
                type="button"
                className="button button-secondary"
                onClick={() => void call('export.csv', { what: 'patients' }).then(downloadCsv)}
              >
                Export patients
              </button>
              <button
                type="button"
                className="button button-secondary"
                onClick={() => void call('export.csv', { what: 'treatments' }).then(downloadCsv)}
              >
                Export treatments
              </button>
            </>
          )}
          <a className="button button-primary" href="#/patients/new">
            New patient
          </a>
        </div>
      </header>
      <div className="toolbar">
        <input
          ref={searchRef}
          type="search"
          className="search-input"
          placeholder="Search by name, phone or email"
          aria-label="Search patients"
          aria-controls="patient-results"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onSearchKey}
        />
        <label className="inline-label">
          Sort by
          <select value={sort} onChange={(e) => setSort(e.target.value as PatientSort)}>
            {PATIENT_SORTS.map((s) => (
              <option key={s} value={s}>
                {SORT_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="switch">
          <input type="checkbox" checked={includeArchived} onChange={(e) => setIncludeArchived(e.target.checked)} />
          <span>Show archived</span>
        </label>
      </div>
      {error && (
        <p className="status-error" role="alert">
          {error}
        </p>
      )}
      <div className="card table-card">
        <table className="data-table" id="patient-results" aria-label="Patients">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Date of birth</th>
              <th scope="col">Phone</th>
              <th scope="col">Email</th>
            </tr>
          </thead>
          <tbody>
            {patients.map((p, i) => (
              <tr key={p.id} id={`patient-row-${p.id}`} className={i === active ? 'row-active' : undefined}>
                <td>
                  <a href={`#/patients/${p.id}`}>{displayName(p)}</a>
                  {p.archived && <span className="pill pill-muted">Archived</span>}
                </td>
                <td>{p.dob ? `${format.date(p.dob)} (${ageOn(p.dob, today)})` : <span className="muted">Not recorded</span>}</td>
                <td>{p.phone}</td>
                <td>{p.email}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {list && patients.length === 0 && (
          <p className="empty-row muted">
            {text ? `No patient matches “${text}”.` : 'No patients yet. Register the first with “New patient”.'}
          </p>
        )}
      </div>
    </div>
  );
}
