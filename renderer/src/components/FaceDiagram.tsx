import { useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { InjectionPoint } from '../../../shared/treatments';

const W = 240;
const H = 300;

/**
 * A face outline on which injection points are placed: click to add a point, or move the
 * crosshair with the arrow keys and press Enter. Positions are kept as shares of the
 * width and height, so the drawing can change size without moving them.
 */
export function FaceDiagram({ points, onChange }: { points: InjectionPoint[]; onChange: (p: InjectionPoint[]) => void }) {
  const [cross, setCross] = useState({ x: 0.5, y: 0.35 });
  const [focused, setFocused] = useState(false);

  function place(x: number, y: number) {
    onChange([...points, { x: Math.round(x * 1000) / 1000, y: Math.round(y * 1000) / 1000, units: null }]);
  }

  function onClick(e: MouseEvent<SVGSVGElement>) {
    const box = e.currentTarget.getBoundingClientRect();
    place((e.clientX - box.left) / box.width, (e.clientY - box.top) / box.height);
  }

  function onKey(e: KeyboardEvent<SVGSVGElement>) {
    const step = e.shiftKey ? 0.05 : 0.01;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
    };
    const move = moves[e.key];
    if (move) {
      e.preventDefault();
      setCross({ x: Math.min(1, Math.max(0, cross.x + move[0])), y: Math.min(1, Math.max(0, cross.y + move[1])) });
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      place(cross.x, cross.y);
    }
  }

  return (
    <div className="face-diagram">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="application"
        aria-label="Face diagram: click to place an injection point, or use the arrow keys and Enter"
        tabIndex={0}
        onClick={onClick}
        onKeyDown={onKey}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
      >
        <ellipse cx={W / 2} cy={H / 2} rx={95} ry={130} className="face-outline" />
        <path d="M70 105 q25 -14 48 -4 M122 101 q23 -10 48 4" className="face-line" />
        <ellipse cx={94} cy={124} rx={15} ry={7} className="face-line" />
        <ellipse cx={146} cy={124} rx={15} ry={7} className="face-line" />
        <path d="M120 130 v42 q-10 8 -16 4 M120 172 q10 8 16 4" className="face-line" />
        <path d="M94 212 q26 18 52 0" className="face-line" />
        <path d="M72 60 q48 -22 96 0" className="face-line faint" />
        {points.map((p, i) => (
          <g key={i}>
            <circle cx={p.x * W} cy={p.y * H} r={7} className="face-point" />
            <text x={p.x * W} y={p.y * H + 3.5} textAnchor="middle" className="face-point-label">
              {i + 1}
            </text>
          </g>
        ))}
        {focused && <circle cx={cross.x * W} cy={cross.y * H} r={9} className="face-cross" />}
      </svg>
      <ol className="point-list" aria-label="Injection points">
        {points.map((p, i) => (
          <li key={i}>
            <span>Point {i + 1}</span>
            <label>
              <span className="visually-hidden">Units at point {i + 1}</span>
              <input
                type="number"
                min={0}
                step="0.5"
                className="units-input"
                placeholder="U"
                value={p.units ?? ''}
                onChange={(e) =>
                  onChange(
                    points.map((q, j) => (j === i ? { ...q, units: e.target.value === '' ? null : e.target.valueAsNumber } : q)),
                  )
                }
              />
            </label>
            <button type="button" className="button button-link" onClick={() => onChange(points.filter((_, j) => j !== i))}>
              Remove
            </button>
          </li>
        ))}
      </ol>
      {points.length === 0 && <p className="muted small">Optional: mark where you injected.</p>}
    </div>
  );
}
