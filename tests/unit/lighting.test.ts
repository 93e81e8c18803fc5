import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { matchedPreviews, measureLighting } from '../../electron/photos/lighting';
import {
  applyLabTransfer,
  compareLighting,
  fingerprintDifference,
  frameFingerprint,
  isBlackFrame,
  kelvinOf,
  labTransfer,
  lightingOf,
  matchLighting,
  stopsInWords,
  transferColour,
  type Pixels,
} from '../../shared/lighting';
import { faceScene, greyWorldScene, lightRgb, render, seeded } from '../support/lightScenes';

const W = 480;
const H = 360;
const mired = (k: number) => 1e6 / k;

describe('the lighting check recovers a known exposure shift and colour cast from generated images', () => {
  it('reads a light of known temperature back within 2 % (grey world, 2,700–7,500 K)', () => {
    const scene = greyWorldScene(1);
    for (const kelvin of [2700, 3200, 4300, 5500, 6500, 7500]) {
      const stats = lightingOf(render(scene, W, H, { kelvin, stops: -1 }));
      expect(Math.abs(stats.kelvin - kelvin) / kelvin, `${kelvin} K read as ${stats.kelvin.toFixed(0)} K`).toBeLessThan(0.02);
    }
  });

  it('recovers a 2/3-stop exposure shift within 0.05 stop and words it', () => {
    const scene = greyWorldScene(2);
    const reference = lightingOf(render(scene, W, H, { kelvin: 5500, stops: -0.5 }));
    const darker = lightingOf(render(scene, W, H, { kelvin: 5500, stops: -0.5 - 2 / 3 }));
    const d = compareLighting(darker, reference);
    expect(d.stops).toBeGreaterThan(-2 / 3 - 0.05);
    expect(d.stops).toBeLessThan(-2 / 3 + 0.05);
    expect(Math.abs(d.mireds)).toBeLessThan(2);
    expect(d.consistent).toBe(false);
    expect(d.words).toBe('about 2/3 stop darker');
    const brighter = compareLighting(lightingOf(render(scene, W, H, { kelvin: 5500, stops: 0.5 })), reference);
    expect(brighter.stops).toBeCloseTo(1, 1);
    expect(brighter.words).toBe('about 1 stop brighter');
  });

  it('recovers a warm colour cast within 5 mireds and words it', () => {
    const scene = greyWorldScene(3);
    const reference = lightingOf(render(scene, W, H, { kelvin: 5500, stops: -0.5 }));
    const tungsten = lightingOf(render(scene, W, H, { kelvin: 3200, stops: -0.5 }));
    const d = compareLighting(tungsten, reference);
    const truth = mired(3200) - mired(5500);
    expect(Math.abs(d.mireds - truth), `${d.mireds.toFixed(1)} mireds, truth ${truth.toFixed(1)}`).toBeLessThan(5);
    expect(Math.abs(d.stops)).toBeLessThan(0.05);
    expect(d.words).toBe('warmer light');
    const cooler = compareLighting(lightingOf(render(scene, W, H, { kelvin: 6500, stops: -0.5 })), reference);
    expect(cooler.mireds).toBeLessThan(-15);
    expect(cooler.words).toBe('slightly cooler light');
  });

  it('on a face (not a grey world) still finds both: 2/3 stop darker and warmer, within 0.05 stop and 20 % of the cast', () => {
    const scene = faceScene(W, H);
    const baseline = lightingOf(render(scene, W, H, { kelvin: 5600, stops: 0 }));
    const later = lightingOf(render(scene, W, H, { kelvin: 4300, stops: -2 / 3 }));
    const d = compareLighting(later, baseline);
    expect(Math.abs(d.stops + 2 / 3)).toBeLessThan(0.05);
    const truth = mired(4300) - mired(5600);
    expect(Math.abs(d.mireds - truth) / truth, `${d.mireds.toFixed(1)} mireds, truth ${truth.toFixed(1)}`).toBeLessThan(0.2);
    expect(d.words).toBe('about 2/3 stop darker; warmer light');
  });

  it('calls the same light consistent, through camera noise', () => {
    const scene = faceScene(W, H);
    const clean = render(scene, W, H, { kelvin: 5000, stops: -0.2 });
    const noisy = { ...clean, data: Uint8Array.from(clean.data) };
    const rnd = seeded(9);
    for (let i = 0; i < noisy.data.length; i++)
      noisy.data[i] = Math.min(255, Math.max(0, noisy.data[i]! + Math.round((rnd() - 0.5) * 8)));
    const d = compareLighting(lightingOf(noisy), lightingOf(clean));
    expect(d.consistent).toBe(true);
    expect(d.words).toBe('');
  });

  it('knows daylight white and words stops in thirds', () => {
    expect(kelvinOf(1, 1, 1)).toBeGreaterThan(6450);
    expect(kelvinOf(1, 1, 1)).toBeLessThan(6550);
    const [r, g, b] = lightRgb(3000);
    expect(Math.abs(kelvinOf(r, g, b) - 3000)).toBeLessThan(30);
    expect(stopsInWords(-0.3)).toBe('1/3 stop');
    expect(stopsInWords(0.7)).toBe('2/3 stop');
    expect(stopsInWords(1.02)).toBe('1 stop');
    expect(stopsInWords(-1.35)).toBe('1 1/3 stops');
    expect(stopsInWords(2)).toBe('2 stops');
  });
});

describe('match lighting', () => {
  const stat = (img: Pixels) => lightingOf(img, Infinity);

  it('brings the second photo’s L*a*b* mean within 1 and spread within 5 % of the first’s', () => {
    const first = render(faceScene(W, H), W, H, { kelvin: 5600, stops: 0 });
    const second = render(
      faceScene(W, H, {
        eyes: [
          { x: 200, y: 160 },
          { x: 290, y: 150 },
        ],
      }),
      W,
      H,
      { kelvin: 3400, stops: -1 },
    );
    const target = stat(first);
    const before = stat(second);
    expect(Math.abs(before.labMean[0] - target.labMean[0])).toBeGreaterThan(5);
    expect(Math.abs(before.labMean[2] - target.labMean[2])).toBeGreaterThan(5);
    const copy = { ...second, data: Uint8Array.from(second.data) };
    matchLighting(copy, target);
    const after = stat(copy);
    for (const c of [0, 1, 2]) {
      expect(Math.abs(after.labMean[c]! - target.labMean[c]!), `mean of channel ${c}`).toBeLessThan(1);
      expect(Math.abs(after.labSpread[c]! / target.labSpread[c]! - 1), `spread of channel ${c}`).toBeLessThan(0.05);
    }
    // The exposure and colour check then agree the two match.
    expect(compareLighting(after, target).consistent).toBe(true);
    // The photo it was given is not the one changed.
    expect(second.data).not.toEqual(copy.data);
  });

  it('reads the transfer from a table within 1 code of working each colour out exactly', () => {
    const t = labTransfer({ labMean: [40, 12, 20], labSpread: [15, 6, 8] }, { labMean: [55, 8, 14], labSpread: [20, 5, 7] });
    const rnd = seeded(4);
    const n = 20000;
    const img: Pixels = { data: new Uint8Array(n * 4), width: n, height: 1, channels: 4 };
    for (let i = 0; i < n * 4; i++) img.data[i] = Math.floor(rnd() * 256);
    const original = Uint8Array.from(img.data);
    applyLabTransfer(img, t);
    let worst = 0;
    for (let i = 0; i < n; i++) {
      const exact = transferColour(original[i * 4]!, original[i * 4 + 1]!, original[i * 4 + 2]!, t);
      for (const c of [0, 1, 2]) worst = Math.max(worst, Math.abs(exact[c]! - img.data[i * 4 + c]!));
      expect(img.data[i * 4 + 3]).toBe(original[i * 4 + 3]);
    }
    expect(worst).toBeLessThanOrEqual(1);
  });

  it('leaves a photo alone when matched to its own statistics', () => {
    const img = render(faceScene(W, H), W, H, { kelvin: 5000, stops: -0.3 });
    const copy = { ...img, data: Uint8Array.from(img.data) };
    matchLighting(copy, stat(img));
    let worst = 0;
    for (let i = 0; i < img.data.length; i++) worst = Math.max(worst, Math.abs(img.data[i]! - copy.data[i]!));
    expect(worst).toBeLessThanOrEqual(2);
  });

  it('exports match from the light stored with each photo, and measure a photo stored without it the same way', async () => {
    const jpeg = (light: { kelvin: number; stops: number }) => {
      const img = render(faceScene(W, H), W, H, light);
      return sharp(img.data, { raw: { width: W, height: H, channels: 3 } })
        .jpeg({ quality: 90 })
        .toBuffer();
    };
    const previews = [await jpeg({ kelvin: 5600, stops: 0 }), await jpeg({ kelvin: 3400, stops: -1 })];
    const stored = await Promise.all(previews.map((p) => measureLighting(p)));
    const fromStored = await matchedPreviews(previews, stored);
    const measuredNow = await matchedPreviews(previews, [null, null]);
    expect(fromStored[0]).toBe(previews[0]);
    expect(fromStored[1]!.equals(measuredNow[1]!)).toBe(true);
    // The adjusted copy is the stored figures' transfer applied to the decoded copy: what the page shows.
    const decoded = await sharp(previews[1]).raw().toBuffer({ resolveWithObject: true });
    const expected = { data: decoded.data, width: W, height: H, channels: 3 as const };
    applyLabTransfer(expected, labTransfer(stored[1]!, stored[0]!));
    const got = await sharp(fromStored[1]).raw().toBuffer();
    let sum = 0;
    for (let i = 0; i < got.length; i++) sum += Math.abs(got[i]! - expected.data[i]!);
    // Only the export's JPEG encoding (quality 92) stands between them: under a code on average.
    expect(sum / got.length).toBeLessThan(1);
    expect(compareLighting(lightingOf({ ...expected, data: got }), stored[0]!).consistent).toBe(true);
  });
});

describe('black and frozen frames', () => {
  it('tells a black frame from a dark room', () => {
    const black = render(() => [0.002, 0.002, 0.002], 64, 48, { kelvin: 5000, stops: 0 });
    expect(isBlackFrame(lightingOf(black))).toBe(true);
    const dim = render(faceScene(64, 48), 64, 48, { kelvin: 5000, stops: -2 });
    expect(isBlackFrame(lightingOf(dim))).toBe(false);
  });

  it('a repeated frame differs by exactly nothing; a live one by its noise', () => {
    const a = render(faceScene(320, 240), 320, 240, { kelvin: 5000, stops: 0 });
    const b = { ...a, data: Uint8Array.from(a.data) };
    const rnd = seeded(5);
    for (let i = 0; i < b.data.length; i++) b.data[i] = Math.min(255, Math.max(0, b.data[i]! + Math.round((rnd() - 0.5) * 4)));
    expect(fingerprintDifference(frameFingerprint(a), frameFingerprint({ ...a, data: Uint8Array.from(a.data) }))).toBe(0);
    expect(fingerprintDifference(frameFingerprint(a), frameFingerprint(b))).toBeGreaterThan(0.3);
  });
});
