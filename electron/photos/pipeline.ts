import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import exifReader from 'exif-reader';
import sharp, { type Metadata, type SharpOptions } from 'sharp';
import type { LightingStats } from '../../shared/lighting';
import { decodeHeic } from './heic';
import { measureLighting } from './lighting';
import { MAX_PHOTO_BYTES, MAX_PHOTO_PIXELS } from './limits';

export { MAX_PHOTO_BYTES, MAX_PHOTO_PIXELS };
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
}

export interface PrepareOptions {
  /** Measure the preview's light (as measureLighting does) while the thumbnail is made. */
  lighting?: boolean;
  /**
   * Work on the original that needs nothing else (encrypting it), run on this thread while
   * the image is decoded on libuv's pool. It must store nothing: the photo may yet be refused.
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
 * Checks one image and makes its display copies. Everything is decided before anything
 * is stored, so a refused or damaged file leaves nothing behind. sharp works on libuv's
 * thread pool, off the main process's JavaScript thread and far from the window's; while it
 * decodes, this thread hashes the original (and runs `alongside`), so neither waits for the other.
 */
export async function preparePhoto(original: Buffer, fileName: string, opts: PrepareOptions = {}): Promise<PreparedPhoto> {
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
  if (!meta.format || !READABLE_FORMATS.has(meta.format)) {
    throw new PhotoRejected(fileName, `${meta.format ?? 'this'} files are not accepted; use JPEG, PNG, WebP, TIFF or HEIC`);
  }
  const pixels = (meta.width ?? 0) * (meta.height ?? 0);
  if (pixels > MAX_PHOTO_PIXELS) {
    throw new PhotoRejected(
      fileName,
      `the image is ${meta.width} × ${meta.height} pixels; the limit is ${MAX_PHOTO_PIXELS / 1_000_000} megapixels`,
    );
  }
  const damaged = () => new PhotoRejected(fileName, 'the image is damaged or incomplete and cannot be read');
  // The original is decoded once: the preview comes from it; the thumbnail and the light from the preview.
  const copies = previewOf(original, meta).then(
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
  // Settled here too, so a throw from `alongside` leaves no unhandled rejection behind it.
  copies.catch(() => undefined);
  const sha256 = createHash('sha256').update(original).digest('hex');
  opts.alongside?.(original, sha256);
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

/** Reads a file for import, refusing one that is too large without reading it. */
export async function readPhotoFile(file: string): Promise<Buffer> {
  const name = path.basename(file);
  const stat = await fs.promises.stat(file).catch(() => null);
  if (!stat || !stat.isFile()) throw new PhotoRejected(name, 'the file cannot be found');
  if (stat.size > MAX_PHOTO_BYTES) throw new PhotoRejected(name, `the file is larger than ${MAX_PHOTO_BYTES / 1024 / 1024} MB`);
  return fs.promises.readFile(file);
}
