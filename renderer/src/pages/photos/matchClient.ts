import type { LabTransfer } from '../../../../shared/lighting';
import { matchedBitmap } from './matchBands';
import type { FromWorker, ToWorker } from './matchWorker';

/**
 * Match lighting off the page's thread: a pool of workers (one a core, at most four), started the
 * first time a photo is matched and kept for the page's life. The page stays free to paint and
 * answer while a photo is adjusted, and a two-core computer adjusts two halves at once.
 */

interface Pool {
  lead: Worker;
  helpers: Worker[];
  waiting: Map<number, { resolve: (b: ImageBitmap) => void; reject: (e: Error) => void }>;
}

let pool: Pool | null = null;
let workersFailed = false;
let nextId = 0;

function send(w: Worker, m: ToWorker, transfer: Transferable[]) {
  w.postMessage(m, transfer);
}

function stopPool(p: Pool, why: string) {
  for (const w of p.waiting.values()) w.reject(new Error(why));
  p.waiting.clear();
  p.lead.terminate();
  p.helpers.forEach((h) => h.terminate());
  if (pool === p) pool = null;
}

function startPool(): Pool | null {
  if (typeof Worker === 'undefined' || typeof OffscreenCanvas === 'undefined') return null;
  const make = () => new Worker(new URL('./matchWorker.ts', import.meta.url), { type: 'module', name: 'match-lighting' });
  const lead = make();
  const cores = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1));
  const helpers = Array.from({ length: cores - 1 }, make);
  const ports = helpers.map((h) => {
    const ch = new MessageChannel();
    send(h, { kind: 'lead-port', port: ch.port2 }, [ch.port2]);
    return ch.port1;
  });
  send(lead, { kind: 'helpers', ports }, ports);
  const p: Pool = { lead, helpers, waiting: new Map() };
  lead.onmessage = (e: MessageEvent<FromWorker>) => {
    const w = p.waiting.get(e.data.id);
    p.waiting.delete(e.data.id);
    if ('error' in e.data) w?.reject(new Error(e.data.error));
    else w?.resolve(e.data.bitmap);
  };
  const fail = () => {
    workersFailed = true;
    stopPool(p, 'The Match lighting worker stopped');
  };
  lead.onerror = fail;
  helpers.forEach((h) => (h.onerror = fail));
  return p;
}

/** Starts the workers ahead of use (a comparison is open, so Match lighting may be ticked). */
export function warmMatchPool(): void {
  if (!pool && !workersFailed) pool = startPool();
}

/**
 * `bitmap` (the photo's display copy, decoded; given away) with the transfer applied, as a new
 * ImageBitmap. Where workers cannot be had, or stop, the page does the same work itself from
 * `source` (the same copy's bytes).
 */
export async function matchPhoto(bitmap: ImageBitmap, t: LabTransfer, source: Blob): Promise<ImageBitmap> {
  warmMatchPool();
  const p = pool;
  if (!p) return matchedBitmap(bitmap, t);
  try {
    const id = nextId++;
    return await new Promise<ImageBitmap>((resolve, reject) => {
      p.waiting.set(id, { resolve, reject });
      send(p.lead, { kind: 'photo', id, bitmap, t }, [bitmap]);
    });
  } catch {
    return matchedBitmap(await createImageBitmap(source, BITMAP_OPTIONS), t);
  }
}

/** The codes as stored (no colour conversion: the copies carry no profile, and an export reads them so), upright. */
export const BITMAP_OPTIONS: ImageBitmapOptions = { colorSpaceConversion: 'none', imageOrientation: 'from-image' };
