import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import exifReader from 'exif-reader';
import sharp, { type Metadata, type SharpOptions } from 'sharp';
import { decodeHeic } from './heic';

/** Files larger than this are refused before they are read. */
export const MAX_PHOTO_BYTES = 50 * 1024 * 1024;
/** Images with more pixels than this are refused before they are decoded (a 20,000 × 20,000 image has 400 million). */
export const MAX_PHOTO_PIXELS = 100_000_000;
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
 * thread pool, off the main process's JavaScript thread and far from the window's.
 */
export async function preparePhoto(original: Buffer, fileName: string): Promise<PreparedPhoto> {
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
  let thumb: Buffer;
  let preview: Buffer;
  let decoded: { width?: number; height?: number };
  try {
    // The original is decoded once: the preview comes from it, the thumbnail from the preview.
    ({ preview, ...decoded } = await previewOf(original, meta));
    thumb = await displayCopy(preview, THUMB_PX);
  } catch {
    throw new PhotoRejected(fileName, 'the image is damaged or incomplete and cannot be read');
  }
  const turned = decoded.width === undefined && (meta.orientation ?? 1) >= 5;
  return {
    sha256: createHash('sha256').update(original).digest('hex'),
    original,
    format: meta.format,
    width: decoded.width ?? (turned ? meta.height : meta.width),
    height: decoded.height ?? (turned ? meta.width : meta.height),
    takenOn: takenOnFrom(meta.exif),
    thumb,
    preview,
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
