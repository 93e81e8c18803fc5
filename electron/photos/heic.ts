import fs from 'node:fs';
import { Worker } from 'node:worker_threads';

// libheif-js ships no type declarations; this is the part of its API we use.
interface HeifImage {
  get_width(): number;
  get_height(): number;
  display(target: { data: Uint8ClampedArray; width: number; height: number }, done: (result: unknown) => void): void;
  free(): void;
}
interface LibHeif {
  HeifDecoder: new () => { decode(bytes: Uint8Array): HeifImage[] };
}
type Decoded = { width: number; height: number; pixels: ArrayBuffer } | { error: string };

/**
 * Decodes the first image of an HEIC file to RGBA. Self-contained on purpose: the worker
 * runs this very function from its source text, and the fallback runs it in place.
 */
function decodeRgba(lib: LibHeif, bytes: Uint8Array, done: (r: Decoded) => void): void {
  try {
    const images = new lib.HeifDecoder().decode(bytes);
    const image = images[0];
    if (!image) {
      done({ error: 'no image in the HEIC file' });
      return;
    }
    const width = image.get_width();
    const height = image.get_height();
    const data = new Uint8ClampedArray(width * height * 4);
    image.display({ data, width, height }, (result) => {
      for (const i of images) i.free();
      done(result ? { width, height, pixels: data.buffer } : { error: 'the HEIC image could not be decoded' });
    });
  } catch (err) {
    done({ error: err instanceof Error ? err.message : String(err) });
  }
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const lib = require(workerData.libheif);
const decodeRgba = ${decodeRgba.toString()};
parentPort.on('message', ({ id, bytes }) => {
  decodeRgba(lib, bytes, (r) => parentPort.postMessage({ id, ...r }, r.pixels ? [r.pixels] : []));
});`;

let worker: Worker | null = null;
let workerBroken = false;
let nextId = 1;
const pending = new Map<number, (r: Decoded) => void>();
let inProcess: LibHeif | null = null;

/**
 * In the packaged app libheif-js is also unpacked beside the asar archive (package.json,
 * asarUnpack), so the worker reads it from the plain file system wherever that copy exists.
 */
export function outsideAsar(file: string, exists: (f: string) => boolean = fs.existsSync): string {
  const unpacked = file.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
  return unpacked !== file && exists(unpacked) ? unpacked : file;
}

function libheifPath(): string {
  return outsideAsar(require.resolve('libheif-js/wasm-bundle'));
}

function startWorker(): Worker | null {
  if (worker || workerBroken) return worker;
  try {
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { libheif: libheifPath() } });
    w.unref(); // an idle decoder never keeps the app from quitting
    w.on('message', (m: { id: number } & Decoded) => {
      pending.get(m.id)?.(m);
      pending.delete(m.id);
      if (pending.size === 0) w.unref();
    });
    w.on('error', (err) => {
      // Should the worker fail to start (a packaging problem), decode in the main process instead.
      workerBroken = true;
      worker = null;
      for (const [, reply] of pending) reply({ error: `worker: ${err.message}` });
      pending.clear();
    });
    worker = w;
  } catch {
    workerBroken = true;
  }
  return worker;
}

function decodeInProcess(bytes: Uint8Array): Promise<Decoded> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS package without types, loaded lazily
  inProcess ??= require(libheifPath()) as LibHeif;
  const lib = inProcess;
  return new Promise((resolve) => decodeRgba(lib, bytes, resolve));
}

/**
 * Decodes an HEIC (HEVC-coded) image to RGBA pixels with libheif compiled to WebAssembly.
 * sharp's prebuilt libvips reads HEIF containers but carries no HEVC decoder (a patent
 * matter), which is what iPhones write. libheif applies the file's own rotation and
 * mirroring while decoding, so the pixels come out the right way up. A 12-megapixel photo
 * takes about a second, so it runs on a worker thread and the main process stays free
 * to answer the window meanwhile.
 */
export async function decodeHeic(bytes: Buffer): Promise<{ pixels: Buffer; width: number; height: number }> {
  const copy = new Uint8Array(bytes); // the worker gets its own copy
  const w = startWorker();
  let r: Decoded = w
    ? await new Promise<Decoded>((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        w.ref(); // held while a decode is under way
        w.postMessage({ id, bytes: copy }, [copy.buffer]);
      })
    : await decodeInProcess(copy);
  if ('error' in r && r.error.startsWith('worker:')) r = await decodeInProcess(new Uint8Array(bytes));
  if ('error' in r) throw new Error(r.error);
  return { pixels: Buffer.from(r.pixels), width: r.width, height: r.height };
}

/** For tests: whether HEIC decoding runs on the worker thread. */
export function heicDecodesOffThread(): boolean {
  return worker !== null && !workerBroken;
}
