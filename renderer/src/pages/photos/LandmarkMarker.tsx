import { useState } from 'react';
import { photoLabel, type Landmark, type Photo } from '../../../../shared/photos';
import { call, errorMessage } from '../../api';
import { useFormat } from '../../format';

/**
 * What to click, in words of the same letters for both points ("right" and "left" swap places),
 * so the instruction keeps its width and the photo never moves under the cursor between clicks.
 */
const WHICH = [
  'the patient’s right pupil (on the left of the picture)',
  'the patient’s left pupil (on the right of the picture)',
];

/**
 * Marking the two alignment points on each photo in turn, by clicking, or with the arrow
 * keys and Enter. Points are kept as fractions of the photo's size, so they hold at any
 * display size and in the exported composite.
 */
export function LandmarkMarker({ photos, onDone, onCancel }: { photos: Photo[]; onDone: () => void; onCancel: () => void }) {
  const format = useFormat();
  const [index, setIndex] = useState(0);
  const [points, setPoints] = useState<Landmark[]>([]);
  const [cross, setCross] = useState<Landmark>({ x: 0.5, y: 0.4 });
  const [error, setError] = useState<string | null>(null);
  const photo = photos[index]!;

  async function place(p: Landmark) {
    const next = [...points, { x: Math.round(p.x * 10000) / 10000, y: Math.round(p.y * 10000) / 10000 }];
    if (next.length < 2) {
      setPoints(next);
      return;
    }
    try {
      await call('photos.setLandmarks', { id: photo.id, landmarks: [next[0]!, next[1]!] });
      setError(null);
      setPoints([]);
      setCross({ x: 0.5, y: 0.4 });
      if (index + 1 < photos.length) setIndex(index + 1);
      else onDone();
    } catch (err) {
      setPoints([]);
      setError(errorMessage(err));
    }
  }

  return (
    <section className="card landmark-marker" aria-labelledby="marker-heading">
      <div className="card-header">
        <h2 id="marker-heading" className="section-title">
          Mark alignment points: photo {index + 1} of {photos.length} ({photoLabel(photo, format.longDate).date})
        </h2>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          Stop marking
        </button>
      </div>
      <p role="status" data-testid="marker-instruction" className="marker-instruction">
        Point {points.length + 1} of 2: click {WHICH[points.length]}. Or move the cross with the arrow keys (Shift for bigger
        steps) and press Enter.
      </p>
      <div
        className="marker-frame"
        tabIndex={0}
        role="application"
        aria-label={`Photo ${index + 1}: place ${WHICH[points.length]}`}
        onKeyDown={(e) => {
          const step = e.shiftKey ? 0.02 : 0.004;
          const moves: Record<string, [number, number]> = {
            ArrowLeft: [-step, 0],
            ArrowRight: [step, 0],
            ArrowUp: [0, -step],
            ArrowDown: [0, step],
          };
          const m = moves[e.key];
          if (m) {
            e.preventDefault();
            setCross((c) => ({ x: Math.min(1, Math.max(0, c.x + m[0])), y: Math.min(1, Math.max(0, c.y + m[1])) }));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            void place(cross);
          }
        }}
      >
        <img
          src={`/photo/${photo.id}/preview`}
          alt={`Photo ${index + 1}, ${photoLabel(photo, format.longDate).date}`}
          draggable={false}
          data-testid="marker-image"
          onClick={(e) => {
            const r = e.currentTarget.getBoundingClientRect();
            void place({ x: (e.clientX - r.left) / r.width, y: (e.clientY - r.top) / r.height });
          }}
        />
        {points.map((p, i) => (
          <span key={i} className="lm-dot lm-dot-0" style={{ left: `${p.x * 100}%`, top: `${p.y * 100}%` }} aria-hidden="true" />
        ))}
        <span className="marker-cross" style={{ left: `${cross.x * 100}%`, top: `${cross.y * 100}%` }} aria-hidden="true" />
      </div>
      {error && (
        <p className="status-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
