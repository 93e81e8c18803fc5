import sharp from 'sharp';
import { applyLabTransfer, labTransfer, lightingOf, type LightingStats } from '../../shared/lighting';
import { MAX_PHOTO_PIXELS } from './limits';

/** The size a photo is measured at: JPEG previews shrink on loading, so this is quick, and the figures do not move. */
const MEASURE_PX = 512;

/** Rounds the figures kept in the database to what they can mean. */
function rounded(s: LightingStats): LightingStats {
  const r = (v: number, digits: number) => Number(v.toFixed(digits));
  return {
    meanLuminance: r(s.meanLuminance, 6),
    meanRgb: s.meanRgb.map((v) => r(v, 6)) as LightingStats['meanRgb'],
    kelvin: r(s.kelvin, 0),
    labMean: s.labMean.map((v) => r(v, 3)) as LightingStats['labMean'],
    labSpread: s.labSpread.map((v) => r(v, 3)) as LightingStats['labSpread'],
    meanLuma8: r(s.meanLuma8, 2),
  };
}

/** A photo's light, measured on its display copy (orientation applied, sRGB, no metadata). */
export async function measureLighting(preview: Buffer): Promise<LightingStats> {
  const { data, info } = await sharp(preview, { limitInputPixels: MAX_PHOTO_PIXELS })
    .resize(MEASURE_PX, MEASURE_PX, { fit: 'inside', withoutEnlargement: true })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return rounded(lightingOf({ data, width: info.width, height: info.height, channels: 3 }));
}

/** A display copy decoded to RGB pixels. */
async function pixelsOf(preview: Buffer) {
  const { data, info } = await sharp(preview).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: 3 as const };
}

/**
 * For an export with "match lighting": the later photos' display copies with their exposure and
 * colour moved onto the first's, as new JPEGs. The transfer comes from the light measured when each
 * photo was stored (`stored`, in the same order; one not measured yet is measured here), which is
 * what the page's Match lighting uses too, so the screen and the export agree. The stored files
 * are only read.
 */
export async function matchedPreviews(
  previews: readonly Buffer[],
  stored: readonly (LightingStats | null)[] = [],
): Promise<Buffer[]> {
  const [first, ...rest] = previews;
  if (!first) return [];
  const statsOf = (i: number) => stored[i] ?? measureLighting(previews[i]!);
  const reference = await statsOf(0);
  const adjusted = await Promise.all(
    rest.map(async (p, i) => {
      const [px, own] = await Promise.all([pixelsOf(p), statsOf(i + 1)]);
      applyLabTransfer(px, labTransfer(own, reference));
      return sharp(px.data, { raw: { width: px.width, height: px.height, channels: 3 } })
        .jpeg({ quality: 92 })
        .toBuffer();
    }),
  );
  return [first, ...adjusted];
}
