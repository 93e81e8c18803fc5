import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import exifReader from 'exif-reader';
import sharp, { type Metadata, type SharpOptions } from 'sharp';
import type { LightingStats } from '../../shared/lighting';
import { decodeHeic } from './heic';
import { measureLighting } from './lighting';
import { MAX_PHOTO_BYTES, MAX_PHOTO_PIXELS } from './limits';

export { MAX_PHOTO_BYTES, MAX_PHOTO_PIXELS };

// sharp gives libvips one worker thread on glibc Linux (elsewhere one per core) to spare glibc's
// allocator. A JPEG is decoded on one thread whatever the count; a second resamples and encodes
// the preview while the decode reads on, where one thread did each step after the last.
if (sharp.concurrency() < 2 && os.availableParallelism() >= 2) sharp.concurrency(2);
const READABLE_FORMATS = new Set(['jpeg', 'png', 'webp', 'tiff', 'heif']);
export const THUMB_PX = 400;
export const PREVIEW_PX = 2048;

/** A photo refused with a reason a person can act on; nothing of it was stored. */
export class PhotoRejected extends Error {
  constructor(
    readonly fileName: string,
    reason: string,
  ) {
    super(`${fileName}: ${reason}`);
    this.name = 'PhotoRejected';
  }
}

export interface PreparedPhoto {
  sha256: string;
  original: Buffer;
  format: string;
  /** As displayed, after the EXIF orientation is applied. */
  width: number;
  height: number;
  /** The day the camera recorded, when the file says; editable later. */
  takenOn: string | null;
  thumb: Buffer;
  preview: Buffer;
  /** The preview's light, when asked for: measured beside the thumbnail, from the same preview. */
  lighting?: LightingStats;
  /**
   * Hands the buffer `original` was read into back for the next import (preparePhotoFile), once
   * the photo is stored or refused: `original` must not be read after.
   */
  release?: () => void;
}

export interface PrepareOptions {
  /** Measure the preview's light (as measureLighting does) while the thumbnail is made. */
  lighting?: boolean;
  /**
   * Work on the original that needs nothing else (encrypting and writing it beside its place),
   * run once, on this thread, while the image is decoded on libuv's pool. The photo may yet be
   * refused: whatever it writes must be undone then (photos.import removes what it wrote).
   */
  alongside?: (original: Buffer, sha256: string) => void;
}

/** True when the bytes start like a JPEG, PNG, WebP, TIFF or HEIC file. */
function looksLikeImage(b: Buffer): boolean {
  const ascii = (from: number, to: number) => b.subarray(from, to).toString('latin1');
  return (
    (b[0] === 0xff && b[1] === 0xd8) ||
    ascii(1, 4) === 'PNG' ||
    (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') ||
    ascii(0, 4) === 'II*\0' ||
    ascii(0, 4) === 'MM\0*' ||
    ascii(4, 8) === 'ftyp'
  );
}

function takenOnFrom(exif: Buffer | undefined): string | null {
  if (!exif) return null;
  try {
    const tags = exifReader(exif) as { Photo?: { DateTimeOriginal?: Date }; Image?: { DateTime?: Date } };
    const when = tags.Photo?.DateTimeOriginal ?? tags.Image?.DateTime;
    // EXIF times carry no zone: read them back as the wall-clock date they were written with.
    return when instanceof Date && !Number.isNaN(when.getTime()) ? when.toISOString().slice(0, 10) : null;
  } catch {
    return null;
  }
}

/** A display copy: orientation applied, fitted inside `px`, JPEG, and no metadata at all (sharp writes none unless asked). */
function displayCopy(input: Buffer, px: number, raw?: SharpOptions['raw']): Promise<Buffer> {
  return sharp(input, { limitInputPixels: MAX_PHOTO_PIXELS, failOn: 'error', ...(raw ? { raw } : {}) })
    .rotate()
    .resize(px, px, { fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 84 })
    .toBuffer();
}

/** The preview from the original: sharp decodes it, except HEVC-coded HEIC, which libheif decodes. */
async function previewOf(original: Buffer, meta: Metadata): Promise<{ preview: Buffer; width?: number; height?: number }> {
  if (meta.format === 'heif' && meta.compression === 'hevc') {
    const { pixels, width, height } = await decodeHeic(original);
    return { preview: await displayCopy(pixels, PREVIEW_PX, { width, height, channels: 4 }), width, height };
  }
  return { preview: await displayCopy(original, PREVIEW_PX) };
}

/**
 * The size, as stored (before any turn), of the preview displayCopy makes from a JPEG in
 * memory. sharp lets libjpeg shrink by 2, 4 or 8 while decoding when at least that much is
 * left to shrink, except when the shrink's whole part equals the factor, where it takes the
 * next smaller one; libjpeg then gives the whole part of each side divided by it, and the
 * rest is resampled to `px` on the long side, the short side rounded to nearest.
 */
export function previewSize(width: number, height: number, px = PREVIEW_PX): { width: number; height: number } {
  const long = Math.max(width, height);
  if (long <= px) return { width, height };
  const shrink = long / px;
  let onLoad = shrink >= 8 ? 8 : shrink >= 4 ? 4 : shrink >= 2 ? 2 : 1;
  if (onLoad > 1 && Math.floor(shrink) === onLoad) onLoad /= 2;
  const [w, h] = [Math.floor(width / onLoad), Math.floor(height / onLoad)];
  const scale = px / Math.max(w, h);
  return { width: Math.floor(w * scale + 0.5), height: Math.floor(h * scale + 0.5) };
}

/**
 * How a JPEG file's preview can be made at a reduced scale: libjpeg's largest shrink (2, 4 or
 * 8, applied in its inverse DCT, so the pixels it leaves out are never computed) whose image
 * still covers the preview on both sides, and the preview's size (as displayCopy would make it
 * from the bytes in memory). Null when that gains nothing: not a JPEG, or too small to shrink.
 */
function shrinkOnLoad(meta: Metadata): { factor: 2 | 4 | 8; width: number; height: number } | null {
  const { width, height } = meta;
  if (meta.format !== 'jpeg' || !width || !height) return null;
  const size = previewSize(width, height);
  const left = (f: number) => Math.min(Math.floor(width / f) / size.width, Math.floor(height / f) / size.height);
  const factor = ([8, 4, 2] as const).find((f) => left(f) >= 1);
  // Left with two or more to shrink, sharp would reload the file with a shrink of its own: not by this route.
  if (!factor || left(factor) >= 2) return null;
  return { factor, ...size };
}

/**
 * The turn and mirrors that show an image the way its EXIF orientation (1–8) says, for a sharp
 * pipeline that applies them after its resize: sharp mirrors first (flip: top to bottom, flop:
 * left to right), then turns clockwise. tests/db/photos.test.ts checks each against sharp's own
 * auto-orientation.
 */
export function orientationSteps(orientation: number): { angle: 0 | 90 | 180 | 270; flip: boolean; flop: boolean } {
  const steps = {
    2: { angle: 0, flip: false, flop: true },
    3: { angle: 180, flip: false, flop: false },
    4: { angle: 0, flip: true, flop: false },
    5: { angle: 90, flip: true, flop: false },
    6: { angle: 90, flip: false, flop: false },
    7: { angle: 90, flip: false, flop: true },
    8: { angle: 270, flip: false, flop: false },
  } as const;
  return steps[orientation as keyof typeof steps] ?? { angle: 0, flip: false, flop: false };
}

/**
 * The preview of a JPEG file, decoded straight from the file, libjpeg shrinking it as it decodes
 * (an option of libvips's loader that sharp takes in the file name), then resampled as
 * displayCopy does to the very size displayCopy gives, and encoded in the same pipeline: libvips
 * encodes each band of rows while the decode reads on, so the encode costs little beside the
 * decode (about 10 ms of a 24-megapixel photo's import, where encoding the decoded pixels
 * afterwards took 25). The thumbnail and the light then come from the preview JPEG as they do
 * for every other photo. The EXIF orientation is applied to the resampled preview, not before
 * the resampling as sharp's auto-orientation does: a turn needs the whole image in memory, and
 * turning the preview instead of the larger decoded image saved about 70 ms of a rotated photo's
 * import, while a turn or a mirror of pixels changes none of them. The JPEG is written with
 * libjpeg's standard Huffman tables, not tables worked out for this image (sharp's default): those
 * need a second pass over the whole image after the last row, which a turned preview (six of the
 * eight orientations) could not overlap with anything; without it a 24-megapixel photo's import
 * took about 25 ms less (medians of twenty, alternated), for a preview about an eighth larger.
 * Previews made from a photo's bytes (displayCopy: other formats, smaller photos) keep sharp's
 * default.
 * `revalidate` keeps libvips from answering with an image it decoded from this path before: the
 * file may have been changed since.
 */
async function previewFromFile(
  file: string,
  load: { factor: number; width: number; height: number },
  orientation = 1,
): Promise<Buffer> {
  const { angle, flip, flop } = orientationSteps(orientation);
  // load's size is the preview's as stored, before any turn: the turn comes after the resize.
  return sharp(`${file}[shrink=${load.factor},revalidate=true]`, { limitInputPixels: MAX_PHOTO_PIXELS, failOn: 'error' })
    .resize(load.width, load.height, { fit: 'fill' })
    .rotate(angle)
    .flip(flip)
    .flop(flop)
    .jpeg({ quality: 84, optimiseCoding: false })
    .toBuffer();
}

/** The header of an image, refusing what cannot be imported by it alone. */
async function headerOf(original: Buffer, fileName: string): Promise<Metadata & { format: string }> {
  if (original.length === 0) throw new PhotoRejected(fileName, 'the file is empty');
  if (original.length > MAX_PHOTO_BYTES)
    throw new PhotoRejected(fileName, `the file is larger than ${MAX_PHOTO_BYTES / 1024 / 1024} MB`);
  let meta: Metadata;
  try {
    meta = await sharp(original, { limitInputPixels: false }).metadata();
  } catch {
    throw new PhotoRejected(
      fileName,
      looksLikeImage(original)
        ? 'the image is damaged or incomplete and cannot be read'
        : 'this is not an image the app can read (JPEG, PNG, WebP, TIFF or HEIC)',
    );
  }
  const { format } = meta;
  if (!format || !READABLE_FORMATS.has(format)) {
    throw new PhotoRejected(fileName, `${format ?? 'this'} files are not accepted; use JPEG, PNG, WebP, TIFF or HEIC`);
  }
  const pixels = (meta.width ?? 0) * (meta.height ?? 0);
  if (pixels > MAX_PHOTO_PIXELS) {
    throw new PhotoRejected(
      fileName,
      `the image is ${meta.width} × ${meta.height} pixels; the limit is ${MAX_PHOTO_PIXELS / 1_000_000} megapixels`,
    );
  }
  return { ...meta, format };
}

/** What makes a preview hands back: the preview, and its size when the decoder gave it. */
interface Made {
  preview: Buffer;
  width?: number;
  height?: number;
}

/**
 * The copies of a checked image and its hash. The preview is made on libuv's pool while this
 * thread (reads,) hashes the original and runs `alongside`; then the thumbnail and the light
 * come from the preview, side by side.
 */
async function copiesOf(
  meta: Metadata & { format: string },
  reading: Buffer | Promise<Buffer>,
  makePreview: () => Promise<Made>,
  fileName: string,
  opts: PrepareOptions,
): Promise<PreparedPhoto> {
  const damaged = () => new PhotoRejected(fileName, 'the image is damaged or incomplete and cannot be read');
  const copies = makePreview().then(
    async ({ preview, ...decoded }) => {
      const [thumb, lighting] = await Promise.all([
        displayCopy(preview, THUMB_PX).catch(() => {
          throw damaged();
        }),
        opts.lighting ? measureLighting(preview) : undefined,
      ]);
      return { preview, thumb, lighting, decoded };
    },
    () => {
      throw damaged();
    },
  );
  // Settled here too, so a throw from reading or `alongside` leaves no unhandled rejection behind it.
  copies.catch(() => undefined);
  let original: Buffer;
  let sha256: string;
  try {
    original = await reading;
    sha256 = createHash('sha256').update(original).digest('hex');
    opts.alongside?.(original, sha256);
  } catch (err) {
    // Not before the copies are done with the bytes: the buffer may go back to the pool on a throw.
    await copies.then(
      () => undefined,
      () => undefined,
    );
    throw err;
  }
  const { preview, thumb, lighting, decoded } = await copies;
  const turned = decoded.width === undefined && (meta.orientation ?? 1) >= 5;
  return {
    sha256,
    original,
    format: meta.format,
    width: decoded.width ?? (turned ? meta.height : meta.width),
    height: decoded.height ?? (turned ? meta.width : meta.height),
    takenOn: takenOnFrom(meta.exif),
    thumb,
    preview,
    ...(lighting ? { lighting } : {}),
  };
}

/**
 * Checks one image and makes its display copies. Everything is decided before anything
 * is stored, so a refused or damaged file leaves nothing behind. sharp works on libuv's
 * thread pool, off the main process's JavaScript thread and far from the window's; while it
 * decodes, this thread hashes the original (and runs `alongside`), so neither waits for the other.
 */
export async function preparePhoto(original: Buffer, fileName: string, opts: PrepareOptions = {}): Promise<PreparedPhoto> {
  const meta = await headerOf(original, fileName);
  // The original is decoded once: the preview comes from it; the thumbnail and the light from the preview.
  return copiesOf(meta, original, () => previewOf(original, meta), fileName, opts);
}

/** The file's size, refusing one that is missing or too large (before anything of it is read). */
async function sizeOf(file: string, fileName: string): Promise<number> {
  const stat = await fs.promises.stat(file).catch(() => null);
  if (!stat || !stat.isFile()) throw new PhotoRejected(fileName, 'the file cannot be found');
  if (stat.size > MAX_PHOTO_BYTES) {
    throw new PhotoRejected(fileName, `the file is larger than ${MAX_PHOTO_BYTES / 1024 / 1024} MB`);
  }
  return stat.size;
}

/** An original read into a buffer kept for the next import, and how to hand the buffer back. */
interface Spare {
  bytes: Buffer;
  release: () => void;
}

/**
 * Buffers that imported originals are read into, kept for the next import once a photo is stored
 * (PreparedPhoto.release). A new buffer the size of the photo for every import was memory V8
 * counts against the main process's heap: with a large clinic open, every few imports started a
 * full collection of that heap, on one of the two cores the decode was using. A buffer handed back
 * is zeroed first: a photo is kept in plain only while it is being imported.
 */
const spares: Buffer[] = [];
const SPARES_KEPT = 2;
/** A camera's photo fits; a buffer for a larger file is not kept once done with. */
const SPARE_MAX_BYTES = 24 * 2 ** 20;

async function readIntoSpare(file: string, size: number): Promise<Spare> {
  // The smallest kept buffer with a byte to spare (a file that fills its buffer has grown since it was measured).
  const fits = spares.filter((b) => b.length > size).sort((a, b) => a.length - b.length)[0];
  if (fits) spares.splice(spares.indexOf(fits), 1);
  // In whole mebibytes, so that photos of nearly the same size share one.
  const buffer = fits ?? Buffer.allocUnsafeSlow(Math.ceil((size + 1) / 2 ** 20) * 2 ** 20);
  let used = buffer.length;
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    buffer.fill(0, 0, used);
    if (spares.length < SPARES_KEPT && buffer.length <= SPARE_MAX_BYTES) spares.push(buffer);
  };
  try {
    const handle = await fs.promises.open(file, 'r');
    try {
      let read = 0;
      for (;;) {
        const { bytesRead } = await handle.read(buffer, read, buffer.length - read, read);
        if (bytesRead === 0) break;
        read += bytesRead;
        // Grown since it was measured (it is this import's own copy, so it should not): read as it is now.
        if (read === buffer.length) return { bytes: await fs.promises.readFile(file), release };
      }
      used = read;
      return { bytes: buffer.subarray(0, read), release };
    } finally {
      await handle.close();
    }
  } catch (err) {
    release();
    throw err;
  }
}

/** The folders of private copies (preparePhotoFile) start with this in the system's temporary folder. */
export const PRIVATE_COPY_PREFIX = 'clinic-records-photo-';

/**
 * Removes private copies a crash left behind (an import lasts seconds; a folder an hour old is
 * no import's any more): the clinic's photos are kept only encrypted, and a plain copy must not
 * wait for the system to clear its temporary files. Run when a clinic opens. Returns how many
 * folders it removed.
 */
export function sweepPrivateCopies(nowMs = Date.now(), dir = os.tmpdir()): number {
  let removed = 0;
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.startsWith(PRIVATE_COPY_PREFIX));
  } catch {
    return 0;
  }
  for (const name of names) {
    const folder = path.join(dir, name);
    try {
      const stat = fs.lstatSync(folder);
      if (!stat.isDirectory() || stat.uid !== process.getuid?.() || nowMs - stat.mtimeMs < 60 * 60 * 1000) continue;
      fs.rmSync(folder, { recursive: true, force: true });
      removed += 1;
    } catch {
      // Another user's, or gone meanwhile: left as it is.
    }
  }
  return removed;
}

/**
 * Reads a chosen file and prepares it as preparePhoto does its bytes, to the same checks,
 * record and copies of the same sizes. A JPEG at least twice the preview's size is decoded by
 * libvips from a file, shrunk as it decodes (see shrinkOnLoad), while this thread reads, hashes
 * and (by `alongside`) encrypts the bytes: decoding every pixel of a 24-megapixel photo and
 * resampling them all was most of an import. The preview's pixels differ a little from those
 * of a full decode (each side is halved in libjpeg's inverse DCT before the resampling); its
 * size does not.
 *
 * libvips maps the file it decodes into memory, and a mapped file cut short by another program
 * ends the process (SIGBUS); nor would a file changed meanwhile match the bytes stored. So the
 * chosen file is first copied (a clone where the file system can, as APFS can) into a folder
 * of this import's own, readable by this user only and removed at the end; the bytes stored,
 * the header and the decode all come from that copy. If there is no room for the copy, or that
 * decode fails, the photo is made from its bytes, as preparePhoto makes it.
 */
export async function preparePhotoFile(file: string, fileName: string, opts: PrepareOptions = {}): Promise<PreparedPhoto> {
  await sizeOf(file, fileName);
  const own = await fs.promises.mkdtemp(path.join(os.tmpdir(), PRIVATE_COPY_PREFIX)).catch(() => null);
  // Removed at once: on the thread pool, each of its calls would wait its turn behind sharp's work.
  const removeOwn = () => {
    try {
      if (own) fs.rmSync(own, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // Left for the system to clear with its temporary files; it is readable by this user only.
    }
  };
  let spare: Promise<Spare> | undefined;
  try {
    const copy = own && path.join(own, 'photo');
    const copied =
      copy &&
      (await fs.promises.copyFile(file, copy, fs.constants.COPYFILE_FICLONE).then(
        () => true,
        () => false,
      ));
    // No room for a copy (a full or read-only temporary folder): the photo is made from its bytes.
    if (!copy || !copied) {
      removeOwn();
      return await preparePhoto(await fs.promises.readFile(file), fileName, opts);
    }
    spare = readIntoSpare(copy, await sizeOf(copy, fileName));
    const photo = await fromCopy(
      copy,
      spare.then((b) => b.bytes),
      fileName,
      opts,
      removeOwn,
    );
    return { ...photo, release: (await spare).release };
  } catch (err) {
    await spare?.then(
      (s) => s.release(),
      () => undefined,
    );
    throw err;
  } finally {
    removeOwn();
  }
}

/**
 * preparePhotoFile's work once the chosen file is copied and `reading` (its bytes): a large JPEG
 * by the file, anything else (or a file that route refuses) by the bytes. `done` removes the copy,
 * once nothing reads it any more.
 */
async function fromCopy(
  copy: string,
  reading: Promise<Buffer>,
  fileName: string,
  opts: PrepareOptions,
  done: () => void,
): Promise<PreparedPhoto> {
  reading.catch(() => undefined);
  const fromBytes = async (o: PrepareOptions) => preparePhoto(await reading.finally(done), fileName, o);
  const meta = await sharp(copy, { limitInputPixels: false })
    .metadata()
    .catch(() => null);
  const load = meta && shrinkOnLoad(meta);
  // Anything but a large JPEG within the limits (and so whatever is refused) goes by the bytes.
  const within = (meta?.width ?? 0) * (meta?.height ?? 0) <= MAX_PHOTO_PIXELS;
  if (!meta?.format || !load || !within || /[[\]]/.test(copy)) return fromBytes(opts);
  let handed = false;
  const photo = await copiesOf(
    { ...meta, format: meta.format },
    reading,
    async () => {
      const preview = await previewFromFile(copy, load, meta.orientation);
      // Done with (the bytes are read long before).
      await reading.then(done, done);
      return { preview };
    },
    fileName,
    {
      ...opts,
      alongside: (bytes, sha256) => {
        handed = true;
        opts.alongside?.(bytes, sha256);
      },
    },
  ).catch((err: unknown) => {
    if (err instanceof PhotoRejected) return null;
    throw err;
  });
  // `alongside` has had these very bytes already: they are not handed over twice.
  return photo ?? fromBytes(handed ? { ...opts, alongside: undefined } : opts);
}

/** Reads a file for import, refusing one that is too large without reading it. */
export async function readPhotoFile(file: string): Promise<Buffer> {
  await sizeOf(file, path.basename(file));
  return fs.promises.readFile(file);
}
