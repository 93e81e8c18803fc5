import { useMemo, useState } from 'react';
import { PHOTO_SCOPE_LABELS } from '../../../../shared/consents';
import { displayName } from '../../../../shared/patients';
import {
  COMPARE_MODE_LABELS,
  PHOTO_PHASE_LABELS,
  PHOTO_VIEW_LABELS,
  PHOTO_VIEWS,
  photoLabel,
  type Photo,
  type PhotoView,
} from '../../../../shared/photos';
import { OBSERVATION_KIND_LABELS } from '../../../../shared/observations';
import { call, errorMessage } from '../../api';
import { useCall } from '../../useCall';
import { useLiveChanges } from '../../live';
import { ImportPanel } from './ImportPanel';
import { PhotoEditor } from './PhotoEditor';
import { useFormat } from '../../format';

/** A patient's photos: import, the timeline filtered by area and view, the protocol panel and saved comparisons. */
export function PhotoLibraryPage({ patientId, today }: { patientId: number; today: string }) {
  const dates = useFormat();
  const library = useCall('photos.library', { patientId });
  const patient = useCall('patients.get', { id: patientId });
  const catalogue = useCall('catalogue.get', {});
  // A photo imported for this patient in another room shows here within seconds.
  useLiveChanges((c) => c.patientId === patientId && (c.topic === 'photos' || c.topic === 'comparisons'), library.reload);
  const [area, setArea] = useState('');
  const [view, setView] = useState<PhotoView | ''>('');
  const [selected, setSelected] = useState<number[]>([]);
  const [editing, setEditing] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [removing, setRemoving] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const areas = useMemo(() => (catalogue.data?.areas ?? []).map((a) => ({ code: a.code, name: a.name })), [catalogue.data]);
  const areaName = (code: string | null) => (code === null ? '' : (areas.find((a) => a.code === code)?.name ?? code));
  const photos = library.data?.photos ?? [];
  const shown = photos.filter((p) => (area === '' || p.area === area) && (view === '' || p.view === view));
  const groups = useMemo(() => {
    const byDay = new Map<string, Photo[]>();
    for (const p of shown) byDay.set(p.takenOn, [...(byDay.get(p.takenOn) ?? []), p]);
    return [...byDay.entries()];
  }, [shown]);
  const editingPhoto = photos.find((p) => p.id === editing) ?? null;
  // Tagging a set one after another: the next photo in the timeline as shown (filters applied).
  const nextOf = (id: number) => {
    const next = shown[shown.findIndex((p) => p.id === id) + 1];
    return next ? () => setEditing(next.id) : undefined;
  };

  function toggle(id: number) {
    setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : s.length >= 4 ? s : [...s, id]));
  }

  async function removeComparison(id: number) {
    try {
      await call('comparisons.delete', { id });
      setRemoving(null);
      library.reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  const canCompare = selected.length === 2 || selected.length === 4;
  // Oldest first, so the "before" photo is on the left.
  const compareIds = [...selected].sort((a, b) => {
    const pa = photos.find((p) => p.id === a)!;
    const pb = photos.find((p) => p.id === b)!;
    return pa.takenOn < pb.takenOn ? -1 : pa.takenOn > pb.takenOn ? 1 : a - b;
  });

  return (
    <div className="page page-wide photo-page">
      <header className="page-header">
        <div>
          <p className="eyebrow">
            <a href="#/patients">Patients</a> ·{' '}
            <a href={`#/patients/${patientId}`}>{patient.data ? displayName(patient.data) : 'Patient'}</a>
          </p>
          <h1>Photos</h1>
          <p className="muted" data-testid="photo-consent">
            Photo-use consent today:{' '}
            {library.data?.consentScope
              ? PHOTO_SCOPE_LABELS[library.data.consentScope]
              : 'none in force (photos cannot be exported)'}
          </p>
        </div>
        <div className="header-actions">
          <a className="button button-secondary" href={`#/patients/${patientId}/photos/capture`}>
            Take photos…
          </a>
          <span className="muted small" aria-live="polite">
            {selected.length === 0 ? 'Tick 2 or 4 photos to compare' : `${selected.length} selected`}
          </span>
          <a
            className={`button button-primary${canCompare ? '' : ' button-disabled'}`}
            aria-disabled={!canCompare}
            href={canCompare ? `#/patients/${patientId}/photos/compare/${compareIds.join(',')}` : undefined}
          >
            Compare {selected.length === 4 ? '2 × 2' : 'side by side'}
          </a>
        </div>
      </header>
      {(library.error ?? error) && (
        <p className="status-error" role="alert">
          {library.error ?? error}
        </p>
      )}
      {notice && (
        <p className="status-ok" role="status" data-testid="photo-notice">
          {notice}
        </p>
      )}
      {library.data && (
        <div className="photo-layout">
          <div className="photo-main">
            <ImportPanel patientId={patientId} library={library.data} areas={areas} today={today} onImported={library.reload} />
            {editingPhoto && (
              <PhotoEditor
                key={editingPhoto.id}
                photo={editingPhoto}
                library={library.data}
                areas={areas}
                today={today}
                onSaved={() => library.reload()}
                onDeleted={() => {
                  setEditing(null);
                  setSelected((s) => s.filter((x) => x !== editingPhoto.id));
                  library.reload();
                }}
                onClose={() => setEditing(null)}
                onNext={nextOf(editingPhoto.id)}
              />
            )}
            <section className="card" aria-labelledby="timeline-heading">
              <div className="card-header">
                <h2 id="timeline-heading" className="section-title">
                  Timeline
                </h2>
                <div className="filters">
                  <label>
                    Area{' '}
                    <select value={area} onChange={(e) => setArea(e.target.value)}>
                      <option value="">All areas</option>
                      {areas.map((a) => (
                        <option key={a.code} value={a.code}>
                          {a.name}
                        </option>
                      ))}
                    </select>
                  </label>
                  <label>
                    View{' '}
                    <select value={view} onChange={(e) => setView(e.target.value as PhotoView | '')}>
                      <option value="">All views</option>
                      {PHOTO_VIEWS.map((v) => (
                        <option key={v} value={v}>
                          {PHOTO_VIEW_LABELS[v]}
                        </option>
                      ))}
                    </select>
                  </label>
                </div>
              </div>
              {photos.length === 0 ? (
                <p className="muted" data-testid="photos-empty">
                  {library.data.treatments.length === 0
                    ? 'No photos yet. Import the baseline set before the first treatment.'
                    : `No photos yet for ${patient.data ? displayName(patient.data) : 'this patient'}: ${library.data.treatments.length} ${
                        library.data.treatments.length === 1 ? 'treatment' : 'treatments'
                      } on record, the latest on ${dates.date(library.data.treatments[0]!.on)}. Import today’s photos, or earlier ones with their dates.`}
                </p>
              ) : shown.length === 0 ? (
                <p className="muted">No photos of this area and view.</p>
              ) : (
                groups.map(([day, dayPhotos]) => (
                  <div key={day} className="photo-day">
                    <h3 className="subsection-title">
                      {photoLabel(dayPhotos[0]!, dates.longDate).date}
                      <span className="muted small"> · {photoLabel(dayPhotos[0]!, dates.longDate).since}</span>
                    </h3>
                    <ul className="photo-grid">
                      {dayPhotos.map((p) => {
                        const l = photoLabel(p, dates.longDate);
                        const chosen = selected.includes(p.id);
                        return (
                          <li key={p.id} className={`photo-tile${chosen ? ' photo-tile-chosen' : ''}`} data-testid="photo-tile">
                            <button
                              type="button"
                              className="photo-open"
                              onClick={() => setEditing(p.id)}
                              aria-label={`Open ${l.pose || 'photo'}, ${l.date}`}
                            >
                              <img src={`/photo/${p.id}/thumb`} alt="" loading="lazy" decoding="async" />
                            </button>
                            <label className="photo-pick">
                              <input
                                type="checkbox"
                                checked={chosen}
                                onChange={() => toggle(p.id)}
                                disabled={!chosen && selected.length >= 4}
                              />
                              <span>
                                {l.pose || 'Untagged'}
                                {p.area && <span className="muted"> · {areaName(p.area)}</span>}
                                {p.phase && <span className="pill pill-muted">{PHOTO_PHASE_LABELS[p.phase]}</span>}
                                {p.takenOnSource === 'import' && <span className="pill pill-warn">Check date</span>}
                                {p.source === 'patient' && <span className="pill pill-info">Taken by the patient</span>}
                              </span>
                            </label>
                            <LightMark photo={p} />
                            {p.source === 'patient' && <ObserveFromPhoto photo={p} areas={areas} onRecorded={setNotice} />}
                          </li>
                        );
                      })}
                    </ul>
                  </div>
                ))
              )}
            </section>
          </div>
          <aside className="photo-side">
            <section className="card" aria-labelledby="protocol-heading">
              <h2 id="protocol-heading" className="section-title">
                Protocol
              </h2>
              <p className="muted small">
                {library.data.protocol.treatment
                  ? `For the latest treatment, ${dates.date(library.data.protocol.treatment.on)}: photos linked to it, or taken from 30 days before it.`
                  : 'No treatment yet: the baseline set is taken before the first one.'}
              </p>
              <ul className="protocol-list" data-testid="protocol">
                {library.data.protocol.phases
                  // Before the first treatment only the baseline applies; the review and the next visit follow a treatment.
                  .filter((ph) => library.data!.protocol.treatment !== null || ph.phase === 'baseline')
                  .map((ph) => (
                    <li key={ph.phase}>
                      <span>
                        <strong>{PHOTO_PHASE_LABELS[ph.phase]}</strong>{' '}
                        {ph.missing.length === 0 ? (
                          <span className="pill pill-ok">Complete</span>
                        ) : (
                          <span className="muted small">
                            {ph.taken} taken · missing {ph.missing.length}:
                          </span>
                        )}
                      </span>
                      {ph.missing.length > 0 && (
                        <ul className="protocol-missing" aria-label={`Missing for ${PHOTO_PHASE_LABELS[ph.phase]}`}>
                          {ph.missing.map((m) => (
                            <li key={m}>{m}</li>
                          ))}
                        </ul>
                      )}
                    </li>
                  ))}
              </ul>
            </section>
            <section className="card" aria-labelledby="saved-heading">
              <h2 id="saved-heading" className="section-title">
                Saved comparisons
              </h2>
              {library.data.comparisons.length === 0 ? (
                <p className="muted small">None yet. Save one from the comparison view.</p>
              ) : (
                <ul className="saved-list">
                  {library.data.comparisons.map((c) => (
                    <li key={c.id}>
                      <a href={`#/patients/${patientId}/photos/compare/saved/${c.id}`}>{c.name}</a>
                      <span className="muted small"> · {COMPARE_MODE_LABELS[c.view.mode]}</span>
                      {removing === c.id ? (
                        <span className="confirm-inline" role="group" aria-label={`Remove ${c.name}?`}>
                          <span className="small">Remove it? The photos stay.</span>
                          <button type="button" className="button button-link" onClick={() => void removeComparison(c.id)}>
                            Remove
                          </button>
                          <button type="button" className="button button-link" onClick={() => setRemoving(null)}>
                            Keep
                          </button>
                        </span>
                      ) : (
                        <button
                          type="button"
                          className="button button-link"
                          onClick={() => setRemoving(c.id)}
                          aria-label={`Remove ${c.name}…`}
                        >
                          Remove…
                        </button>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </aside>
        </div>
      )}
    </div>
  );
}

/**
 * The timeline's consistency mark: whether the photo's light matches its reference (the latest
 * baseline of its view and expression; a patient's own photo, their first), with the difference in words.
 */
export function LightMark({ photo }: { photo: Photo }) {
  const c = photo.lightingCheck;
  if (c.state !== 'checked') return null;
  return c.consistent ? (
    <span className="light-mark light-mark-ok" data-testid="light-mark" title={`Same light as ${c.referenceName}`}>
      <span className="pill pill-ok">Light matches</span>
    </span>
  ) : (
    <span className="light-mark" data-testid="light-mark">
      <span className="pill pill-warn">Light differs</span> <span className="small">{c.sentence}</span>
    </span>
  );
}

/** One step from a patient's own photo: "movement returning", dated the day the photo was taken. */
function ObserveFromPhoto({
  photo,
  areas,
  onRecorded,
}: {
  photo: Photo;
  areas: { code: string; name: string }[];
  onRecorded: (text: string) => void;
}) {
  const dates = useFormat();
  const [area, setArea] = useState(photo.area ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const areaName = areas.find((a) => a.code === (photo.area ?? area))?.name ?? area;
  async function record() {
    try {
      await call('observations.fromPhoto', {
        photoId: photo.id,
        kind: 'movement_returning',
        area: photo.area ? null : area || null,
        note: '',
      });
      setDone(true);
      setProblem(null);
      onRecorded(
        `Recorded: ${OBSERVATION_KIND_LABELS.movement_returning.toLowerCase()} (${areaName}) on ${dates.date(photo.takenOn)}.`,
      );
    } catch (err) {
      setProblem(errorMessage(err));
    }
  }
  if (done) return <span className="small status-ok">Movement returning recorded</span>;
  return (
    <span className="observe-from-photo">
      {!photo.area && (
        <select
          aria-label={`Area for the photo of ${dates.date(photo.takenOn)}`}
          value={area}
          onChange={(e) => setArea(e.target.value)}
        >
          <option value="">Area…</option>
          {areas.map((a) => (
            <option key={a.code} value={a.code}>
              {a.name}
            </option>
          ))}
        </select>
      )}
      <button
        type="button"
        className="button button-secondary button-small"
        disabled={!photo.area && !area}
        onClick={() => void record()}
        aria-label={`Movement returning, seen on the photo of ${dates.date(photo.takenOn)}`}
      >
        Movement returning
      </button>
      {problem && (
        <span className="small status-error" role="alert">
          {problem}
        </span>
      )}
    </span>
  );
}
