/**
 * Light in photos, measured the same way on both sides: the page measures a camera frame before it
 * is saved and adjusts a preview on screen; the main process measures every stored photo and makes
 * the same adjustment in exports. Pixels are 8-bit sRGB, 3 or 4 channels a pixel.
 *
 * - Exposure: the mean linear luminance (Rec. 709 weights on linearised sRGB), compared in stops
 *   (a factor of two in light is one stop).
 * - White balance: the grey-world estimate, the mean linear colour taken as the colour of the
 *   light, as a correlated colour temperature (McCamy's formula on its CIE xy chromaticity). A face
 *   is not grey, so the absolute figure means little; two photos of the same face, view and
 *   framing are compared, and there the difference follows the light.
 * - Matching: mean and spread of L*, a* and b* (CIELAB, D65), the second photo's moved onto the
 *   first's, channel by channel (Reinhard's colour transfer in a perceptual space).
 */

export interface LightingStats {
  /** Mean linear luminance, 0 (black) to 1 (the file's white). */
  meanLuminance: number;
  /** Mean linear red, green and blue: the grey-world estimate of the light's colour. */
  meanRgb: [number, number, number];
  /** The correlated colour temperature of that colour, in kelvin. */
  kelvin: number;
  /** Mean and standard deviation of L*, a* and b*. */
  labMean: [number, number, number];
  labSpread: [number, number, number];
  /** Mean sRGB-coded luma, 0 to 255: what the black-frame check reads. */
  meanLuma8: number;
}

/** How a photo's light differs from its reference. */
export interface LightingDifference {
  /** Positive: brighter than the reference, in stops. */
  stops: number;
  /** Positive: warmer (more orange) light, in mireds (a million over the kelvin). */
  mireds: number;
  kelvin: number;
  referenceKelvin: number;
  /** Within a quarter stop and 15 mireds of the reference. */
  consistent: boolean;
  /** "about 2/3 stop darker; warmer light", or "" when consistent. */
  words: string;
}

/** Beyond these the light is reported as different. A quarter stop is about what a person sees side by side. */
export const EXPOSURE_TOLERANCE_STOPS = 0.25;
export const COLOUR_TOLERANCE_MIREDS = 15;
/** A frame darker than this (mean sRGB luma out of 255) is black: a covered lens or a camera that sends nothing. */
export const BLACK_FRAME_LUMA = 10;

const SRGB_TO_LINEAR = new Float64Array(256);
for (let i = 0; i < 256; i++) {
  const c = i / 255;
  SRGB_TO_LINEAR[i] = c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** Linear light (0–1) to an 8-bit sRGB code, through a table fine enough to be exact to the nearest code. */
const LINEAR_STEPS = 16384;
const LINEAR_TO_SRGB = new Uint8Array(LINEAR_STEPS + 1);
for (let i = 0; i <= LINEAR_STEPS; i++) {
  const l = i / LINEAR_STEPS;
  const c = l <= 0.0031308 ? l * 12.92 : 1.055 * l ** (1 / 2.4) - 0.055;
  LINEAR_TO_SRGB[i] = Math.round(Math.min(1, Math.max(0, c)) * 255);
}

export function srgbToLinear(code: number): number {
  return SRGB_TO_LINEAR[code]!;
}

export function linearToSrgb(l: number): number {
  if (!(l > 0)) return 0;
  if (l >= 1) return 255;
  return LINEAR_TO_SRGB[Math.round(l * LINEAR_STEPS)]!;
}

// sRGB (linear, D65) to CIE XYZ and back.
const M = [0.4124564, 0.3575761, 0.1804375, 0.2126729, 0.7151522, 0.072175, 0.0193339, 0.119192, 0.9503041] as const;
const MI = [3.2404542, -1.5371385, -0.4985314, -0.969266, 1.8760108, 0.041556, 0.0556434, -0.2040259, 1.0572252] as const;
const WHITE = [0.95047, 1, 1.08883] as const;
const EPS = (6 / 29) ** 3;
const KAPPA = 1 / (3 * (6 / 29) ** 2);

const f = (t: number) => (t > EPS ? Math.cbrt(t) : t * KAPPA + 4 / 29);
const fInv = (t: number) => (t > 6 / 29 ? t * t * t : (t - 4 / 29) / KAPPA);

/**
 * Linear RGB to CIELAB (D65), written into `out`. lightingOf converts every pixel it reads with
 * it: a new array per pixel (as linearToLab gives) was about 12 MB of garbage for each photo
 * imported, collected while the next photo was being decoded.
 */
function linearToLabInto(r: number, g: number, b: number, out: Float64Array | [number, number, number]): void {
  const fx = f((M[0] * r + M[1] * g + M[2] * b) / WHITE[0]);
  const fy = f(M[3] * r + M[4] * g + M[5] * b);
  const fz = f((M[6] * r + M[7] * g + M[8] * b) / WHITE[2]);
  out[0] = 116 * fy - 16;
  out[1] = 500 * (fx - fy);
  out[2] = 200 * (fy - fz);
}

/** Linear RGB to CIELAB (D65). */
export function linearToLab(r: number, g: number, b: number): [number, number, number] {
  const out: [number, number, number] = [0, 0, 0];
  linearToLabInto(r, g, b, out);
  return out;
}

/** CIELAB (D65) to linear RGB, unclipped. */
export function labToLinear(L: number, a: number, bb: number): [number, number, number] {
  const fy = (L + 16) / 116;
  const x = WHITE[0] * fInv(fy + a / 500);
  const y = fInv(fy);
  const z = WHITE[2] * fInv(fy - bb / 200);
  return [MI[0] * x + MI[1] * y + MI[2] * z, MI[3] * x + MI[4] * y + MI[5] * z, MI[6] * x + MI[7] * y + MI[8] * z];
}

/** The correlated colour temperature of a linear RGB colour (McCamy 1992), kept within 1,000–25,000 K. */
export function kelvinOf(r: number, g: number, b: number): number {
  const X = M[0] * r + M[1] * g + M[2] * b;
  const Y = M[3] * r + M[4] * g + M[5] * b;
  const Z = M[6] * r + M[7] * g + M[8] * b;
  const sum = X + Y + Z;
  if (!(sum > 0)) return 6500;
  const x = X / sum;
  const y = Y / sum;
  const n = (x - 0.332) / (0.1858 - y);
  const k = 449 * n ** 3 + 3525 * n ** 2 + 6823.3 * n + 5520.33;
  return Math.min(25000, Math.max(1000, k));
}

/** Pixels of an image: RGB or RGBA, 8 bits a channel, rows top to bottom. */
export interface Pixels {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
  channels: 3 | 4;
}

/** The sampling step that reads about `samples` pixels of an image on an even grid. */
function stepFor(width: number, height: number, samples: number): number {
  return Math.max(1, Math.floor(Math.sqrt((width * height) / samples)));
}

/**
 * Measures an image's light. At most about 65,000 pixels are read, on an even grid, which keeps a
 * 2048-pixel preview well under a millisecond per thousand pixels and changes the figures by far
 * less than anything reported.
 */
export function lightingOf(img: Pixels, samples = 65536): LightingStats {
  const { data, width, height, channels } = img;
  const step = stepFor(width, height, samples);
  let n = 0;
  let sr = 0;
  let sg = 0;
  let sb = 0;
  let luma = 0;
  let l1 = 0;
  let a1 = 0;
  let b1 = 0;
  let l2 = 0;
  let a2 = 0;
  let b2 = 0;
  const lab = new Float64Array(3);
  for (let y = Math.floor(step / 2); y < height; y += step) {
    let i = (y * width + Math.floor(step / 2)) * channels;
    for (let x = Math.floor(step / 2); x < width; x += step, i += step * channels) {
      const R = data[i]!;
      const G = data[i + 1]!;
      const B = data[i + 2]!;
      const r = SRGB_TO_LINEAR[R]!;
      const g = SRGB_TO_LINEAR[G]!;
      const b = SRGB_TO_LINEAR[B]!;
      sr += r;
      sg += g;
      sb += b;
      luma += 0.299 * R + 0.587 * G + 0.114 * B;
      linearToLabInto(r, g, b, lab);
      const L = lab[0]!;
      const A = lab[1]!;
      const Bb = lab[2]!;
      l1 += L;
      a1 += A;
      b1 += Bb;
      l2 += L * L;
      a2 += A * A;
      b2 += Bb * Bb;
      n++;
    }
  }
  if (n === 0) throw new Error('An image without pixels has no light to measure');
  const meanRgb: [number, number, number] = [sr / n, sg / n, sb / n];
  const labMean: [number, number, number] = [l1 / n, a1 / n, b1 / n];
  const spread = (sum2: number, mean: number) => Math.sqrt(Math.max(0, sum2 / n - mean * mean));
  const labSpread: [number, number, number] = [spread(l2, labMean[0]), spread(a2, labMean[1]), spread(b2, labMean[2])];
  return {
    meanLuminance: M[3] * meanRgb[0] + M[4] * meanRgb[1] + M[5] * meanRgb[2],
    meanRgb,
    kelvin: kelvinOf(...meanRgb),
    labMean,
    labSpread,
    meanLuma8: luma / n,
  };
}

/** True when a frame is black: the lens is covered, or the camera sends nothing. */
export function isBlackFrame(stats: Pick<LightingStats, 'meanLuma8'>): boolean {
  return stats.meanLuma8 < BLACK_FRAME_LUMA;
}

const THIRDS = ['', '1/3', '2/3'];

/** "2/3 stop", "1 stop", "1 1/3 stops", rounded to the nearest third as photographers count. */
export function stopsInWords(stops: number): string {
  const thirds = Math.round(Math.abs(stops) * 3);
  const whole = Math.floor(thirds / 3);
  const part = THIRDS[thirds % 3]!;
  const figure = whole === 0 ? part : part ? `${whole} ${part}` : String(whole);
  return `${figure} ${thirds > 3 ? 'stops' : 'stop'}`;
}

/** How `photo`'s light differs from `reference`'s, with the words a warning uses. */
export function compareLighting(
  photo: Pick<LightingStats, 'meanLuminance' | 'kelvin'>,
  reference: Pick<LightingStats, 'meanLuminance' | 'kelvin'>,
): LightingDifference {
  // A black reference or photo has no exposure to compare: call it as far apart as it can be.
  const floor = 1e-5;
  const stops = Math.log2(Math.max(photo.meanLuminance, floor) / Math.max(reference.meanLuminance, floor));
  const mireds = 1e6 / photo.kelvin - 1e6 / reference.kelvin;
  const exposureOff = Math.abs(stops) > EXPOSURE_TOLERANCE_STOPS;
  const colourOff = Math.abs(mireds) >= COLOUR_TOLERANCE_MIREDS;
  const parts: string[] = [];
  if (exposureOff) parts.push(`about ${stopsInWords(stops)} ${stops < 0 ? 'darker' : 'brighter'}`);
  if (colourOff) {
    const slightly = Math.abs(mireds) < 2 * COLOUR_TOLERANCE_MIREDS + 5 ? 'slightly ' : '';
    parts.push(`${slightly}${mireds > 0 ? 'warmer' : 'cooler'} light`);
  }
  return {
    stops,
    mireds,
    kelvin: photo.kelvin,
    referenceKelvin: reference.kelvin,
    consistent: !exposureOff && !colourOff,
    words: parts.join('; '),
  };
}

/**
 * The warning as a sentence: "About 2/3 stop darker than the baseline of 14 March 2026; warmer light."
 * Empty when the light matches.
 */
export function lightingSentence(d: LightingDifference, referenceName: string): string {
  if (d.consistent) return '';
  const [first, ...rest] = d.words.split('; ');
  const head = `${first} than ${referenceName}`;
  return `${[head.charAt(0).toUpperCase() + head.slice(1), ...rest].join('; ')}.`;
}

/** Per-channel gains and offsets in CIELAB that move one image's mean and spread onto another's. */
export interface LabTransfer {
  scale: [number, number, number];
  shift: [number, number, number];
}

/** A spread is never stretched or squeezed by more than this: a nearly flat image must not explode into noise. */
const MAX_SPREAD_RATIO = 3;

/**
 * The transfer that gives `from` the mean and spread of `to` in L*, a* and b*:
 * v' = (v − mean_from) · spread_to / spread_from + mean_to.
 */
export function labTransfer(
  from: Pick<LightingStats, 'labMean' | 'labSpread'>,
  to: Pick<LightingStats, 'labMean' | 'labSpread'>,
): LabTransfer {
  const scale = [0, 1, 2].map((c) => {
    const s = from.labSpread[c]! > 1e-3 ? to.labSpread[c]! / from.labSpread[c]! : 1;
    return Math.min(MAX_SPREAD_RATIO, Math.max(1 / MAX_SPREAD_RATIO, s));
  }) as [number, number, number];
  const shift = [0, 1, 2].map((c) => to.labMean[c]! - from.labMean[c]! * scale[c]!) as [number, number, number];
  return { scale, shift };
}

/** One colour through a CIELAB transfer, exactly: 8-bit sRGB in, 8-bit sRGB out (clipped per channel). */
export function transferColour(R: number, G: number, B: number, t: LabTransfer): [number, number, number] {
  const [L, A, Bb] = linearToLab(SRGB_TO_LINEAR[R]!, SRGB_TO_LINEAR[G]!, SRGB_TO_LINEAR[B]!);
  const [r, g, b] = labToLinear(L * t.scale[0] + t.shift[0], A * t.scale[1] + t.shift[1], Bb * t.scale[2] + t.shift[2]);
  return [linearToSrgb(r), linearToSrgb(g), linearToSrgb(b)];
}

/** Grid points a side of the colour cube the transfer is tabulated on (every 255/32 ≈ 8 codes). */
const GRID = 33;
const CELL = 255 / (GRID - 1);
const CELL_OF = new Uint8Array(256);
const WEIGHT_OF = new Float32Array(256);
for (let v = 0; v < 256; v++) {
  const at = Math.min(GRID - 1.000001, v / CELL);
  CELL_OF[v] = Math.floor(at);
  WEIGHT_OF[v] = at - Math.floor(at);
}

/** The sRGB code of a linear value, 0–255, carried on past both ends instead of clipped. */
function codeUnclipped(l: number): number {
  return 255 * (l <= 0.0031308 ? l * 12.92 : 1.055 * l ** (1 / 2.4) - 0.055);
}

/** L*, a* and b* of every grid point (the same for every transfer), worked out on first use. */
let gridLab: Float64Array | null = null;
function gridLabOnce(): Float64Array {
  if (gridLab) return gridLab;
  const lab = new Float64Array(GRID * GRID * GRID * 3);
  for (let ri = 0; ri < GRID; ri++)
    for (let gi = 0; gi < GRID; gi++)
      for (let bi = 0; bi < GRID; bi++) {
        const k = ((ri * GRID + gi) * GRID + bi) * 3;
        const [L, A, B] = linearToLab(
          SRGB_TO_LINEAR[Math.round(ri * CELL)]!,
          SRGB_TO_LINEAR[Math.round(gi * CELL)]!,
          SRGB_TO_LINEAR[Math.round(bi * CELL)]!,
        );
        lab[k] = L;
        lab[k + 1] = A;
        lab[k + 2] = B;
      }
  return (gridLab = lab);
}

/**
 * The transfer worked out exactly on a 33 × 33 × 33 grid of the colour cube: for red step r, green
 * step g and blue step b (each 255/32 codes apart), the three output codes at ((r · 33 + g) · 33 + b) · 3.
 * Unclipped (codes below 0 and above 255 are kept), so reading between grid points and clipping
 * after keeps the edge of the gamut sharp.
 */
export function labTransferTable(t: LabTransfer): Float32Array {
  const lab = gridLabOnce();
  const table = new Float32Array(lab.length);
  const [s0, s1, s2] = t.scale;
  const [h0, h1, h2] = t.shift;
  for (let k = 0; k < lab.length; k += 3) {
    // labToLinear, written out: this runs 36,000 times for each photo matched.
    const fy = (lab[k]! * s0 + h0 + 16) / 116;
    const fx = fy + (lab[k + 1]! * s1 + h1) / 500;
    const fz = fy - (lab[k + 2]! * s2 + h2) / 200;
    const x = WHITE[0] * fInv(fx);
    const y = fInv(fy);
    const z = WHITE[2] * fInv(fz);
    table[k] = codeUnclipped(MI[0] * x + MI[1] * y + MI[2] * z);
    table[k + 1] = codeUnclipped(MI[3] * x + MI[4] * y + MI[5] * z);
    table[k + 2] = codeUnclipped(MI[6] * x + MI[7] * y + MI[8] * z);
  }
  return table;
}

const code = (v: number) => (v <= 0 ? 0 : v >= 255 ? 255 : (v + 0.5) | 0);

/**
 * Applies a CIELAB transfer to every pixel, in place (alpha untouched): the transfer's table
 * (`labTransferTable`) read between grid points by tetrahedral interpolation (the four corners of
 * the grid cell's tetrahedron that holds the colour). A 2048-pixel preview (3 million pixels) takes
 * a few tens of milliseconds instead of the two hundred that three cube roots a pixel cost, and no
 * output differs from the exact transfer by more than one code for the transfers photos need (tested).
 * The page's Match lighting and exports both come here.
 */
export function applyLabTransfer(img: Pixels, t: LabTransfer): void {
  const table = labTransferTable(t);
  const { data, channels } = img;
  const sB = 3;
  const sG = GRID * 3;
  const sR = GRID * GRID * 3;
  const n = img.width * img.height * channels;
  for (let i = 0; i < n; i += channels) {
    const R = data[i]!;
    const G = data[i + 1]!;
    const B = data[i + 2]!;
    const fr = WEIGHT_OF[R]!;
    const fg = WEIGHT_OF[G]!;
    const fb = WEIGHT_OF[B]!;
    const k0 = CELL_OF[R]! * sR + CELL_OF[G]! * sG + CELL_OF[B]! * sB;
    const k3 = k0 + sR + sG + sB;
    // The cell splits into six tetrahedra by the order of the three fractions.
    let k1: number, k2: number, w0: number, w1: number, w2: number, w3: number;
    if (fr >= fg) {
      if (fg >= fb) {
        k1 = k0 + sR;
        k2 = k1 + sG;
        w0 = 1 - fr;
        w1 = fr - fg;
        w2 = fg - fb;
        w3 = fb;
      } else if (fr >= fb) {
        k1 = k0 + sR;
        k2 = k1 + sB;
        w0 = 1 - fr;
        w1 = fr - fb;
        w2 = fb - fg;
        w3 = fg;
      } else {
        k1 = k0 + sB;
        k2 = k1 + sR;
        w0 = 1 - fb;
        w1 = fb - fr;
        w2 = fr - fg;
        w3 = fg;
      }
    } else if (fb >= fg) {
      k1 = k0 + sB;
      k2 = k1 + sG;
      w0 = 1 - fb;
      w1 = fb - fg;
      w2 = fg - fr;
      w3 = fr;
    } else if (fb >= fr) {
      k1 = k0 + sG;
      k2 = k1 + sB;
      w0 = 1 - fg;
      w1 = fg - fb;
      w2 = fb - fr;
      w3 = fr;
    } else {
      k1 = k0 + sG;
      k2 = k1 + sR;
      w0 = 1 - fg;
      w1 = fg - fr;
      w2 = fr - fb;
      w3 = fb;
    }
    data[i] = code(w0 * table[k0]! + w1 * table[k1]! + w2 * table[k2]! + w3 * table[k3]!);
    data[i + 1] = code(w0 * table[k0 + 1]! + w1 * table[k1 + 1]! + w2 * table[k2 + 1]! + w3 * table[k3 + 1]!);
    data[i + 2] = code(w0 * table[k0 + 2]! + w1 * table[k1 + 2]! + w2 * table[k2 + 2]! + w3 * table[k3 + 2]!);
  }
}

/** Light of `adjusted` matched to `reference`: the stats are measured on the very pixels adjusted. */
export function matchLighting(adjusted: Pixels, reference: Pick<LightingStats, 'labMean' | 'labSpread'>): LabTransfer {
  const t = labTransfer(lightingOf(adjusted), reference);
  applyLabTransfer(adjusted, t);
  return t;
}

/** A small grey fingerprint of a frame (64 × 48 points, not averaged, so a live camera's noise stays in it). */
export function frameFingerprint(img: Pixels): Uint8Array {
  const out = new Uint8Array(64 * 48);
  for (let j = 0; j < 48; j++) {
    const y = Math.min(img.height - 1, Math.floor(((j + 0.5) * img.height) / 48));
    for (let k = 0; k < 64; k++) {
      const x = Math.min(img.width - 1, Math.floor(((k + 0.5) * img.width) / 64));
      const i = (y * img.width + x) * img.channels;
      out[j * 64 + k] = Math.round(0.299 * img.data[i]! + 0.587 * img.data[i + 1]! + 0.114 * img.data[i + 2]!);
    }
  }
  return out;
}

/** Mean absolute difference of two fingerprints, in grey levels: exactly 0 for a frame repeated. */
export function fingerprintDifference(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

/** A camera whose picture has not changed by this much for a while has frozen (a live sensor always shows some noise). */
export const FROZEN_DIFFERENCE = 0.05;
