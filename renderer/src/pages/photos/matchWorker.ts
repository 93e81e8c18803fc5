import type { LabTransfer } from '../../../../shared/lighting';
import { adjustBand, matchedBitmap, type BandJob, type Helper } from './matchBands';

/**
 * The worker that matches a photo's lighting off the page's thread. The first worker of the pool
 * leads: it is sent the decoded photo and adjusts the top band itself while each helper (the
 * pool's other workers, reached through a MessagePort) reads and adjusts one more band; it answers
 * with the adjusted photo as an ImageBitmap. A helper only adjusts bands.
 */

export type ToWorker =
  | { kind: 'helpers'; ports: MessagePort[] }
  | { kind: 'lead-port'; port: MessagePort }
  | { kind: 'photo'; id: number; bitmap: ImageBitmap; t: LabTransfer };

export type FromWorker = { id: number; bitmap: ImageBitmap } | { id: number; error: string };

type BandDone = { id: number; data: Uint8ClampedArray<ArrayBuffer> } | { id: number; error: string };

const scope = self as unknown as Worker;
let helpers: Helper[] = [];
let nextBand = 0;

function helperVia(port: MessagePort): Helper {
  const waiting = new Map<number, { resolve: (d: Uint8ClampedArray<ArrayBuffer>) => void; reject: (e: Error) => void }>();
  port.onmessage = (e: MessageEvent<BandDone>) => {
    const w = waiting.get(e.data.id);
    waiting.delete(e.data.id);
    if ('error' in e.data) w?.reject(new Error(e.data.error));
    else w?.resolve(e.data.data);
  };
  return (job) =>
    new Promise((resolve, reject) => {
      const id = nextBand++;
      waiting.set(id, { resolve, reject });
      // The pixels move rather than copy; a VideoFrame goes as a handle on the same decoded photo
      // (this one is closed once sent: the helper holds its own).
      port.postMessage({ ...job, id } satisfies BandJob, job.data ? [job.data.buffer] : []);
      job.frame?.close();
    });
}

/**
 * Runs the whole of a photo's work once on a small made-up picture when the worker starts (read
 * through a VideoFrame, adjusted, drawn on a canvas), so the engine has compiled the loop and set
 * the rest up before a photo arrives: the first photo otherwise runs the loop slowly, interpreted,
 * while the compiler waits for a core.
 */
async function warmUp() {
  const width = 256;
  const rows = 256;
  const data = new Uint8ClampedArray(width * rows * 4);
  for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24;
  const t: LabTransfer = { scale: [1.1, 0.9, 1.2], shift: [2, -1, 3] };
  const made = new OffscreenCanvas(width, rows);
  made.getContext('2d')?.putImageData(new ImageData(data, width, rows), 0, 0);
  const bitmap = made.transferToImageBitmap();
  (await matchedBitmap(bitmap, t)).close();
  await adjustBand({ id: -1, t, width, y: 0, rows, data });
}
void warmUp().catch(() => undefined);

scope.onmessage = (e: MessageEvent<ToWorker>) => {
  const m = e.data;
  if (m.kind === 'helpers') {
    helpers = m.ports.map(helperVia);
    return;
  }
  if (m.kind === 'lead-port') {
    // A helper: adjust each band the lead sends, and send it straight back.
    m.port.onmessage = (r: MessageEvent<BandJob>) => {
      adjustBand(r.data)
        .then((data) => m.port.postMessage({ id: r.data.id, data } satisfies BandDone, [data.buffer]))
        .catch((err: unknown) => m.port.postMessage({ id: r.data.id, error: String(err) } satisfies BandDone));
    };
    return;
  }
  matchedBitmap(m.bitmap, m.t, helpers)
    .then((bitmap) => scope.postMessage({ id: m.id, bitmap } satisfies FromWorker, [bitmap]))
    .catch((err: unknown) => scope.postMessage({ id: m.id, error: String(err) } satisfies FromWorker));
};
