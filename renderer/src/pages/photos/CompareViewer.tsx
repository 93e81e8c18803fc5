import {
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useRef,
  useState,
  type CSSProperties,
  type MutableRefObject,
} from 'react';
import { apply, cssMatrix, placements, toPixels } from '../../../../shared/alignment';
import { labTransfer, lightingOf, type LightingStats } from '../../../../shared/lighting';
import { photoLabel, type ComparisonView, type Photo } from '../../../../shared/photos';
import { useFormat } from '../../format';
import { BITMAP_OPTIONS, matchPhoto, warmMatchPool } from './matchClient';

const GAP = 12;
const MIN_ZOOM = 1;
const MAX_ZOOM = 8;

export interface ViewerControls {
  repaint(): void;
  zoom(factor: number): void;
  reset(): void;
}

/** The shared zoom and pan of every pane: screen = translate(x, y) · scale(s) · placement. */
interface ViewTransform {
  s: number;
  x: number;
  y: number;
}

/**
 * The photos of a comparison in their panes. Zoom and pan are one transform shared by
 * every pane and written straight to the panes' style in an animation frame: moving the
 * picture re-renders nothing, so it keeps up with the display. The slider and the
 * overlay's opacity work the same way through `mix`.
 */
export function CompareViewer({
  photos,
  view,
  mix,
  showPoints,
  onReady,
  controls,
  printing = false,
}: {
  photos: Photo[];
  view: Pick<ComparisonView, 'layout' | 'mode' | 'aligned' | 'matchLighting'>;
  mix: MutableRefObject<number>;
  showPoints: boolean;
  onReady?: () => void;
  /** Filled in for the page's buttons: repaint after `mix` changes, zoom, and back to the whole photo. */
  controls?: MutableRefObject<ViewerControls | null>;
  /** Lays the panes out for an A4 page instead of the window. */
  printing?: boolean;
}) {
  const format = useFormat();
  const single = view.layout === 'pair' && view.mode !== 'side';
  const cols = single ? 1 : 2;
  const rows = view.layout === 'grid' ? 2 : 1;
  const container = useRef<HTMLDivElement>(null);
  const stages = useRef<(HTMLDivElement | null)[]>([]);
  const topLayer = useRef<HTMLDivElement>(null);
  const handle = useRef<HTMLDivElement>(null);
  const vt = useRef<ViewTransform>({ s: 1, x: 0, y: 0 });
  const frame = useRef(0);
  const [pane, setPane] = useState<{ w: number; h: number } | null>(null);
  const loaded = useRef(new Set<number>());

  // Pane size follows the window; it is the only thing here that re-renders.
  useLayoutEffect(() => {
    const el = container.current;
    if (!el) return;
    const measure = () => {
      if (printing) {
        // An A4 page at 96 px per inch, less its margins: about 700 × 1000 px to fill.
        const w = Math.floor((700 - GAP * (cols - 1)) / cols);
        const h = Math.floor(Math.min(w * 1.25, rows === 2 ? 330 : 860));
        setPane({ w, h });
        return;
      }
      const width = el.clientWidth;
      const w = Math.floor((width - GAP * (cols - 1)) / cols);
      const top = el.getBoundingClientRect().top;
      const room = Math.max(240, window.innerHeight - Math.max(top, 0) - 90 * rows - 24);
      // At least 300 px high, so a 2 × 2 grid stays useful on a small screen (the page scrolls).
      const h = Math.floor(Math.min(w * 1.25, Math.max(300, room / rows)));
      setPane((p) => (p && p.w === w && p.h === h ? p : { w, h }));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [cols, rows, printing]);

  function paint() {
    frame.current = 0;
    const { s, x, y } = vt.current;
    const t = `translate(${x}px, ${y}px) scale(${s})`;
    for (const el of stages.current) if (el) el.style.transform = t;
    const m = mix.current;
    if (topLayer.current) {
      if (view.mode === 'wipe') topLayer.current.style.clipPath = `inset(0 0 0 ${m * 100}%)`;
      if (view.mode === 'overlay') topLayer.current.style.opacity = String(m);
    }
    if (handle.current) handle.current.style.left = `${m * 100}%`;
  }
  // The frame paints with the latest render's `paint` (it reads the mode), while `schedule` itself never changes.
  const latestPaint = useRef(paint);
  useLayoutEffect(() => {
    latestPaint.current = paint;
  });
  const schedule = useCallback(() => {
    if (!frame.current) frame.current = requestAnimationFrame(() => latestPaint.current());
  }, []);

  function clampPan(w: number, h: number) {
    const v = vt.current;
    v.x = Math.min(0, Math.max(w - w * v.s, v.x));
    v.y = Math.min(0, Math.max(h - h * v.s, v.y));
  }

  function zoomAt(px: number, py: number, factor: number) {
    if (!pane) return;
    const v = vt.current;
    const s = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, v.s * factor));
    const f = s / v.s;
    v.x = px - (px - v.x) * f;
    v.y = py - (py - v.y) * f;
    v.s = s;
    clampPan(pane.w, pane.h);
    schedule();
  }

  function pan(dx: number, dy: number) {
    if (!pane) return;
    vt.current.x += dx;
    vt.current.y += dy;
    clampPan(pane.w, pane.h);
    schedule();
  }

  // Match lighting's workers are started with the comparison, ready for the box to be ticked.
  useEffect(() => warmMatchPool(), []);

  // Wheel zoom needs a non-passive listener to keep the page from scrolling.
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      const paneEl = (e.target as HTMLElement).closest('.compare-pane');
      if (!paneEl) return;
      e.preventDefault();
      const r = paneEl.getBoundingClientRect();
      zoomAt(e.clientX - r.left, e.clientY - r.top, Math.exp(-e.deltaY * 0.0015));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  });

  // A new layout starts from the whole picture.
  useEffect(() => {
    vt.current = { s: 1, x: 0, y: 0 };
    schedule();
  }, [view.layout, view.mode, pane?.w, pane?.h, schedule]);

  useImperativeHandle(controls, () => ({
    repaint: schedule,
    zoom: (factor) => {
      if (pane) zoomAt(pane.w / 2, pane.h / 2, factor);
    },
    reset: () => {
      vt.current = { s: 1, x: 0, y: 0 };
      schedule();
    },
  }));

  const drag = useRef<{ x: number; y: number; id: number } | null>(null);

  const where = pane ? placements(photos, pane.w, pane.h, view.aligned) : [];
  const ready = (id: number) => {
    loaded.current.add(id);
    if (loaded.current.size === photos.length) onReady?.();
  };
  const image = (p: Photo, i: number) =>
    view.matchLighting && i > 0 ? (
      <MatchedPhoto
        key={`matched-${p.id}-${photos[0]!.id}`}
        photo={p}
        reference={photos[0]!}
        style={{ width: p.width, height: p.height, transform: cssMatrix(where[i]!) }}
        onDrawn={() => ready(p.id)}
      />
    ) : (
      <img
        key={p.id}
        className="compare-img"
        src={`/photo/${p.id}/preview`}
        alt={`${photoLabel(p, format.longDate).pose || 'Photo'}, ${photoLabel(p, format.longDate).date}`}
        draggable={false}
        decoding="async"
        style={{ width: p.width, height: p.height, transform: cssMatrix(where[i]!) }}
        onLoad={(e) => {
          // Ready once every preview is decoded, so it is painted with the next frame.
          void e.currentTarget
            .decode()
            .catch(() => undefined)
            .then(() => ready(p.id));
        }}
      />
    );
  const points = (p: Photo, i: number) =>
    showPoints && p.landmarks
      ? toPixels(p.landmarks, p.width, p.height).map((pt, j) => {
          const at = apply(where[i]!, pt);
          return (
            <span key={`${p.id}-${j}`} className={`lm-dot lm-dot-${i}`} style={{ left: at.x, top: at.y }} aria-hidden="true" />
          );
        })
      : null;
  const caption = (p: Photo, prefix?: string) => {
    const l = photoLabel(p, format.longDate);
    const matched = view.matchLighting === true && p.id !== photos[0]!.id;
    return (
      <p className="compare-caption" key={`cap-${p.id}`}>
        <strong>
          {prefix ? `${prefix} · ` : ''}
          {l.date}
        </strong>
        <span>
          {l.since}
          {l.pose && ` · ${l.pose}`}
        </span>
        {matched && (
          <span className="compare-matched-note" data-testid="matched-note">
            Lighting matched to the first photo (the stored photo is unchanged)
          </span>
        )}
      </p>
    );
  };

  return (
    <div
      ref={container}
      className={`compare-panes compare-${single ? 'single' : view.layout}`}
      tabIndex={0}
      role="group"
      aria-label="Comparison. Zoom with + and −, move with the arrow keys, 0 shows the whole photo."
      data-testid="compare-panes"
      onKeyDown={(e) => {
        if (!pane) return;
        const step = e.shiftKey ? 120 : 40;
        const handled: Record<string, () => void> = {
          '+': () => zoomAt(pane.w / 2, pane.h / 2, 1.25),
          '=': () => zoomAt(pane.w / 2, pane.h / 2, 1.25),
          '-': () => zoomAt(pane.w / 2, pane.h / 2, 0.8),
          '0': () => {
            vt.current = { s: 1, x: 0, y: 0 };
            schedule();
          },
          ArrowLeft: () => pan(step, 0),
          ArrowRight: () => pan(-step, 0),
          ArrowUp: () => pan(0, step),
          ArrowDown: () => pan(0, -step),
        };
        const act = handled[e.key];
        if (act) {
          e.preventDefault();
          act();
        }
      }}
      onPointerDown={(e) => {
        if (!(e.target as HTMLElement).closest('.compare-pane')) return;
        drag.current = { x: e.clientX, y: e.clientY, id: e.pointerId };
        (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
      }}
      onPointerMove={(e) => {
        const d = drag.current;
        if (!d || d.id !== e.pointerId) return;
        pan(e.clientX - d.x, e.clientY - d.y);
        d.x = e.clientX;
        d.y = e.clientY;
      }}
      onPointerUp={() => {
        drag.current = null;
      }}
      style={{ gap: GAP, gridTemplateColumns: `repeat(${cols}, ${pane ? `${pane.w}px` : '1fr'})` }}
    >
      {pane &&
        (single ? (
          <div className="compare-cell">
            <div className="compare-pane" style={{ width: pane.w, height: pane.h }} data-testid="compare-pane">
              <div
                className="compare-stage"
                ref={(el) => {
                  stages.current[0] = el;
                }}
              >
                {image(photos[0]!, 0)}
                {points(photos[0]!, 0)}
              </div>
              <div
                ref={topLayer}
                className="compare-top"
                style={view.mode === 'wipe' ? { clipPath: `inset(0 0 0 ${mix.current * 100}%)` } : { opacity: mix.current }}
              >
                <div
                  className="compare-stage"
                  ref={(el) => {
                    stages.current[1] = el;
                  }}
                >
                  {image(photos[1]!, 1)}
                  {points(photos[1]!, 1)}
                </div>
              </div>
              {view.mode === 'wipe' && <div ref={handle} className="wipe-handle" style={{ left: `${mix.current * 100}%` }} />}
            </div>
            <div className="compare-captions-two">
              {caption(photos[0]!, view.mode === 'wipe' ? 'Left' : 'Underneath')}
              {caption(photos[1]!, view.mode === 'wipe' ? 'Right' : 'On top')}
            </div>
          </div>
        ) : (
          photos.map((p, i) => (
            <div className="compare-cell" key={p.id}>
              <div className="compare-pane" style={{ width: pane.w, height: pane.h }} data-testid="compare-pane">
                <div
                  className="compare-stage"
                  ref={(el) => {
                    stages.current[i] = el;
                  }}
                >
                  {image(p, i)}
                  {points(p, i)}
                </div>
              </div>
              {caption(p)}
            </div>
          ))
        ))}
    </div>
  );
}

/** A display copy's bytes. */
async function fetchPreview(id: number): Promise<Blob> {
  const res = await fetch(`/photo/${id}/preview`);
  if (!res.ok) throw new Error(`Photo ${id}: ${res.status}`);
  return res.blob();
}

/**
 * A photo's light measured on the page, for one not measured yet (a photo from before the lighting
 * check, until the library measures it): at 512 pixels, as the main process measures a stored photo.
 */
function measuredOnPage(img: ImageBitmap): LightingStats {
  const scale = Math.min(1, 512 / Math.max(img.width, img.height));
  const w = Math.max(1, Math.round(img.width * scale));
  const h = Math.max(1, Math.round(img.height * scale));
  const g = new OffscreenCanvas(w, h).getContext('2d', { willReadFrequently: true })!;
  g.drawImage(img, 0, 0, w, h);
  return lightingOf({ data: g.getImageData(0, 0, w, h).data, width: w, height: h, channels: 4 });
}

const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));

/**
 * A later photo of a comparison with its exposure and colour matched to the first's: the transfer
 * from the mean and spread of L*, a* and b* that the main process measured when each photo was
 * stored (the figures an export uses too, shared/lighting.ts), applied to the display copy by the
 * Match lighting workers (matchClient.ts) and shown on a canvas. Nothing is sent back or stored.
 * On the canvas for the bench: data-match-ms, from the decoded display copy to the frame that shows
 * it matched, and data-match-total-ms, from asking for the copy.
 */
function MatchedPhoto({
  photo,
  reference,
  style,
  onDrawn,
}: {
  photo: Photo;
  reference: Photo;
  style: CSSProperties;
  onDrawn: () => void;
}) {
  const format = useFormat();
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawn = useRef(onDrawn);
  useLayoutEffect(() => {
    drawn.current = onDrawn;
  });
  const [failed, setFailed] = useState(false);
  const own = photo.lighting;
  const target = reference.lighting;
  useEffect(() => {
    let live = true;
    const c = canvas.current;
    const start = performance.now();
    void Promise.all([
      fetchPreview(photo.id).then(async (blob) => ({ blob, img: await createImageBitmap(blob, BITMAP_OPTIONS) })),
      target ??
        fetchPreview(reference.id)
          .then((blob) => createImageBitmap(blob, BITMAP_OPTIONS))
          .then((ref) => {
            const stats = measuredOnPage(ref);
            ref.close();
            return stats;
          }),
    ])
      .then(async ([{ blob, img }, to]) => {
        if (!live || !c) {
          img.close();
          return;
        }
        // From the decoded display copy to the frame that shows it matched.
        const t0 = performance.now();
        const t = labTransfer(own ?? measuredOnPage(img), to);
        const matched = await matchPhoto(img, t, blob);
        if (!live) {
          matched.close();
          return;
        }
        c.width = matched.width;
        c.height = matched.height;
        c.getContext('bitmaprenderer')!.transferFromImageBitmap(matched);
        await nextFrame();
        if (!live) return;
        const now = performance.now();
        c.dataset.matchMs = (now - t0).toFixed(1);
        // And from asking for the copy: what the person waits after ticking the box.
        c.dataset.matchTotalMs = (now - start).toFixed(1);
        drawn.current();
      })
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [photo.id, reference.id, own, target]);
  const l = photoLabel(photo, format.longDate);
  return failed ? (
    <span className="status-error small">This photo could not be adjusted; its copy cannot be read.</span>
  ) : (
    <canvas
      ref={canvas}
      className="compare-img compare-matched"
      style={style}
      role="img"
      aria-label={`${l.pose || 'Photo'}, ${l.date}, lighting matched to the first photo`}
      data-testid="matched-photo"
    />
  );
}
