import { useEffect, useMemo, useState } from 'react';
import { compareLighting, lightingOf, lightingSentence, type LightingStats } from '../../../../shared/lighting';
import { displayName } from '../../../../shared/patients';
import {
  PHOTO_EXPRESSION_LABELS,
  PHOTO_EXPRESSIONS,
  PHOTO_PHASE_LABELS,
  PHOTO_PHASES,
  PHOTO_VIEW_LABELS,
  PHOTO_VIEWS,
  photoLabel,
  referenceName,
  referencePhoto,
  shotLabel,
  STANDARD_SHOTS,
  type Photo,
  type PhotoExpression,
  type PhotoLibrary,
  type PhotoPhase,
  type PhotoView,
  type Shot,
} from '../../../../shared/photos';
import { call, errorMessage } from '../../api';
import { useCall } from '../../useCall';
import { useCamera } from './useCamera';
import { useFormat } from '../../format';

/** A frame taken and waiting to be saved or taken again. */
interface Taken {
  bytes: Uint8Array;
  url: string;
  stats: LightingStats;
  width: number;
  height: number;
  /** From the press of the button to the encoded picture. */
  grabMs: number;
}

/** Where the guides go: the ghost's marked pupils when it has them, else the usual place of the eyes. */
function guideLines(ghost: Photo | null, stage: { width: number; height: number } | null) {
  const eyes = ghost?.landmarks ?? null;
  if (!eyes || !ghost || !stage) return { eyeY: 0.42, midX: 0.5 };
  // The ghost is fitted inside the stage: find where its points land.
  const sA = stage.width / stage.height;
  const gA = ghost.width / ghost.height;
  const w = gA > sA ? 1 : gA / sA;
  const h = gA > sA ? sA / gA : 1;
  const at = (p: { x: number; y: number }) => ({ x: (1 - w) / 2 + p.x * w, y: (1 - h) / 2 + p.y * h });
  const [a, b] = [at(eyes[0]), at(eyes[1])];
  return { eyeY: (a.y + b.y) / 2, midX: (a.x + b.x) / 2 };
}

/** The phase to start in: the first of the protocol's with a shot missing. */
function startingPhase(library: PhotoLibrary): PhotoPhase {
  return library.protocol.phases.find((p) => p.missingShots.length > 0)?.phase ?? 'baseline';
}

function missingOf(library: PhotoLibrary, phase: PhotoPhase): Shot[] {
  return library.protocol.phases.find((p) => p.phase === phase)?.missingShots ?? [];
}

/**
 * Taking photos with a camera attached to the computer: the live picture with a see-through ghost
 * of the earlier photo of the same view and expression and guides to line the face up, the light
 * checked before saving, and the protocol's next missing shot proposed after each one.
 */
export function CapturePage({ patientId }: { patientId: number }) {
  const format = useFormat();
  const library = useCall('photos.library', { patientId });
  const patient = useCall('patients.get', { id: patientId });
  const catalogue = useCall('catalogue.get', {});
  const [camera, videoRef] = useCamera(patientId);
  const [phase, setPhase] = useState<PhotoPhase | null>(null);
  const [shot, setShot] = useState<Shot | null>(null);
  const [area, setArea] = useState<string | null>(null);
  const [treatmentId, setTreatmentId] = useState<number | null>(null);
  const [opacity, setOpacity] = useState(40);
  const [guides, setGuides] = useState(true);
  const [taken, setTaken] = useState<Taken | null>(null);
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string; ms?: number } | null>(null);
  const [ghostBroken, setGhostBroken] = useState<number | null>(null);
  /** Set by a save: once the library is read again, on to the next shot still missing. */
  const [advance, setAdvance] = useState(false);
  const [seen, setSeen] = useState<PhotoLibrary | null>(null);

  const data = library.data;
  // Each time the library arrives (adjusted while rendering, as React advises, rather than in an effect):
  // the first time, the phase under way, its first missing shot and the latest treatment; after a save,
  // the next shot still missing.
  if (data && data !== seen) {
    setSeen(data);
    if (phase === null) {
      const p = startingPhase(data);
      setPhase(p);
      setShot(missingOf(data, p)[0] ?? STANDARD_SHOTS[0]!);
      setTreatmentId(data.protocol.treatment?.id ?? null);
    } else if (advance) {
      setAdvance(false);
      const next = missingOf(data, phase)[0];
      if (next) setShot(next);
      else setStatus((s) => s && { ...s, text: `${s.text} Every ${PHOTO_PHASE_LABELS[phase]} shot is taken.` });
    }
  }
  // A new shot shows its own default ghost: a choice holds for the shot it was made for.
  const shotKey = shot ? `${shot.view}/${shot.expression}` : '';
  const [ghostPick, setGhostPick] = useState<{ shot: string; choice: number | 'auto' | 'none' }>({ shot: '', choice: 'auto' });
  const ghostChoice = ghostPick.shot === shotKey ? ghostPick.choice : 'auto';
  const setGhostChoice = (choice: number | 'auto' | 'none') => setGhostPick({ shot: shotKey, choice });
  useEffect(
    () => () => {
      if (taken) URL.revokeObjectURL(taken.url);
    },
    [taken],
  );

  const photos = useMemo(() => data?.photos ?? [], [data]);
  const sameShot = useMemo(
    () => (shot ? photos.filter((p) => p.source !== 'patient' && p.view === shot.view && p.expression === shot.expression) : []),
    [photos, shot],
  );
  const defaultGhost = shot ? referencePhoto(photos, { ...shot, source: 'capture' }) : null;
  const ghost =
    ghostChoice === 'none' ? null : ghostChoice === 'auto' ? defaultGhost : (sameShot.find((p) => p.id === ghostChoice) ?? null);
  // The light is checked against the ghost when it has been measured, else the usual reference.
  const reference = ghost?.lighting
    ? ghost
    : shot
      ? referencePhoto(photos, { ...shot, source: 'capture' }, { measured: true })
      : null;
  const lines = guideLines(ghost, camera.size);
  const areas = (catalogue.data?.areas ?? []).map((a) => ({ code: a.code, name: a.name }));
  const missing = data && phase ? missingOf(data, phase) : [];
  const canTake = camera.phase === 'live' && camera.problem === null && !taken && shot !== null && phase !== null;

  async function take() {
    const v = videoRef.current;
    if (!v || !canTake) return;
    const t0 = performance.now();
    const track = (v.srcObject as MediaStream | null)?.getVideoTracks()[0];
    if (!track || track.readyState !== 'live' || v.videoWidth === 0) {
      setStatus({ ok: false, text: 'The camera was disconnected before the photo was taken. Nothing was saved.' });
      return;
    }
    const full = document.createElement('canvas');
    full.width = v.videoWidth;
    full.height = v.videoHeight;
    full.getContext('2d')!.drawImage(v, 0, 0);
    // The light is measured the way the main process measures a stored photo: at 512 pixels.
    const scale = Math.min(1, 512 / Math.max(full.width, full.height));
    const small = document.createElement('canvas');
    small.width = Math.round(full.width * scale);
    small.height = Math.round(full.height * scale);
    const sg = small.getContext('2d', { willReadFrequently: true })!;
    sg.drawImage(full, 0, 0, small.width, small.height);
    const stats = lightingOf({
      data: sg.getImageData(0, 0, small.width, small.height).data,
      width: small.width,
      height: small.height,
      channels: 4,
    });
    const blob = await new Promise<Blob | null>((resolve) => full.toBlob(resolve, 'image/jpeg', 0.92));
    if (!blob) {
      setStatus({ ok: false, text: 'The picture could not be made from the camera. Nothing was saved; try again.' });
      return;
    }
    const bytes = new Uint8Array(await blob.arrayBuffer());
    setStatus(null);
    setTaken({
      bytes,
      url: URL.createObjectURL(blob),
      stats,
      width: full.width,
      height: full.height,
      grabMs: performance.now() - t0,
    });
  }

  async function save() {
    if (!taken || !shot || !phase) return;
    setSaving(true);
    const t0 = performance.now();
    try {
      const photo = await call('photos.capture', {
        patientId,
        image: taken.bytes,
        tags: { area, view: shot.view, expression: shot.expression, phase, treatmentId },
      });
      const ms = taken.grabMs + performance.now() - t0;
      setTaken(null);
      setStatus({
        ok: true,
        text: `Saved: ${shotLabel(shot)}, ${PHOTO_PHASE_LABELS[phase]}, ${photoLabel(photo, format.longDate).date}.`,
        ms,
      });
      setAdvance(true);
      library.reload();
    } catch (err) {
      setStatus({ ok: false, text: errorMessage(err) });
    } finally {
      setSaving(false);
    }
  }

  const check = taken && reference?.lighting ? compareLighting(taken.stats, reference.lighting) : null;
  const back = `#/patients/${patientId}/photos`;

  return (
    <div className="page page-wide capture-page">
      <header className="page-header">
        <div>
          <p className="eyebrow">
            <a href="#/patients">Patients</a> ·{' '}
            <a href={`#/patients/${patientId}`}>{patient.data ? displayName(patient.data) : 'Patient'}</a> ·{' '}
            <a href={back}>Photos</a>
          </p>
          <h1>Take photos</h1>
          <p className="muted small">
            The camera is used only while this page is open. Photos are saved like imported ones, without any camera details.
          </p>
        </div>
        <div className="header-actions">
          <a className="button button-secondary" href={back}>
            Done
          </a>
        </div>
      </header>
      {library.error && (
        <p className="status-error" role="alert">
          {library.error}
        </p>
      )}
      <div className="capture-layout">
        <div className="capture-main">
          <div
            className="capture-stage"
            data-testid="capture-stage"
            style={camera.size ? { aspectRatio: `${camera.size.width} / ${camera.size.height}` } : undefined}
          >
            <video
              ref={videoRef}
              className="capture-video"
              muted
              playsInline
              autoPlay
              aria-label="Live picture from the camera"
              data-testid="capture-video"
            />
            {ghost && !taken && ghostBroken !== ghost.id && (
              <img
                className="capture-ghost"
                src={`/photo/${ghost.id}/preview`}
                alt=""
                data-testid="capture-ghost"
                style={{ opacity: opacity / 100 }}
                onError={() => setGhostBroken(ghost.id)}
              />
            )}
            {guides && !taken && (
              <svg
                className="capture-guides"
                viewBox="0 0 100 100"
                preserveAspectRatio="none"
                aria-hidden="true"
                data-testid="capture-guides"
              >
                <line x1="0" x2="100" y1={lines.eyeY * 100} y2={lines.eyeY * 100} className="guide-eye" />
                <line x1={lines.midX * 100} x2={lines.midX * 100} y1="0" y2="100" className="guide-mid" />
              </svg>
            )}
            {guides && !taken && (
              <>
                <span className="guide-label" style={{ top: `calc(${lines.eyeY * 100}% - 22px)` }}>
                  Eye line
                </span>
                <span className="guide-label guide-label-mid" style={{ left: `calc(${lines.midX * 100}% + 6px)` }}>
                  Midline
                </span>
              </>
            )}
            {taken && <img className="capture-still" src={taken.url} alt="The photo just taken" data-testid="capture-still" />}
            {camera.phase === 'starting' && !camera.problem && <p className="capture-note">Starting the camera…</p>}
            {camera.problem && (
              <div className="capture-problem" role="alert" data-testid="camera-problem">
                <strong>{camera.problem.title}</strong>
                <p>{camera.problem.detail}</p>
                <button
                  type="button"
                  className="button button-primary"
                  onClick={() => camera.retry(camera.deviceId ?? undefined)}
                >
                  Try again
                </button>
              </div>
            )}
          </div>
          <div className="capture-actions">
            {taken ? (
              <div className="capture-review" data-testid="capture-review">
                {!reference ? (
                  <div className="callout" role="status" data-testid="lighting-check">
                    <div>
                      <strong>Nothing to compare the light with yet.</strong>
                      <p>
                        This is the first {shot ? shotLabel(shot) : ''} photo: it becomes the reference for the light of later
                        ones.
                      </p>
                    </div>
                  </div>
                ) : check && !check.consistent ? (
                  <div className="callout callout-warn" role="alert" data-testid="lighting-check">
                    <div>
                      <strong>{lightingSentence(check, referenceName(reference, format.date))}</strong>
                      <p>
                        The change a treatment makes is easier to judge in the same light. Adjust the lights and take it again, or
                        save it as it is.
                      </p>
                    </div>
                  </div>
                ) : (
                  <div className="callout callout-ok" role="status" data-testid="lighting-check">
                    <div>
                      <strong>The light matches {reference ? referenceName(reference, format.date) : 'the reference'}.</strong>
                      <p>Within a quarter stop and the same colour of light.</p>
                    </div>
                  </div>
                )}
                <div className="callout-actions">
                  <button type="button" className="button button-primary" disabled={saving} onClick={() => void save()}>
                    {saving ? 'Saving…' : 'Save photo'}
                  </button>
                  <button
                    type="button"
                    className="button button-secondary"
                    disabled={saving}
                    onClick={() => {
                      setTaken(null);
                      setStatus(null);
                    }}
                  >
                    Take again
                  </button>
                </div>
              </div>
            ) : (
              <button
                type="button"
                className="button button-primary capture-take"
                disabled={!canTake}
                onClick={() => void take()}
              >
                Take photo{shot ? `: ${shotLabel(shot)}` : ''}
              </button>
            )}
            {camera.live && reference?.lighting && !taken && <LiveLight live={camera.live} reference={reference} />}
            {status && (
              <p
                role={status.ok ? 'status' : 'alert'}
                className={status.ok ? 'status-ok' : 'status-error'}
                data-testid="capture-status"
                data-capture-to-stored-ms={status.ms?.toFixed(1)}
              >
                {status.text}
              </p>
            )}
          </div>
        </div>
        <aside className="capture-side">
          <section className="card" aria-labelledby="shot-heading">
            <h2 id="shot-heading" className="section-title">
              Shot
            </h2>
            {data && phase && shot && (
              <>
                <div className="form-grid capture-fields">
                  <div className="field">
                    <label htmlFor="capture-phase">Phase</label>
                    <select
                      id="capture-phase"
                      value={phase}
                      onChange={(e) => {
                        const p = e.target.value as PhotoPhase;
                        setPhase(p);
                        setShot(missingOf(data, p)[0] ?? shot);
                      }}
                    >
                      {PHOTO_PHASES.map((p) => (
                        <option key={p} value={p}>
                          {PHOTO_PHASE_LABELS[p]}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div className="field">
                    <label htmlFor="capture-view">View</label>
                    <select
                      id="capture-view"
                      value={shot.view}
                      onChange={(e) => setShot({ ...shot, view: e.target.value as PhotoView })}
                    >
                      {PHOTO_VIEWS.map((v) => (
                        <option key={v} value={v}>
                          {PHOTO_VIEW_LABELS[v]}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div className="field">
                    <label htmlFor="capture-expression">Expression</label>
                    <select
                      id="capture-expression"
                      value={shot.expression}
                      onChange={(e) => setShot({ ...shot, expression: e.target.value as PhotoExpression })}
                    >
                      {PHOTO_EXPRESSIONS.map((x) => (
                        <option key={x} value={x}>
                          {PHOTO_EXPRESSION_LABELS[x]}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div className="field">
                    <label htmlFor="capture-area">Area</label>
                    <select id="capture-area" value={area ?? ''} onChange={(e) => setArea(e.target.value || null)}>
                      <option value="">—</option>
                      {areas.map((a) => (
                        <option key={a.code} value={a.code}>
                          {a.name}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div className="field capture-field-wide">
                    <label htmlFor="capture-treatment">Treatment</label>
                    <select
                      id="capture-treatment"
                      value={treatmentId ?? ''}
                      onChange={(e) => setTreatmentId(e.target.value ? Number(e.target.value) : null)}
                    >
                      <option value="">—</option>
                      {data.treatments.map((t) => (
                        <option key={t.id} value={t.id}>
                          {t.label}
                        </option>
                      ))}
                    </select>
                  </div>
                </div>
                <h3 className="subsection-title">{PHOTO_PHASE_LABELS[phase]} set</h3>
                <ul className="capture-protocol" aria-label={`${PHOTO_PHASE_LABELS[phase]} shots`} data-testid="capture-protocol">
                  {STANDARD_SHOTS.map((s) => {
                    const done = !missing.some((m) => m.view === s.view && m.expression === s.expression);
                    const current = s.view === shot.view && s.expression === shot.expression;
                    return (
                      <li key={`${s.view}-${s.expression}`} className={current ? 'capture-shot-current' : undefined}>
                        <button
                          type="button"
                          className="button button-link"
                          aria-pressed={current}
                          onClick={() => setShot({ view: s.view, expression: s.expression })}
                        >
                          {shotLabel(s)}
                        </button>
                        {done ? <span className="pill pill-ok">Taken</span> : <span className="pill pill-muted">Missing</span>}
                      </li>
                    );
                  })}
                </ul>
              </>
            )}
          </section>
          <section className="card" aria-labelledby="ghost-heading">
            <h2 id="ghost-heading" className="section-title">
              Ghost and guides
            </h2>
            {shot && sameShot.length === 0 ? (
              <p className="muted small" data-testid="no-reference">
                No earlier photo of {shotLabel(shot)}: this one becomes the reference for later ones.
              </p>
            ) : (
              <div className="field">
                <label htmlFor="capture-ghost-photo">Earlier photo shown over the picture</label>
                <select
                  id="capture-ghost-photo"
                  value={String(ghostChoice)}
                  onChange={(e) => {
                    const v = e.target.value;
                    setGhostChoice(v === 'auto' || v === 'none' ? v : Number(v));
                  }}
                >
                  <option value="auto">
                    {defaultGhost ? `Latest baseline, ${format.date(defaultGhost.takenOn)}` : 'Latest baseline'}
                  </option>
                  {sameShot.map((p) => (
                    <option key={p.id} value={p.id}>
                      {photoLabel(p, format.longDate).date}
                      {p.phase ? ` · ${PHOTO_PHASE_LABELS[p.phase]}` : ''}
                    </option>
                  ))}
                  <option value="none">None</option>
                </select>
              </div>
            )}
            {ghost && ghostBroken === ghost.id && (
              <p className="status-error small" role="alert">
                The earlier photo could not be shown (its file cannot be read). Choose another, or go on without a ghost.
              </p>
            )}
            <div className="field">
              <label htmlFor="capture-opacity">Ghost opacity: {opacity}%</label>
              <input
                id="capture-opacity"
                type="range"
                min={0}
                max={100}
                step={5}
                value={opacity}
                disabled={!ghost}
                onChange={(e) => setOpacity(Number(e.target.value))}
              />
            </div>
            <label className="check">
              <input type="checkbox" checked={guides} onChange={(e) => setGuides(e.target.checked)} />
              Eye line and midline{ghost?.landmarks ? ' (from the marked points)' : ''}
            </label>
            {camera.devices.length > 1 && (
              <div className="field">
                <label htmlFor="capture-camera">Camera</label>
                <select id="capture-camera" value={camera.deviceId ?? ''} onChange={(e) => camera.retry(e.target.value)}>
                  {camera.devices.map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.label}
                    </option>
                  ))}
                </select>
              </div>
            )}
          </section>
        </aside>
      </div>
    </div>
  );
}

/** The live picture's light against the reference, before the photo is taken. */
function LiveLight({ live, reference }: { live: LightingStats; reference: Photo }) {
  const format = useFormat();
  const d = compareLighting(live, reference.lighting!);
  return (
    <p className={`small ${d.consistent ? 'status-ok' : 'status-warn'}`} data-testid="live-light" aria-live="polite">
      Light now:{' '}
      {d.consistent
        ? `matches ${referenceName(reference, format.date)}`
        : lightingSentence(d, referenceName(reference, format.date))}
    </p>
  );
}
