import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { frameWithoutMetadata } from '../../electron/photos/capturedFrame';
import { PhotoRejected } from '../../electron/photos/pipeline';

/** A small JPEG with a colour profile, EXIF and a comment segment put in by hand. */
async function taggedJpeg(): Promise<Buffer> {
  const plain = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#a07050' } })
    .withIccProfile('srgb')
    .withExif({ IFD0: { Make: 'Webcam' } })
    .jpeg()
    .toBuffer();
  const text = Buffer.from('Taken with a webcam');
  const com = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from([0, text.length + 2]), text]);
  // The comment right after SOI, with a fill byte before the next marker (allowed by the standard).
  return Buffer.concat([plain.subarray(0, 2), com, Buffer.from([0xff]), plain.subarray(2)]);
}

describe('a captured frame without its metadata', () => {
  it('cuts EXIF, the colour profile and comments from a JPEG and keeps its pixels', async () => {
    const tagged = await taggedJpeg();
    const before = await sharp(tagged).metadata();
    expect([Boolean(before.exif), Boolean(before.icc)]).toEqual([true, true]);
    const clean = await frameWithoutMetadata(tagged, 'frame.jpg');
    const after = await sharp(clean).metadata();
    expect([after.exif, after.icc, after.xmp]).toEqual([undefined, undefined, undefined]);
    expect(clean.includes(Buffer.from('Webcam'))).toBe(false);
    expect(clean.includes(Buffer.from('Taken with a webcam'))).toBe(false);
    const raw = async (b: Buffer) => (await sharp(b).raw().toBuffer()).toString('base64');
    expect(await raw(clean)).toBe(await raw(tagged));
  });

  it('refuses a JPEG whose segments run past its end, or that ends before its picture', async () => {
    const tagged = await taggedJpeg();
    // A segment length pointing past the end of the file.
    const overlong = Buffer.from(tagged.subarray(0, 40));
    await expect(frameWithoutMetadata(overlong, 'frame.jpg')).rejects.toThrow(PhotoRejected);
    await expect(frameWithoutMetadata(overlong, 'frame.jpg')).rejects.toThrow(/damaged or incomplete/);
    // Only the start of the file.
    await expect(frameWithoutMetadata(tagged.subarray(0, 3), 'frame.jpg')).rejects.toThrow(/damaged or incomplete/);
    // A byte where a marker should be.
    const broken = Buffer.from(tagged);
    broken[2] = 0x00;
    await expect(frameWithoutMetadata(broken, 'frame.jpg')).rejects.toThrow(/damaged or incomplete/);
  });

  it('writes a PNG again without its text; leaves a damaged PNG and other formats for the pipeline to refuse', async () => {
    const png = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#336699' } })
      .withExif({ IFD0: { Make: 'Webcam' } })
      .png()
      .toBuffer();
    expect((await sharp(png).metadata()).exif).toBeDefined();
    const clean = await frameWithoutMetadata(png, 'frame.png');
    expect((await sharp(clean).metadata()).exif).toBeUndefined();
    const damaged = png.subarray(0, 40);
    expect(await frameWithoutMetadata(damaged, 'frame.png')).toBe(damaged);
    const webp = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
      .webp()
      .toBuffer();
    expect(await frameWithoutMetadata(webp, 'frame.webp')).toBe(webp);
  });
});
