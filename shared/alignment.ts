/**
 * Plane similarity transforms (scale, rotation, move) for lining photos up:
 *   x' = a·x − b·y + tx
 *   y' = b·x + a·y + ty
 * with a = s·cos θ and b = s·sin θ. y points down, as on screen, so a positive θ turns clockwise.
 * The comparison view and the exported composite both use these, so what is saved looks as shown.
 */
export interface Point {
  x: number;
  y: number;
}

export interface Similarity {
  a: number;
  b: number;
  tx: number;
  ty: number;
}

export const IDENTITY: Similarity = { a: 1, b: 0, tx: 0, ty: 0 };

export function apply(s: Similarity, p: Point): Point {
  return { x: s.a * p.x - s.b * p.y + s.tx, y: s.b * p.x + s.a * p.y + s.ty };
}

/** `outer ∘ inner`: first `inner`, then `outer`. */
export function compose(outer: Similarity, inner: Similarity): Similarity {
  return {
    a: outer.a * inner.a - outer.b * inner.b,
    b: outer.b * inner.a + outer.a * inner.b,
    tx: outer.a * inner.tx - outer.b * inner.ty + outer.tx,
    ty: outer.b * inner.tx + outer.a * inner.ty + outer.ty,
  };
}

export function scaleOf(s: Similarity): number {
  return Math.hypot(s.a, s.b);
}

/** Degrees, clockwise on screen. */
export function angleOf(s: Similarity): number {
  return (Math.atan2(s.b, s.a) * 180) / Math.PI;
}

/**
 * The one similarity that carries `from[0]` onto `to[0]` and `from[1]` onto `to[1]`
 * (two point pairs fix scale, rotation and move exactly). Null when the two `from`
 * points coincide, since then no scale or turn can be read from them.
 */
export function similarityFromPairs(from: readonly [Point, Point], to: readonly [Point, Point]): Similarity | null {
  const fx = from[1].x - from[0].x;
  const fy = from[1].y - from[0].y;
  const gx = to[1].x - to[0].x;
  const gy = to[1].y - to[0].y;
  const len2 = fx * fx + fy * fy;
  if (len2 < 1e-12) return null;
  // In complex numbers: z = g / f, then t = to0 − z·from0.
  const a = (gx * fx + gy * fy) / len2;
  const b = (gy * fx - gx * fy) / len2;
  return { a, b, tx: to[0].x - (a * from[0].x - b * from[0].y), ty: to[0].y - (b * from[0].x + a * from[0].y) };
}

/** Fits a w×h picture inside a box, centred, keeping its proportions. */
export function fitInside(w: number, h: number, boxW: number, boxH: number): Similarity {
  const s = Math.min(boxW / w, boxH / h);
  return { a: s, b: 0, tx: (boxW - w * s) / 2, ty: (boxH - h * s) / 2 };
}

/** The CSS `matrix()` for a similarity; with `transform-origin: 0 0` it places an element exactly as `apply` does. */
export function cssMatrix(s: Similarity): string {
  const r = (n: number) => Math.round(n * 1e6) / 1e6;
  return `matrix(${r(s.a)}, ${r(s.b)}, ${r(-s.b)}, ${r(s.a)}, ${r(s.tx)}, ${r(s.ty)})`;
}

/** Landmarks stored as fractions of a photo's size, in that photo's pixels. */
export function toPixels(points: readonly [Point, Point], w: number, h: number): [Point, Point] {
  return [
    { x: points[0].x * w, y: points[0].y * h },
    { x: points[1].x * w, y: points[1].y * h },
  ];
}

/**
 * Where each photo of a comparison goes in a pane of boxW×boxH. The first photo is fitted;
 * when aligning, every other photo with landmarks is moved so its two points land on the
 * first photo's two points; photos without landmarks are fitted on their own.
 */
export function placements(
  photos: readonly { width: number; height: number; landmarks: readonly [Point, Point] | null }[],
  boxW: number,
  boxH: number,
  aligned: boolean,
): Similarity[] {
  const first = photos[0];
  if (!first) return [];
  const fitFirst = fitInside(first.width, first.height, boxW, boxH);
  return photos.map((p, i) => {
    const own = fitInside(p.width, p.height, boxW, boxH);
    if (i === 0 || !aligned || !first.landmarks || !p.landmarks) return own;
    const m = similarityFromPairs(toPixels(p.landmarks, p.width, p.height), toPixels(first.landmarks, first.width, first.height));
    return m ? compose(fitFirst, m) : own;
  });
}
