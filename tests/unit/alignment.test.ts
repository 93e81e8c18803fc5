import { describe, expect, it } from 'vitest';
import {
  angleOf,
  apply,
  compose,
  cssMatrix,
  fitInside,
  placements,
  scaleOf,
  similarityFromPairs,
  type Point,
} from '../../shared/alignment';

const close = (p: Point, q: Point) => {
  expect(p.x).toBeCloseTo(q.x, 6);
  expect(p.y).toBeCloseTo(q.y, 6);
};

describe('landmark alignment', () => {
  it('carries both marked points exactly onto their partners', () => {
    const from: [Point, Point] = [
      { x: 420, y: 300 },
      { x: 600, y: 380 },
    ];
    const to: [Point, Point] = [
      { x: 300, y: 400 },
      { x: 500, y: 400 },
    ];
    const s = similarityFromPairs(from, to)!;
    close(apply(s, from[0]), to[0]);
    close(apply(s, from[1]), to[1]);
    // The eye line of length √(180²+80²) becomes 200 long and level.
    expect(scaleOf(s)).toBeCloseTo(200 / Math.hypot(180, 80), 9);
    expect(angleOf(s)).toBeCloseTo((-Math.atan2(80, 180) * 180) / Math.PI, 9);
  });

  it('recovers a known scale, turn and move from where it sends two points', () => {
    for (const [k, deg, tx, ty] of [
      [1.7, 12, 30, -40],
      [0.4, -75, -300, 10],
      [2.5, 179, 5, 5],
    ] as const) {
      const t = { a: k * Math.cos((deg * Math.PI) / 180), b: k * Math.sin((deg * Math.PI) / 180), tx, ty };
      const p: [Point, Point] = [
        { x: 10, y: 20 },
        { x: 140, y: -35 },
      ];
      const s = similarityFromPairs(p, [apply(t, p[0]), apply(t, p[1])])!;
      expect(s.a).toBeCloseTo(t.a, 9);
      expect(s.b).toBeCloseTo(t.b, 9);
      expect(s.tx).toBeCloseTo(t.tx, 9);
      expect(s.ty).toBeCloseTo(t.ty, 9);
      // Any third point follows the same transform.
      close(apply(s, { x: -77, y: 300 }), apply(t, { x: -77, y: 300 }));
    }
  });

  it('refuses two points on top of each other', () => {
    expect(
      similarityFromPairs(
        [
          { x: 5, y: 5 },
          { x: 5, y: 5 },
        ],
        [
          { x: 0, y: 0 },
          { x: 1, y: 1 },
        ],
      ),
    ).toBeNull();
  });

  it('composes in order: the inner transform first', () => {
    const inner = { a: 2, b: 0, tx: 10, ty: 0 };
    const outer = { a: 0, b: 1, tx: 0, ty: 5 }; // a quarter turn clockwise on screen, then down 5
    const p = { x: 3, y: 4 };
    close(apply(compose(outer, inner), p), apply(outer, apply(inner, p)));
  });

  it('fits a picture inside a box, centred', () => {
    const f = fitInside(4000, 3000, 800, 1000);
    close(apply(f, { x: 0, y: 0 }), { x: 0, y: 200 });
    close(apply(f, { x: 4000, y: 3000 }), { x: 800, y: 800 });
  });

  it('places the second photo so its landmarks sit on the first photo’s, in the pane', () => {
    const a = {
      width: 800,
      height: 1000,
      landmarks: [
        { x: 300 / 800, y: 0.4 },
        { x: 500 / 800, y: 0.4 },
      ] as [Point, Point],
    };
    const b = {
      width: 1000,
      height: 800,
      landmarks: [
        { x: 0.42, y: 300 / 800 },
        { x: 0.6, y: 380 / 800 },
      ] as [Point, Point],
    };
    const [pa, pb] = placements([a, b], 900, 1125, true);
    close(apply(pb!, { x: 420, y: 300 }), apply(pa!, { x: 300, y: 400 }));
    close(apply(pb!, { x: 600, y: 380 }), apply(pa!, { x: 500, y: 400 }));
    // Not aligned: each photo is simply fitted.
    const [, plain] = placements([a, b], 900, 1125, false);
    // 1000 × 800 into 900 × 1125: scaled by 0.9 to 900 × 720, centred with (1125 − 720) / 2 above.
    expect(plain).toEqual({ a: 0.9, b: 0, tx: 0, ty: 202.5 });
  });

  it('writes the CSS matrix in the order CSS reads it', () => {
    expect(cssMatrix({ a: 0.5, b: 0.25, tx: 10, ty: -3 })).toBe('matrix(0.5, 0.25, -0.25, 0.5, 10, -3)');
  });
});
