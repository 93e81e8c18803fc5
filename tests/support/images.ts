import zlib from 'node:zlib';
import sharp from 'sharp';
import { faceScene, render, type Light } from './lightScenes';

/** A 60 × 40 white image with a red square in its stored top-left corner, saved with an EXIF orientation, a date and a GPS position. */
export async function cameraJpeg(orientation: number): Promise<Buffer> {
  const png = await sharp({ create: { width: 60, height: 40, channels: 3, background: '#ffffff' } })
    .composite([{ input: { create: { width: 20, height: 20, channels: 3, background: '#ff0000' } }, left: 0, top: 0 }])
    .png()
    .toBuffer();
  return sharp(png)
    .withExif({
      IFD0: { Make: 'Clinic camera', DateTime: '2026:03:14 10:00:00' },
      IFD2: { DateTimeOriginal: '2026:03:14 10:00:00' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '2/1 35/1 0/1' },
    })
    .withMetadata({ orientation })
    .jpeg({ quality: 95 })
    .toBuffer();
}

/** Which corner of a displayed image is red. */
export async function redCorner(image: Buffer): Promise<string> {
  const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
  const red = (x: number, y: number) => {
    const i = (y * info.width + x) * info.channels;
    return data[i]! > 200 && data[i + 1]! < 80 && data[i + 2]! < 80;
  };
  const [w, h] = [info.width - 3, info.height - 3];
  return [red(2, 2) && 'top-left', red(w, 2) && 'top-right', red(2, h) && 'bottom-left', red(w, h) && 'bottom-right']
    .filter(Boolean)
    .join(',');
}

/** The header of a PNG that claims to be `w` × `h` pixels: enough for a reader to size it up. */
export function pngHeaderClaiming(w: number, h: number): Buffer {
  const chunk = (type: string, body: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(body.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(Buffer.concat([Buffer.from(type), body])));
    return Buffer.concat([len, Buffer.from(type), body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.alloc(10))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A stand-in face: a w×h picture of a skin-toned background with two blue dots (the
 * "pupils") at the given pixels, a date taken and a GPS position in its EXIF.
 */
export async function facePhoto(
  w: number,
  h: number,
  eyes: [{ x: number; y: number }, { x: number; y: number }],
  takenOn = '2026:03:14 10:00:00',
): Promise<Buffer> {
  const dot = (p: { x: number; y: number }) => ({
    input: { create: { width: 24, height: 24, channels: 3 as const, background: '#0000ff' } },
    left: Math.round(p.x - 12),
    top: Math.round(p.y - 12),
  });
  return sharp({ create: { width: w, height: h, channels: 3, background: '#e8c4a8' } })
    .composite(eyes.map(dot))
    .withExif({
      IFD0: { Make: 'Clinic camera', DateTime: takenOn },
      IFD2: { DateTimeOriginal: takenOn },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '2/1 35/1 0/1' },
    })
    .jpeg({ quality: 92 })
    .toBuffer();
}

/** The colour at a pixel as [r, g, b]. */
export async function pixelAt(image: Buffer, x: number, y: number): Promise<[number, number, number]> {
  const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
  const i = (Math.round(y) * info.width + Math.round(x)) * info.channels;
  return [data[i]!, data[i + 1]!, data[i + 2]!];
}

export const isBlue = ([r, g, b]: [number, number, number]) => b > 180 && r < 90 && g < 90;

/**
 * The generated face of tests/support/lightScenes.ts under a known light, as a camera's JPEG with a
 * date taken (and a position, which the app's copies must drop).
 */
export async function litFaceJpeg(
  w: number,
  h: number,
  light: Light,
  opts: { eyes?: [{ x: number; y: number }, { x: number; y: number }]; takenOn?: string } = {},
): Promise<Buffer> {
  const pixels = render(faceScene(w, h, opts.eyes ? { eyes: opts.eyes } : {}), w, h, light);
  const takenOn = opts.takenOn ?? '2026:03:14 10:00:00';
  return sharp(Buffer.from(pixels.data), { raw: { width: w, height: h, channels: 3 } })
    .withExif({
      IFD0: { Make: 'Clinic camera', DateTime: takenOn },
      IFD2: { DateTimeOriginal: takenOn },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '2/1 35/1 0/1' },
    })
    .jpeg({ quality: 92 })
    .toBuffer();
}
