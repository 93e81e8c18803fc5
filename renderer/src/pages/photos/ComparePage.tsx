import { useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { PHOTO_SCOPE_LABELS, PHOTO_SCOPES, type PhotoScope } from '../../../../shared/consents';
import { displayName } from '../../../../shared/patients';
import {
  COMPARE_MODE_LABELS,
  COMPARE_MODES,
  type CompareMode,
  type ComparisonView,
  type ExportFormat,
} from '../../../../shared/photos';
import { call, errorMessage } from '../../api';
import { useCall } from '../../useCall';
import { CompareViewer, type ViewerControls } from './CompareViewer';
import { LandmarkMarker } from './LandmarkMarker';
import { useFormat } from '../../format';

const FORMAT_LABELS: Record<ExportFormat, string> = { png: 'PNG picture', jpeg: 'JPEG picture', pdf: 'PDF' };

/** Before and after: two photos or four, zoomed and moved together, lined up on marked points, saved and exported. */
export function ComparePage({ patientId, ids, savedId }: { patientId: number; ids: number[]; savedId: number | null }) {
  const dates = useFormat();
  const library = useCall('photos.library', { patientId });
  const patient = useCall('patients.get', { id: patientId });
  // Prints are recorded by the main process when it grants one (photos.print); printing started any
  // other way puts only a notice on paper.
  const saved = savedId === null ? null : (library.data?.comparisons.find((c) => c.id === savedId) ?? null);
  // The comparison opens as saved, or side by side (2 × 2 for four photos); what the user changes is kept apart.
  const [changed, setView] = useState<Omit<ComparisonView, 'mix'> | null>(null);
  const opening: Omit<ComparisonView, 'mix'> | null = !library.data
    ? null
    : saved
      ? {
          photoIds: saved.view.photoIds,
          layout: saved.view.layout,
          mode: saved.view.mode,
          aligned: saved.view.aligned,
          matchLighting: saved.view.matchLighting ?? false,
        }
      : ids.length === 2 || ids.length === 4
        ? { photoIds: ids, layout: ids.length === 4 ? 'grid' : 'pair', mode: 'side', aligned: false, matchLighting: false }
        : null;
  const view = changed ?? opening;
  const startMix = saved?.view.mix ?? 0.5;
  const mix = useRef(startMix);
  const controls = useRef<ViewerControls | null>(null);
  const [marking, setMarking] = useState(false);
  const [showPoints, setShowPoints] = useState(true);
  const [ready, setReady] = useState(false);
  const [typedName, setName] = useState<string | null>(null);
  const name = typedName ?? saved?.name ?? '';
  const [format, setFormat] = useState<ExportFormat>('png');
  const [purpose, setPurpose] = useState<PhotoScope>('clinical');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [printing, setPrinting] = useState(false);
  /** The photos the main process agreed may be printed (consent checked there); nothing else reaches paper. */
  const [printable, setPrintable] = useState<string | null>(null);

  // Print (the button or the system's shortcut) lays the panes out for the page first.
  useEffect(() => {
    const before = () => flushSync(() => setPrinting(true));
    const after = () => {
      setPrinting(false);
      setPrintable(null);
    };
    window.addEventListener('beforeprint', before);
    window.addEventListener('afterprint', after);
    return () => {
      window.removeEventListener('beforeprint', before);
      window.removeEventListener('afterprint', after);
    };
  }, []);

  useEffect(() => {
    mix.current = startMix;
  }, [startMix]);

  const photos = view && library.data ? view.photoIds.map((id) => library.data!.photos.find((p) => p.id === id)) : [];
  const missing = photos.some((p) => p === undefined);
  const all = missing ? [] : (photos as NonNullable<(typeof photos)[number]>[]);
  const canAlign = all.length > 0 && all.every((p) => p.landmarks !== null);

  function swap() {
    if (!view) return;
    const [a, b, c, d] = view.photoIds;
    setView({ ...view, photoIds: view.layout === 'pair' ? [b!, a!] : [b!, a!, d!, c!] });
  }

  async function save() {
    if (!view) return;
    try {
      await call('comparisons.save', { patientId, name, view: { ...view, mix: mix.current } });
      setMessage({ ok: true, text: `Saved “${name.trim()}”.` });
      library.reload();
    } catch (err) {
      setMessage({ ok: false, text: errorMessage(err) });
    }
  }

  async function exportIt() {
    if (!view) return;
    setMessage({ ok: true, text: 'Exporting…' });
    try {
      const r = await call('photos.export', { view: { ...view, mix: mix.current }, format, purpose });
      setMessage(r.savedTo ? { ok: true, text: `Exported to ${r.savedTo}` } : { ok: true, text: 'Export cancelled.' });
    } catch (err) {
      setMessage({ ok: false, text: errorMessage(err) });
    }
  }

  /** Asks the main process, which checks the consent in force against the purpose and records the print. */
  async function printIt() {
    if (!view) return;
    try {
      await call('photos.print', { photoIds: view.photoIds, purpose });
      flushSync(() => setPrintable(view.photoIds.join(',')));
      setMessage(null);
      window.print();
    } catch (err) {
      setMessage({ ok: false, text: `Not printed. ${errorMessage(err)}` });
    }
  }
  const granted = view !== null && printable === view.photoIds.join(',');

  const back = `#/patients/${patientId}/photos`;
  return (
    <div className="page page-wide compare-page">
      <header className="page-header">
        <div>
          <p className="eyebrow">
            <a href="#/patients">Patients</a> ·{' '}
            <a href={`#/patients/${patientId}`}>{patient.data ? displayName(patient.data) : 'Patient'}</a> ·{' '}
            <a href={back}>Photos</a>
          </p>
          <h1>Compare</h1>
          {!granted && (
            <p className="print-only">
              Not printed: a comparison is printed with its Print button, which checks the patient’s photo-use consent.
            </p>
          )}
          {patient.data && (
            <p className="print-only">
              {displayName(patient.data)}
              {patient.data.dob ? `, born ${dates.date(patient.data.dob)}` : ''} · before and after photos
            </p>
          )}
        </div>
        <div className="header-actions no-print">
          <button type="button" className="button button-secondary" onClick={() => void printIt()}>
            Print
          </button>
        </div>
      </header>
      {library.error && (
        <p className="status-error" role="alert">
          {library.error}
        </p>
      )}
      {library.data && !view && (
        <p className="status-error" role="alert">
          Choose two or four photos in the <a href={back}>photo library</a> to compare.
        </p>
      )}
      {missing && (
        <p className="status-error" role="alert">
          A photo of this comparison has been deleted. <a href={back}>Back to the photos</a>
        </p>
      )}
      {view && all.length > 0 && (
        <>
          <div className="compare-toolbar no-print" role="toolbar" aria-label="Comparison tools">
            {view.layout === 'pair' && (
              <fieldset className="segmented">
                <legend className="visually-hidden">Mode</legend>
                {COMPARE_MODES.map((m: CompareMode) => (
                  <label key={m} className={view.mode === m ? 'segment segment-on' : 'segment'}>
                    <input
                      type="radio"
                      name="compare-mode"
                      value={m}
                      checked={view.mode === m}
                      onChange={() => setView({ ...view, mode: m })}
                    />
                    {COMPARE_MODE_LABELS[m]}
                  </label>
                ))}
              </fieldset>
            )}
            {view.layout === 'pair' && view.mode !== 'side' && (
              <label className="mix-control">
                {view.mode === 'wipe' ? 'Slider' : 'Opacity'}
                <input
                  type="range"
                  min={0}
                  max={100}
                  defaultValue={Math.round(startMix * 100)}
                  aria-label={view.mode === 'wipe' ? 'Slider position' : 'Opacity of the top photo'}
                  onInput={(e) => {
                    mix.current = Number(e.currentTarget.value) / 100;
                    controls.current?.repaint();
                  }}
                />
              </label>
            )}
            <button type="button" className="button button-secondary" onClick={swap}>
              Swap
            </button>
            <button
              type="button"
              className="button button-secondary"
              aria-label="Zoom in"
              onClick={() => controls.current?.zoom(1.25)}
            >
              +
            </button>
            <button
              type="button"
              className="button button-secondary"
              aria-label="Zoom out"
              onClick={() => controls.current?.zoom(0.8)}
            >
              −
            </button>
            <button type="button" className="button button-secondary" onClick={() => controls.current?.reset()}>
              Whole photo
            </button>
            <label className="check">
              <input
                type="checkbox"
                checked={view.aligned}
                disabled={!canAlign}
                onChange={(e) => setView({ ...view, aligned: e.target.checked })}
              />
              Align on marked points
            </label>
            <label className="check">
              <input type="checkbox" checked={showPoints} onChange={(e) => setShowPoints(e.target.checked)} />
              Show points
            </label>
            <label
              className="check"
              title="Adjusts the exposure and colour of the later photos to the first photo’s, on screen and in exports. The stored photos never change."
            >
              <input
                type="checkbox"
                checked={view.matchLighting === true}
                onChange={(e) => setView({ ...view, matchLighting: e.target.checked })}
              />
              Match lighting
            </label>
            <button type="button" className="button button-secondary" onClick={() => setMarking(true)}>
              {canAlign ? 'Mark points again' : 'Mark points…'}
            </button>
          </div>
          {!canAlign && !marking && (
            <p className="muted small no-print">
              To line the photos up, mark the same two points (for example the pupils) on each photo.
            </p>
          )}
          {marking ? (
            <LandmarkMarker
              photos={all}
              onCancel={() => setMarking(false)}
              onDone={() => {
                setMarking(false);
                setView({ ...view, aligned: true });
                library.reload();
              }}
            />
          ) : (
            <div
              data-testid="compare-view"
              data-ready={ready ? 'true' : 'false'}
              // Only what the main process agreed to print reaches paper, whichever way printing starts.
              className={granted ? undefined : 'no-print'}
            >
              <CompareViewer
                key={`${view.layout}-${view.mode}`}
                photos={all}
                view={view}
                mix={mix}
                showPoints={showPoints}
                controls={controls}
                printing={printing}
                onReady={() => setReady(true)}
              />
            </div>
          )}
          <div className="compare-actions no-print">
            <section className="card" aria-labelledby="save-heading">
              <h2 id="save-heading" className="section-title">
                Save this comparison
              </h2>
              <div className="compare-form">
                <label>
                  Name <input value={name} onChange={(e) => setName(e.target.value)} placeholder="Glabella, March review" />
                </label>
                <button type="button" className="button button-primary" disabled={!name.trim()} onClick={() => void save()}>
                  Save
                </button>
              </div>
            </section>
            <section className="card" aria-labelledby="export-heading">
              <h2 id="export-heading" className="section-title">
                Export or print
              </h2>
              <div className="compare-form">
                <label>
                  As{' '}
                  <select value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
                    {(Object.keys(FORMAT_LABELS) as ExportFormat[]).map((f) => (
                      <option key={f} value={f}>
                        {FORMAT_LABELS[f]}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  For{' '}
                  <select value={purpose} onChange={(e) => setPurpose(e.target.value as PhotoScope)}>
                    {PHOTO_SCOPES.map((s) => (
                      <option key={s} value={s}>
                        {s === 'clinical' ? 'The clinical record' : s === 'education' ? 'Education' : 'Marketing'}
                      </option>
                    ))}
                  </select>
                </label>
                <button type="button" className="button button-primary" onClick={() => void exportIt()}>
                  Export…
                </button>
                <button type="button" className="button button-secondary" onClick={() => void printIt()}>
                  Print for this use
                </button>
              </div>
              <p className="muted small">
                Consent in force:{' '}
                {library.data?.consentScope
                  ? PHOTO_SCOPE_LABELS[library.data.consentScope]
                  : 'none (export and printing are refused)'}
                . Exported files carry the labels and no camera details or location.
              </p>
            </section>
          </div>
          {message && (
            <p
              role={message.ok ? 'status' : 'alert'}
              className={message.ok ? 'status-ok' : 'status-error'}
              data-testid="compare-message"
            >
              {message.text}
            </p>
          )}
        </>
      )}
    </div>
  );
}
