/**
 * Generated pictures under a known light, for testing the lighting check and the camera: a scene of
 * surfaces (each a reflectance per channel) lit by a light of a chosen colour temperature and
 * strength, written as 8-bit sRGB. The light's colour comes from the Planckian locus (Kim et al.'s
 * cubic fit, 1,667–25,000 K): a different formula from the one the app estimates temperature with.
 */

/** CIE xy of a black body at `kelvin` (Kim et al. 2002). */
export function planckianXy(kelvin: number): { x: number; y: number } {
  const t = kelvin;
  const x =
    t <= 4000
      ? -0.2661239e9 / t ** 3 - 0.2343589e6 / t ** 2 + 0.8776956e3 / t + 0.17991
      : -3.0258469e9 / t ** 3 + 2.1070379e6 / t ** 2 + 0.2226347e3 / t + 0.24039;
  const y =
    t <= 2222
      ? -1.1063814 * x ** 3 - 1.3481102 * x ** 2 + 2.18555832 * x - 0.20219683
      : t <= 4000
        ? -0.9549476 * x ** 3 - 1.37418593 * x ** 2 + 2.09137015 * x - 0.16748867
        : 3.081758 * x ** 3 - 5.8733867 * x ** 2 + 3.75112997 * x - 0.37001483;
  return { x, y };
}

/** The linear sRGB colour of a light at `kelvin`, scaled so its luminance is 1. */
export function lightRgb(kelvin: number): [number, number, number] {
  const { x, y } = planckianXy(kelvin);
  const X = x / y;
  const Z = (1 - x - y) / y;
  return [
    3.2404542 * X - 1.5371385 - 0.4985314 * Z,
    -0.969266 * X + 1.8760108 + 0.041556 * Z,
    0.0556434 * X - 0.2040259 + 1.0572252 * Z,
  ];
}

const encode = (l: number) => {
  const c = l <= 0.0031308 ? l * 12.92 : 1.055 * Math.max(0, l) ** (1 / 2.4) - 0.055;
  return Math.round(Math.min(1, Math.max(0, c)) * 255);
};

/** A small deterministic random number generator (mulberry32), so generated pictures are the same every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Light {
  kelvin: number;
  /** Relative to 0: +1 is twice the light, −1 half. */
  stops: number;
}

/** A reflectance per pixel (linear, per channel, 0–1). */
export type Scene = (x: number, y: number) => [number, number, number];

/**
 * Patches of random colours whose average reflectance is the same in every channel (a grey world),
 * so the grey-world estimate of the light is exact up to rounding.
 */
export function greyWorldScene(seed: number, patch = 16): Scene {
  const rnd = seeded(seed);
  const colours: [number, number, number][] = [];
  for (let i = 0; i < 64; i++) {
    const c: [number, number, number] = [0.05 + 0.3 * rnd(), 0.05 + 0.3 * rnd(), 0.05 + 0.3 * rnd()];
    colours.push(c, [0.4 - c[0], 0.4 - c[1], 0.4 - c[2]]);
  }
  return (x, y) => colours[(Math.floor(x / patch) * 7 + Math.floor(y / patch) * 13) % colours.length]!;
}

/**
 * Every light is divided by this, whatever its colour, so a warmer light is not also a stronger one:
 * the red of a 2,500 K light of luminance 1 is about 2.06, which then still fits in the file.
 */
const HEADROOM = 2.1;

/** Renders a scene under a light as RGB pixels (3 channels). */
export function render(
  scene: Scene,
  w: number,
  h: number,
  light: Light,
): { data: Uint8Array; width: number; height: number; channels: 3 } {
  const rgb = lightRgb(light.kelvin);
  const gain = 2 ** light.stops / HEADROOM;
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const r = scene(x, y);
      const i = (y * w + x) * 3;
      data[i] = encode(r[0] * rgb[0] * gain);
      data[i + 1] = encode(r[1] * rgb[1] * gain);
      data[i + 2] = encode(r[2] * rgb[2] * gain);
    }
  }
  return { data, width: w, height: h, channels: 3 };
}

/**
 * A face-like scene: a blue-grey background with a radial fall-off, a skin-toned oval, brows,
 * eyes with dark pupils at `eyes` and a mouth. Reflectances, so any light can fall on it.
 */
export function faceScene(
  w: number,
  h: number,
  opts: { eyes?: [{ x: number; y: number }, { x: number; y: number }]; tone?: [number, number, number] } = {},
): Scene {
  const eyes = opts.eyes ?? [
    { x: w * 0.42, y: h * 0.42 },
    { x: w * 0.58, y: h * 0.42 },
  ];
  const [l, r] = eyes;
  const cx = (l.x + r.x) / 2;
  const u = Math.hypot(r.x - l.x, r.y - l.y) / 2;
  const cy = (l.y + r.y) / 2;
  const skin = opts.tone ?? [0.55, 0.36, 0.27];
  return (x, y) => {
    const dx = x - cx;
    const dy = y - cy;
    const pupil = Math.min(Math.hypot(x - l.x, y - l.y), Math.hypot(x - r.x, y - r.y));
    if (pupil < 0.15 * u) return [0.04, 0.03, 0.03];
    const eyeWhite = ((Math.abs(dx) - u) / (0.42 * u)) ** 2 + (dy / (0.2 * u)) ** 2 < 1;
    if (eyeWhite) return [0.7, 0.7, 0.68];
    const brow = Math.abs(dy + 0.5 * u) < 0.07 * u && Math.abs(dx) > 0.45 * u && Math.abs(dx) < 1.45 * u;
    if (brow) return [0.12, 0.08, 0.06];
    const mouth = Math.abs(dy - 1.9 * u) < 0.07 * u && Math.abs(dx) < 0.6 * u;
    if (mouth) return [0.35, 0.12, 0.11];
    if ((dx / (2.1 * u)) ** 2 + ((dy - 0.9 * u) / (2.9 * u)) ** 2 < 1) return skin;
    const fall = 1 - 0.5 * Math.min(1, Math.hypot(x - w / 2, y - h * 0.4) / Math.max(w, h));
    return [0.18 * fall, 0.22 * fall, 0.26 * fall];
  };
}
