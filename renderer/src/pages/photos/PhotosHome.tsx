import { useState } from 'react';
import { displayName } from '../../../../shared/patients';
import { useCall } from '../../useCall';
import { useFormat } from '../../format';

/** The Photos section: find a patient's photos, or open one of the latest imports. */
export function PhotosHome() {
  const format = useFormat();
  const [text, setText] = useState('');
  const recent = useCall('photos.recent', {});
  const found = useCall('patients.list', { text, sort: 'name', includeArchived: false });
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Photos</h1>
          <p className="muted">Each patient’s photos live with their record. Find the patient, or open a recent import.</p>
        </div>
      </header>
      <section className="card" aria-labelledby="find-heading">
        <h2 id="find-heading" className="section-title">
          Find a patient
        </h2>
        <input
          type="search"
          className="search-input"
          aria-label="Find a patient by name, phone or email"
          placeholder="Name, phone or email"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        {text.trim() && found.data && (
          <ul className="saved-list" data-testid="photo-patient-results">
            {found.data.patients.slice(0, 12).map((p) => (
              <li key={p.id}>
                <a href={`#/patients/${p.id}/photos`}>{displayName(p)}</a>
                {p.dob && <span className="muted small"> · born {format.date(p.dob)}</span>}
              </li>
            ))}
            {found.data.patients.length === 0 && <li className="muted">No patient matches.</li>}
          </ul>
        )}
      </section>
      <section className="card" aria-labelledby="recent-heading">
        <h2 id="recent-heading" className="section-title">
          Recently imported
        </h2>
        {recent.error && (
          <p className="status-error" role="alert">
            {recent.error}
          </p>
        )}
        {recent.data?.length === 0 && <p className="muted">No photos yet. Open a patient and import their photos there.</p>}
        <ul className="photo-grid">
          {recent.data?.map((p) => (
            <li key={p.id} className="photo-tile">
              <a
                className="photo-open"
                href={`#/patients/${p.patientId}/photos`}
                aria-label={`${displayName(p)}’s photos (photo taken ${format.date(p.takenOn)})`}
              >
                <img src={`/photo/${p.id}/thumb`} alt="" loading="lazy" decoding="async" />
              </a>
              <span className="small">
                {displayName(p)} <span className="muted">· {format.date(p.takenOn)}</span>
              </span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
