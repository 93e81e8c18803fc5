import { useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { InjectionPoint } from '../../../shared/treatments';

const W = 240;
const H = 300;
/** One colour per treated area, in the order they were charted. */
const AREA_COLOURS = ['#1f6f78', '#b04a82', '#c27c0e', '#4a5fc1', '#2f8a4c', '#8a4b2f'];

type Point = Omit<InjectionPoint, 'area'> & { area?: string | null };

/**
 * A face outline on which injection points are placed: click to add a point, or move the
 * crosshair with the arrow keys and press Enter. Each point belongs to one of the treated areas
 * (the one chosen above the drawing) and may carry its units; each area shows how its points add up.
 * Positions are kept as shares of the width and height, so the drawing can change size without moving them.
 */
export function FaceDiagram({
  points,
  areas,
  onChange,
}: {
  points: Point[];
  /** The treated areas, with their units: points are placed for one of them. */
  areas: { code: string; name: string; units: number }[];
  onChange: (p: InjectionPoint[]) => void;
}) {
  const [cross, setCross] = useState({ x: 0.5, y: 0.35 });
  const [focused, setFocused] = useState(false);
  const [chosenArea, setChosenArea] = useState<string | null>(null);
  const current = areas.some((a) => a.code === chosenArea) ? chosenArea : (areas[0]?.code ?? null);
  const colour = (code: string | null | undefined) => {
    const i = areas.findIndex((a) => a.code === code);
    return i < 0 ? '#6b7280' : AREA_COLOURS[i % AREA_COLOURS.length]!;
  };
  const normalised = (list: Point[]): InjectionPoint[] => list.map((p) => ({ ...p, area: p.area ?? null }));

  function place(x: number, y: number) {
    onChange(
      normalised([...points, { x: Math.round(x * 1000) / 1000, y: Math.round(y * 1000) / 1000, units: null, area: current }]),
    );
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

  const change = (i: number, patch: Partial<Point>) =>
    onChange(normalised(points.map((q, j) => (j === i ? { ...q, ...patch } : q))));
  const currentName = areas.find((a) => a.code === current)?.name;

  return (
    <div className="face-diagram">
      <div className="face-drawing">
        {areas.length > 1 && (
          <label className="inline-label face-area-choice">
            Points for{' '}
            <select value={current ?? ''} onChange={(e) => setChosenArea(e.target.value)}>
              {areas.map((a) => (
                <option key={a.code} value={a.code}>
                  {a.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <svg
          viewBox={`0 0 ${W} ${H}`}
          role="application"
          aria-label={`Face diagram: click to place an injection point${currentName ? ` for ${currentName}` : ''}, or use the arrow keys and Enter`}
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
              <circle cx={p.x * W} cy={p.y * H} r={7} className="face-point" style={{ fill: colour(p.area) }} />
              <text x={p.x * W} y={p.y * H + 3.5} textAnchor="middle" className="face-point-label">
                {i + 1}
              </text>
            </g>
          ))}
          {focused && <circle cx={cross.x * W} cy={cross.y * H} r={9} className="face-cross" />}
        </svg>
      </div>
      <div className="face-points">
        {areas.length > 0 && points.length > 0 && (
          <ul className="point-totals" aria-label="Units at the points, by area">
            {areas.map((a) => {
              const mine = points.filter((p) => (p.area ?? (areas.length === 1 ? a.code : null)) === a.code);
              const sum = Math.round(mine.reduce((n, p) => n + (p.units ?? 0), 0) * 100) / 100;
              return (
                <li key={a.code}>
                  <span className="point-swatch" style={{ background: colour(a.code) }} aria-hidden="true" />
                  {a.name}: {mine.length} {mine.length === 1 ? 'point' : 'points'}
                  {mine.some((p) => p.units !== null) && `, ${sum} of ${a.units} U`}
                </li>
              );
            })}
          </ul>
        )}
        <ol className="point-list" aria-label="Injection points">
          {points.map((p, i) => (
            <li key={i}>
              <span className="point-swatch" style={{ background: colour(p.area) }} aria-hidden="true" />
              <span>Point {i + 1}</span>
              {areas.length > 1 && (
                <label>
                  <span className="visually-hidden">Area of point {i + 1}</span>
                  <select value={p.area ?? ''} onChange={(e) => change(i, { area: e.target.value || null })}>
                    <option value="">No area</option>
                    {areas.map((a) => (
                      <option key={a.code} value={a.code}>
                        {a.name}
                      </option>
                    ))}
                  </select>
                </label>
              )}
              <label>
                <span className="visually-hidden">Units at point {i + 1}</span>
                <input
                  type="number"
                  min={0}
                  step="0.5"
                  className="units-input"
                  placeholder="U"
                  value={p.units ?? ''}
                  onChange={(e) => change(i, { units: e.target.value === '' ? null : e.target.valueAsNumber })}
                />
              </label>
              <button
                type="button"
                className="button button-link"
                onClick={() => onChange(normalised(points.filter((_, j) => j !== i)))}
              >
                Remove
              </button>
            </li>
          ))}
        </ol>
        {points.length === 0 && (
          <p className="muted small">
            Optional: mark where you injected{areas.length > 1 ? ', choosing the area above the drawing' : ''}.
          </p>
        )}
      </div>
    </div>
  );
}
