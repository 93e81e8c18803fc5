import { applyLabTransfer, type LabTransfer } from '../../../../shared/lighting';

/**
 * Match lighting's work on a decoded photo, shared by the worker (matchWorker.ts) and, where no
 * worker can be started, the page itself: the photo cut into bands of rows, each band's pixels read
 * and moved through the transfer (shared/lighting.ts's `applyLabTransfer`, exactly as an export's
 * pixels are), the bands at once where there are helpers, and the result handed back as a new
 * ImageBitmap for the page's canvas.
 */

/**
 * One band of rows to adjust: its pixels (`data`), or the photo to read them from (`frame`, a
 * VideoFrame of the decoded photo, which a worker can be sent without copying its pixels).
 */
export interface BandJob {
  id: number;
  t: LabTransfer;
  width: number;
  y: number;
  rows: number;
  data?: Uint8ClampedArray<ArrayBuffer>;
  frame?: VideoFrame;
}

/** A band's pixels straight from the decoded photo, as RGBA (one copy; no canvas). */
export async function readBand(
  frame: VideoFrame,
  width: number,
  y: number,
  rows: number,
): Promise<Uint8ClampedArray<ArrayBuffer>> {
  const data = new Uint8ClampedArray(width * rows * 4);
  await frame.copyTo(data, { rect: { x: 0, y, width, height: rows }, format: 'RGBA' });
  return data;
}

/** Reads the band (when sent the photo) and adjusts it in place; the pixels adjusted. */
export async function adjustBand(job: BandJob): Promise<Uint8ClampedArray<ArrayBuffer>> {
  let data = job.data;
  if (!data) {
    data = await readBand(job.frame!, job.width, job.y, job.rows);
    job.frame!.close();
  }
  applyLabTransfer({ data, width: job.width, height: job.rows, channels: 4 }, job.t);
  return data;
}

/** Sends a band to a helper worker and answers with its pixels adjusted. */
export type Helper = (job: Omit<BandJob, 'id'>) => Promise<Uint8ClampedArray<ArrayBuffer>>;

/**
 * The photo adjusted, band 0 here and one band by each of `helpers`, all at once. The bitmap it
 * was given is closed. The pixels are read through a VideoFrame (WebCodecs) where the browser has
 * one, else drawn on a canvas and read back.
 */
export async function matchedBitmap(bitmap: ImageBitmap, t: LabTransfer, helpers: readonly Helper[] = []): Promise<ImageBitmap> {
  const { width, height } = bitmap;
  const canvas = new OffscreenCanvas(width, height);
  const g = canvas.getContext('2d', { willReadFrequently: true });
  if (!g) throw new Error('No 2D canvas for Match lighting');
  const n = 1 + helpers.length;
  const bands = Array.from({ length: n }, (_, k) => {
    const y = Math.round((k * height) / n);
    return { y, rows: Math.round(((k + 1) * height) / n) - y };
  });
  const put = (k: number) => (data: Uint8ClampedArray<ArrayBuffer>) =>
    g.putImageData(new ImageData(data, width, bands[k]!.rows), 0, bands[k]!.y);
  // The helpers' bands are sent first, then this one is worked; each band goes onto the canvas as
  // soon as it is adjusted, while the others are still at work.
  const all = (job: (k: number) => Omit<BandJob, 'id'>) =>
    Promise.all([
      ...helpers.map((helper, i) => helper(job(i + 1)).then(put(i + 1))),
      adjustBand({ id: 0, ...job(0) }).then(put(0)),
    ]);
  if (typeof VideoFrame !== 'undefined') {
    const frame = new VideoFrame(bitmap, { timestamp: 0 });
    try {
      await all((k) => ({ t, width, ...bands[k]!, frame: frame.clone() }));
    } finally {
      frame.close();
      bitmap.close();
    }
  } else {
    g.drawImage(bitmap, 0, 0);
    bitmap.close();
    await all((k) => ({ t, width, ...bands[k]!, data: g.getImageData(0, bands[k]!.y, width, bands[k]!.rows).data }));
  }
  return canvas.transferToImageBitmap();
}
