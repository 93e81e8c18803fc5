import sharp from 'sharp';
import { PhotoRejected } from './pipeline';

/**
 * A frame from the capture view arrives as the page's canvas encoded it: a JPEG (Chromium writes
 * an sRGB colour profile into it) or a PNG. Before anything else, whatever is written in it besides
 * the picture is taken out, so the stored original of a capture carries nothing but pixels:
 * - JPEG: the APP1–APP13 and APP15 segments (EXIF, XMP, colour profiles, IPTC…) and comments are
 *   cut out of the file as it is, without decoding: the picture stays bit for bit what the page sent.
 *   APP0 (JFIF: only the pixel density) and APP14 (Adobe: how the colours are coded) stay.
 * - PNG: written again by sharp, which keeps the pixels exactly and writes no text, time or profile.
 * Anything else is passed on unchanged, for the pipeline to refuse with its own reason.
 */
export async function frameWithoutMetadata(bytes: Buffer, name: string): Promise<Buffer> {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return stripJpeg(bytes, name);
  if (bytes.subarray(1, 4).toString('latin1') === 'PNG') {
    try {
      return await sharp(bytes).png().toBuffer();
    } catch {
      return bytes;
    }
  }
  return bytes;
}

const SOS = 0xda;
const COM = 0xfe;
const APP0 = 0xe0;
const APP14 = 0xee;

function stripJpeg(b: Buffer, name: string): Buffer {
  const damaged = () => new PhotoRejected(name, 'the image is damaged or incomplete and cannot be read');
  const kept: Buffer[] = [b.subarray(0, 2)];
  let at = 2;
  for (;;) {
    if (at + 4 > b.length || b[at] !== 0xff) throw damaged();
    const marker = b[at + 1]!;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === SOS) {
      kept.push(b.subarray(at));
      return Buffer.concat(kept);
    }
    const length = b.readUInt16BE(at + 2);
    if (length < 2 || at + 2 + length > b.length) throw damaged();
    const metadata = (marker > APP0 && marker <= 0xef && marker !== APP14) || marker === COM;
    if (!metadata) kept.push(b.subarray(at, at + 2 + length));
    at += 2 + length;
  }
}
