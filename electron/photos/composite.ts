import sharp, { type OverlayOptions } from 'sharp';
import { angleOf, apply, placements, scaleOf, type Similarity } from '../../shared/alignment';
import type { ComparisonView, ExportFormat, Landmark } from '../../shared/photos';
import { imagePdf } from './pdf';

/** One photo of a comparison as the composite needs it: its display copy, size, landmarks and label. */
export interface CompositePhoto {
  preview: Buffer;
  width: number;
  height: number;
  landmarks: [Landmark, Landmark] | null;
  label: { date: string; since: string; pose: string };
  /** Its exposure and colour were matched to the first photo's for this export: the label says so. */
  lightingMatched?: boolean;
}

/** What the label of a photo whose light was matched says, on screen and in exports. */
export const MATCHED_NOTE = 'Lighting matched to the first photo (the stored photo is unchanged)';

const PANE = { pair: { w: 900, h: 1125 }, grid: { w: 720, h: 900 }, single: { w: 1200, h: 1500 } } as const;
const GAP = 16;
const MARGIN = 24;
const LABEL_H = 84;
/** The extra line under a photo whose light was matched. */
const NOTE_H = 30;
const PANE_BACKGROUND = { r: 29, g: 31, b: 35, alpha: 1 };

interface Piece {
  input: Buffer;
  raw: { width: number; height: number; channels: 4 };
  left: number;
  top: number;
}

/**
 * A photo drawn into a pane by a similarity (photo pixels → pane pixels): scaled, turned
 * about its centre, then cut to the pane. `fromX` keeps only the part right of that pane
 * column (the slider); `opacity` fades it (the overlay).
 */
export async function placePhoto(
  photo: Pick<CompositePhoto, 'preview' | 'width' | 'height'>,
  s: Similarity,
  pane: { w: number; h: number },
  opts: { fromX?: number; opacity?: number } = {},
): Promise<Piece | null> {
  const meta = await sharp(photo.preview).metadata();
  const previewW = meta.width;
  const previewH = meta.height;
  const k = scaleOf(s) * (photo.width / previewW);
  const w = Math.max(1, Math.round(previewW * k));
  const h = Math.max(1, Math.round(previewH * k));
  const angle = angleOf(s);
  let img = await sharp(photo.preview).resize(w, h, { fit: 'fill' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  if (Math.abs(angle) > 0.01) {
    img = await sharp(img.data, { raw: { width: img.info.width, height: img.info.height, channels: 4 } })
      .rotate(angle, { background: { r: 0, g: 0, b: 0, alpha: 0 } })
      .raw()
      .toBuffer({ resolveWithObject: true });
  }
  const rw = img.info.width;
  const rh = img.info.height;
  // Turning about the centre keeps the centre where it was: place the result by it.
  const centre = apply(s, { x: photo.width / 2, y: photo.height / 2 });
  const left = Math.round(centre.x - rw / 2);
  const top = Math.round(centre.y - rh / 2);
  const x0 = Math.max(0, left, Math.round(opts.fromX ?? 0));
  const y0 = Math.max(0, top);
  const x1 = Math.min(pane.w, left + rw);
  const y1 = Math.min(pane.h, top + rh);
  if (x1 <= x0 || y1 <= y0) return null;
  let cut = sharp(img.data, { raw: { width: rw, height: rh, channels: 4 } }).extract({
    left: x0 - left,
    top: y0 - top,
    width: x1 - x0,
    height: y1 - y0,
  });
  const opacity = opts.opacity ?? 1;
  if (opacity < 1) cut = cut.linear([1, 1, 1, opacity], [0, 0, 0, 0]);
  const data = await cut.raw().toBuffer();
  return { input: data, raw: { width: x1 - x0, height: y1 - y0, channels: 4 }, left: x0, top: y0 };
}

async function paneImage(pane: { w: number; h: number }, pieces: (Piece | null)[]): Promise<Buffer> {
  return sharp({ create: { width: pane.w, height: pane.h, channels: 4, background: PANE_BACKGROUND } })
    .composite(pieces.filter((p): p is Piece => p !== null))
    .png()
    .toBuffer();
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function labelSvg(width: number, label: CompositePhoto['label'], caption?: string, matched = false, height = LABEL_H): Buffer {
  const second = [label.since, label.pose].filter(Boolean).join(' · ');
  const note = matched
    ? `<text x="4" y="${LABEL_H + 12}" font-family="DejaVu Sans, Arial, Helvetica, sans-serif" font-size="${width < 800 ? 15 : 18}" font-style="italic" fill="#7a4b00">${escapeXml(MATCHED_NOTE)}</text>`
    : '';
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${note}
      <text x="4" y="32" font-family="DejaVu Sans, Arial, Helvetica, sans-serif" font-size="26" font-weight="bold" fill="#1b2430">${escapeXml(
        caption ? `${caption} · ${label.date}` : label.date,
      )}</text>
      <text x="4" y="66" font-family="DejaVu Sans, Arial, Helvetica, sans-serif" font-size="21" fill="#3b4656">${escapeXml(second)}</text>
    </svg>`,
  );
}

/**
 * The comparison as one labelled picture: panes side by side or two by two, or one pane
 * with the slider or the overlay, each photo placed exactly as the screen places it. The
 * display copies carry no metadata and sharp writes none, so neither does the result.
 */
export async function composeComparison(
  view: ComparisonView,
  photos: CompositePhoto[],
  format: ExportFormat,
): Promise<{ bytes: Buffer; width: number; height: number }> {
  const single = view.layout === 'pair' && view.mode !== 'side';
  const pane = single ? PANE.single : PANE[view.layout];
  const cols = single ? 1 : 2;
  const rows = view.layout === 'grid' ? 2 : 1;
  const where = placements(photos, pane.w, pane.h, view.aligned);
  const panes: { image: Buffer; labels: { label: CompositePhoto['label']; caption?: string; matched?: boolean }[] }[] = [];
  const anyMatched = photos.some((p) => p.lightingMatched);
  const labelH = LABEL_H + (anyMatched ? NOTE_H : 0);
  if (single) {
    const [a, b] = photos as [CompositePhoto, CompositePhoto];
    const base = await placePhoto(a, where[0]!, pane);
    const top =
      view.mode === 'wipe'
        ? await placePhoto(b, where[1]!, pane, { fromX: view.mix * pane.w })
        : await placePhoto(b, where[1]!, pane, { opacity: view.mix });
    panes.push({
      image: await paneImage(pane, [base, top]),
      labels: [
        { label: a.label, caption: view.mode === 'wipe' ? 'Left' : 'Underneath', matched: a.lightingMatched === true },
        {
          label: b.label,
          caption: view.mode === 'wipe' ? 'Right' : `On top (${Math.round(view.mix * 100)}%)`,
          matched: b.lightingMatched === true,
        },
      ],
    });
  } else {
    for (const [i, p] of photos.entries()) {
      panes.push({
        image: await paneImage(pane, [await placePhoto(p, where[i]!, pane)]),
        labels: [{ label: p.label, matched: p.lightingMatched === true }],
      });
    }
  }
  const labelRows = single ? 2 : 1;
  const cellH = pane.h + labelH * labelRows;
  const width = MARGIN * 2 + cols * pane.w + (cols - 1) * GAP;
  const height = MARGIN * 2 + rows * cellH + (rows - 1) * GAP;
  const layers: OverlayOptions[] = [];
  panes.forEach((p, i) => {
    const left = MARGIN + (i % cols) * (pane.w + GAP);
    const top = MARGIN + Math.floor(i / cols) * (cellH + GAP);
    layers.push({ input: p.image, left, top });
    p.labels.forEach((l, j) =>
      layers.push({
        input: labelSvg(pane.w, l.label, l.caption, l.matched, labelH),
        left,
        top: top + pane.h + j * labelH,
      }),
    );
  });
  const canvas = sharp({ create: { width, height, channels: 3, background: '#ffffff' } }).composite(layers);
  if (format === 'png') return { bytes: await canvas.png().toBuffer(), width, height };
  const jpeg = await canvas.jpeg({ quality: 90 }).toBuffer();
  return { bytes: format === 'jpeg' ? jpeg : imagePdf(jpeg, width, height), width, height };
}
