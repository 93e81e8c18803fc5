import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  orientationSteps,
  PhotoRejected,
  preparePhoto,
  preparePhotoFile,
  previewSize,
  readPhotoFile,
  type PreparedPhoto,
  PRIVATE_COPY_PREFIX,
  sweepPrivateCopies,
} from '../../electron/photos/pipeline';
import { DamagedFileError } from '../../electron/auth/crypto';
import { measureLighting } from '../../electron/photos/lighting';
import {
  photoPath,
  readPhotoFile as readStored,
  releasePhotoFiles,
  storePhoto,
  writePhotoFileBeside,
} from '../../electron/photos/store';
import { tempDir } from '../support/tempDir';
import { cameraJpeg, pngHeaderClaiming, redCorner } from '../support/images';

describe('photo display copies', () => {
  // EXIF orientation: how the stored pixels must be turned to be seen the right way up.
  const expected: Record<number, [string, 'landscape' | 'portrait']> = {
    1: ['top-left', 'landscape'],
    2: ['top-right', 'landscape'],
    3: ['bottom-right', 'landscape'],
    4: ['bottom-left', 'landscape'],
    5: ['top-left', 'portrait'],
    6: ['top-right', 'portrait'],
    7: ['bottom-right', 'portrait'],
    8: ['bottom-left', 'portrait'],
  };
  for (const orientation of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`applies EXIF orientation ${orientation} and keeps no metadata at all`, async () => {
      const original = await cameraJpeg(orientation);
      expect((await sharp(original).metadata()).exif).toBeDefined();
      const photo = await preparePhoto(original, `IMG_000${orientation}.jpg`);
      const [corner, shape] = expected[orientation]!;
      for (const copy of [photo.thumb, photo.preview]) {
        const meta = await sharp(copy).metadata();
        expect(meta.exif, 'no EXIF (so no GPS position)').toBeUndefined();
        expect(meta.xmp).toBeUndefined();
        expect(meta.iptc).toBeUndefined();
        expect(meta.orientation).toBeUndefined();
        expect(copy.includes(Buffer.from('Clinic camera'))).toBe(false);
        expect(meta.width > meta.height).toBe(shape === 'landscape');
        expect(await redCorner(copy)).toBe(corner);
      }
      expect(photo).toMatchObject({
        format: 'jpeg',
        takenOn: '2026-03-14',
        width: shape === 'landscape' ? 60 : 40,
        height: shape === 'landscape' ? 40 : 60,
      });
    });
  }

  it('reads PNG, WebP and TIFF as well as JPEG, and refuses a GIF by its format', async () => {
    const base = sharp(await cameraJpeg(1));
    for (const [format, bytes] of [
      ['png', await base.clone().png().toBuffer()],
      ['webp', await base.clone().webp().toBuffer()],
      ['tiff', await base.clone().tiff().toBuffer()],
    ] as const) {
      const p = await preparePhoto(bytes, `photo.${format}`);
      expect([p.format, p.width, p.height]).toEqual([format, 60, 40]);
      expect(await redCorner(p.preview)).toBe('top-left');
      expect((await sharp(p.preview).metadata()).format).toBe('jpeg');
    }
    const gif = await base.clone().gif().toBuffer();
    await expect(preparePhoto(gif, 'anim.gif')).rejects.toThrow(
      'anim.gif: gif files are not accepted; use JPEG, PNG, WebP, TIFF or HEIC',
    );
  });

  it('fits large images inside 400 and 2048 pixels', async () => {
    const big = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#88aa99' } })
      .jpeg()
      .toBuffer();
    const photo = await preparePhoto(big, 'big.jpg');
    expect(await sharp(photo.thumb).metadata()).toMatchObject({ width: 400, height: 300 });
    expect(await sharp(photo.preview).metadata()).toMatchObject({ width: 2048, height: 1536 });
  });
});

describe('work done beside the decode', () => {
  it('measures the light of the preview while the thumbnail is made: the same figures as measuring it afterwards', async () => {
    const photo = await preparePhoto(await cameraJpeg(6), 'IMG_1.jpg', { lighting: true });
    expect(photo.lighting).toEqual(await measureLighting(photo.preview));
    expect((await preparePhoto(await cameraJpeg(6), 'IMG_1.jpg')).lighting).toBeUndefined();
  });

  it('hands `alongside` the original and its SHA-256 before the copies are ready; a throw there is the answer', async () => {
    const original = await cameraJpeg(3);
    const seen: [Buffer, string][] = [];
    const photo = await preparePhoto(original, 'IMG_1.jpg', { alongside: (o, sha) => seen.push([o, sha]) });
    expect(seen).toEqual([[original, crypto.createHash('sha256').update(original).digest('hex')]]);
    expect(photo.sha256).toBe(seen[0]![1]);
    await expect(
      preparePhoto(original, 'IMG_1.jpg', {
        alongside: () => {
          throw new Error('no room');
        },
      }),
    ).rejects.toThrow('no room');
  });
});

/** A camera-sized JPEG: grey with some noise, a red square in its stored top-left corner, an EXIF date and orientation. */
function largeJpeg(width: number, height: number, orientation = 1, grey = 128): Promise<Buffer> {
  const square = { create: { width: 400, height: 400, channels: 3 as const, background: '#ff0000' } };
  return sharp({
    create: { width, height, channels: 3, background: '#000', noise: { type: 'gaussian', mean: grey, sigma: 12 } },
  })
    .composite([{ input: square, left: 0, top: 0 }])
    .withExif({ IFD0: { DateTime: '2026:03:14 10:00:00' }, IFD2: { DateTimeOriginal: '2026:03:14 10:00:00' } })
    .withMetadata({ orientation })
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** Peak signal-to-noise ratio of two images of one size, in dB: above 40 the eye sees no difference. */
async function psnr(a: Buffer, b: Buffer): Promise<number> {
  const [x, y] = await Promise.all([a, b].map((i) => sharp(i).raw().toBuffer()));
  let sum = 0;
  for (let i = 0; i < x!.length; i++) sum += (x![i]! - y![i]!) ** 2;
  return 10 * Math.log10((255 * 255) / (sum / x!.length));
}

describe('importing from a file', () => {
  function write(bytes: Buffer, name = 'IMG_0001.jpg'): string {
    const file = path.join(tempDir(), name);
    fs.writeFileSync(file, bytes);
    return file;
  }

  it('gives the record and copies the bytes give, the preview shrunk as the JPEG decodes, in every orientation', async () => {
    for (const orientation of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const bytes = await largeJpeg(4200, 2801, orientation);
      const fromBytes = await preparePhoto(bytes, 'IMG_0001.jpg', { lighting: true });
      const fromFile = await preparePhotoFile(write(bytes), 'IMG_0001.jpg', { lighting: true });
      const { preview, thumb, lighting, release, ...record } = fromFile;
      const { preview: _p, thumb: _t, lighting: _l, ...recordFromBytes } = fromBytes;
      expect(record).toEqual(recordFromBytes);
      expect([record.sha256, record.width, record.height, record.takenOn, record.original.equals(bytes)]).toEqual([
        fromBytes.sha256,
        orientation >= 5 ? 2801 : 4200,
        orientation >= 5 ? 4200 : 2801,
        '2026-03-14',
        true,
      ]);
      // The same sizes, the same way up, no metadata; other pixels (libjpeg shrank by 2 first), not another picture.
      for (const [a, b] of [
        [preview, fromBytes.preview],
        [thumb, fromBytes.thumb],
      ] as const) {
        const [ma, mb] = await Promise.all([sharp(a).metadata(), sharp(b).metadata()]);
        expect([ma.width, ma.height, ma.exif, ma.orientation]).toEqual([mb.width, mb.height, undefined, undefined]);
        expect(await redCorner(a), `orientation ${orientation}`).toBe(await redCorner(b));
      }
      expect(preview.equals(fromBytes.preview)).toBe(false);
      expect(await psnr(preview, fromBytes.preview), `orientation ${orientation}`).toBeGreaterThan(40);
      expect(Math.abs(lighting!.meanLuma8 - fromBytes.lighting!.meanLuma8)).toBeLessThan(0.5);
      release!();
    }
  }, 180_000); // Eight 12-megapixel JPEGs, each made, imported twice and compared: a minute on a loaded two-core machine.

  it('reads each original into a buffer of its own until it is handed back, which zeroes it for the next import', async () => {
    const [a, b, c] = await Promise.all([largeJpeg(4200, 2801, 1), largeJpeg(3000, 2000, 6), largeJpeg(2600, 1800, 3)]);
    // Two imports at once (two screens): neither reads into the other's buffer.
    const [first, second] = await Promise.all([
      preparePhotoFile(write(a, 'A.jpg'), 'A.jpg'),
      preparePhotoFile(write(b, 'B.jpg'), 'B.jpg'),
    ]);
    expect([first.original.equals(a), second.original.equals(b)]).toEqual([true, true]);
    first.release!();
    expect(first.original.equals(Buffer.alloc(first.original.length))).toBe(true);
    expect(second.original.equals(b)).toBe(true);
    // The next import takes the buffer handed back, and has its own bytes and hash.
    const third = await preparePhotoFile(write(c, 'C.jpg'), 'C.jpg');
    expect(c.length).toBeLessThan(a.length);
    expect(third.original.buffer === first.original.buffer).toBe(true);
    expect([third.original.equals(c), third.sha256]).toEqual([true, crypto.createHash('sha256').update(c).digest('hex')]);
    second.release!();
    third.release!();
  }, 60_000);

  it('turns and mirrors each EXIF orientation as sharp’s own auto-orientation does, the steps coming after a resize', async () => {
    // Every pixel of a small picture differs from the others, so any other turn or mirror shows.
    const [width, height] = [6, 4];
    const pixels = Buffer.alloc(width * height * 3);
    for (let i = 0; i < width * height; i++) pixels.set([(i % width) * 40, Math.floor(i / width) * 60, i * 9], i * 3);
    for (let orientation = 1; orientation <= 8; orientation++) {
      const png = await sharp(pixels, { raw: { width, height, channels: 3 } })
        .withMetadata({ orientation })
        .png()
        .toBuffer();
      const { angle, flip, flop } = orientationSteps(orientation);
      const [sharps, ours] = await Promise.all([
        sharp(png).rotate().raw().toBuffer({ resolveWithObject: true }),
        sharp(png)
          .resize(width, height, { fit: 'fill' })
          .rotate(angle)
          .flip(flip)
          .flop(flop)
          .raw()
          .toBuffer({ resolveWithObject: true }),
      ]);
      expect([ours.info.width, ours.info.height], `orientation ${orientation}`).toEqual([sharps.info.width, sharps.info.height]);
      expect(ours.data.equals(sharps.data), `orientation ${orientation}`).toBe(true);
    }
  });

  it('makes the preview and thumbnail the sizes sharp makes them from the bytes, whatever the size and orientation', async () => {
    for (const [width, height, orientation] of [
      [6000, 4000, 1],
      [5239, 8745, 1],
      [4647, 6028, 8],
      [8874, 2650, 1],
      [6313, 2190, 5],
      [4100, 2049, 1],
    ] as const) {
      const bytes = await sharp({ create: { width, height, channels: 3, background: '#7a8a9a' } })
        .withMetadata({ orientation })
        .jpeg()
        .toBuffer();
      const size = previewSize(width, height);
      const sizes = async (p: PreparedPhoto) => {
        const [preview, thumb] = await Promise.all([sharp(p.preview).metadata(), sharp(p.thumb).metadata()]);
        return { preview: [preview.width, preview.height], thumb: [thumb.width, thumb.height] };
      };
      const [fromBytes, fromFile] = await Promise.all([
        preparePhoto(bytes, 'a.jpg').then(sizes),
        preparePhotoFile(write(bytes), 'a.jpg').then(sizes),
      ]);
      const shown = orientation >= 5 ? [size.height, size.width] : [size.width, size.height];
      expect(fromBytes.preview, `${width} × ${height}`).toEqual(shown);
      expect(fromFile, `${width} × ${height}`).toEqual(fromBytes);
    }
  });

  it('is the file as it was copied, whatever happens to the file meanwhile, and leaves no copy behind', async () => {
    const bytes = await largeJpeg(4200, 2800, 1, 100);
    const fromBytes = await preparePhoto(bytes, 'IMG_0001.jpg', { lighting: true });
    const replaced = await largeJpeg(4200, 2800, 1, 200);
    const copies = () => fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('clinic-records-photo-'));
    const before = copies();
    // Cut short while libvips decodes (a file it had mapped would end the process), written over, removed.
    for (const change of [
      (file: string) => fs.truncateSync(file, 0),
      (file: string) => fs.writeFileSync(file, replaced),
      (file: string) => fs.rmSync(file),
    ]) {
      const file = write(bytes);
      const handed: string[] = [];
      const photo = await preparePhotoFile(file, 'IMG_0001.jpg', {
        lighting: true,
        alongside: (_original, sha256) => {
          handed.push(sha256);
          change(file);
        },
      });
      expect(handed).toEqual([fromBytes.sha256]);
      expect([photo.sha256, photo.original.equals(bytes)]).toEqual([fromBytes.sha256, true]);
      expect(await psnr(photo.preview, fromBytes.preview)).toBeGreaterThan(40);
      expect(Math.abs(photo.lighting!.meanLuma8 - fromBytes.lighting!.meanLuma8)).toBeLessThan(0.5);
    }
    expect(copies()).toEqual(before);
  });

  it('makes the photo from its bytes when the temporary folder has no room for a copy', async () => {
    const bytes = await largeJpeg(4200, 2800, 6);
    const file = write(bytes);
    const tmpdir = process.env.TMPDIR;
    process.env.TMPDIR = path.join(tempDir(), 'not there');
    try {
      const photo = await preparePhotoFile(file, 'IMG_0001.jpg');
      const fromBytes = await preparePhoto(bytes, 'IMG_0001.jpg');
      expect([photo.sha256, photo.preview.equals(fromBytes.preview), photo.thumb.equals(fromBytes.thumb)]).toEqual([
        fromBytes.sha256,
        true,
        true,
      ]);
    } finally {
      if (tmpdir === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = tmpdir;
    }
  });

  it('never answers with a picture decoded earlier from the same path', async () => {
    const file = write(await largeJpeg(4200, 2800, 1, 60));
    const dark = await preparePhotoFile(file, 'IMG_0001.jpg', { lighting: true });
    fs.writeFileSync(file, await largeJpeg(4200, 2800, 1, 220));
    const light = await preparePhotoFile(file, 'IMG_0001.jpg', { lighting: true });
    expect(light.sha256).not.toBe(dark.sha256);
    expect(light.lighting!.meanLuma8 - dark.lighting!.meanLuma8).toBeGreaterThan(100);
  });

  it('decodes a file whose name has brackets (libvips reads options from them) by a name of its own', async () => {
    const bytes = await largeJpeg(4200, 2800, 3);
    const photo = await preparePhotoFile(write(bytes, 'IMG [2].jpg[shrink=8]'), 'IMG [2].jpg[shrink=8]');
    const fromBytes = await preparePhoto(bytes, 'IMG [2].jpg[shrink=8]');
    const [a, b] = await Promise.all([sharp(photo.preview).metadata(), sharp(fromBytes.preview).metadata()]);
    expect([a.width, a.height]).toEqual([b.width, b.height]);
    expect(await psnr(photo.preview, fromBytes.preview)).toBeGreaterThan(40);
  });

  it('refuses a large JPEG cut short, a missing file and one too large, as the bytes would be', async () => {
    const bytes = await largeJpeg(4200, 2800);
    const cut = bytes.subarray(0, Math.floor(bytes.length * 0.6));
    await expect(preparePhotoFile(write(cut, 'cut.jpg'), 'cut.jpg')).rejects.toThrow(
      new PhotoRejected('cut.jpg', 'the image is damaged or incomplete and cannot be read'),
    );
    await expect(preparePhotoFile(path.join(tempDir(), 'gone.jpg'), 'gone.jpg')).rejects.toThrow(
      'gone.jpg: the file cannot be found',
    );
    const huge = write(Buffer.alloc(0), 'huge.jpg');
    fs.truncateSync(huge, 60 * 1024 * 1024);
    await expect(preparePhotoFile(huge, 'huge.jpg')).rejects.toThrow('huge.jpg: the file is larger than 50 MB');
  });
});

describe('bad photo files', () => {
  it('refuses, with a reason, a file that is not an image, a damaged one, an empty one and an oversize one', async () => {
    const reject = async (bytes: Buffer, name: string) => {
      const err = await preparePhoto(bytes, name).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PhotoRejected);
      return (err as Error).message;
    };
    expect(await reject(Buffer.from('not a photo at all'), 'notes.jpg')).toBe(
      'notes.jpg: this is not an image the app can read (JPEG, PNG, WebP, TIFF or HEIC)',
    );
    // A photo cut short in copying: its header is whole, its picture is not.
    const photo = await sharp({
      create: { width: 800, height: 600, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } },
    })
      .jpeg()
      .toBuffer();
    expect(await reject(photo.subarray(0, Math.floor(photo.length * 0.6)), 'cut.jpg')).toBe(
      'cut.jpg: the image is damaged or incomplete and cannot be read',
    );
    const small = await cameraJpeg(1);
    expect(await reject(small.subarray(0, 200), 'header-only.jpg')).toBe(
      'header-only.jpg: the image is damaged or incomplete and cannot be read',
    );
    expect(await reject(Buffer.alloc(0), 'empty.jpg')).toBe('empty.jpg: the file is empty');
    expect(await reject(pngHeaderClaiming(20_000, 20_000), 'huge.png')).toBe(
      'huge.png: the image is 20000 × 20000 pixels; the limit is 100 megapixels',
    );
    const gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } })
      .gif()
      .toBuffer();
    expect(await reject(gif, 'anim.gif')).toBe('anim.gif: gif files are not accepted; use JPEG, PNG, WebP, TIFF or HEIC');
  });

  it('refuses a 200 MB file without reading it', async () => {
    const file = path.join(tempDir(), 'huge.jpg');
    fs.writeFileSync(file, '');
    fs.truncateSync(file, 200 * 1024 * 1024);
    await expect(readPhotoFile(file)).rejects.toThrow('huge.jpg: the file is larger than 50 MB');
    await expect(readPhotoFile(path.join(tempDir(), 'missing.jpg'))).rejects.toThrow('missing.jpg: the file cannot be found');
  });
});

describe('the content-addressed store', () => {
  it('keeps the original byte for byte (encrypted) under its SHA-256, never twice, and leaves no partial files', async () => {
    const root = tempDir();
    const store = { dir: path.join(root, 'photos'), key: crypto.randomBytes(32) };
    const original = await cameraJpeg(6);
    const photo = await preparePhoto(original, 'IMG_1.jpg');
    expect(storePhoto(store, photo)).toEqual({ stored: true });
    expect(storePhoto(store, await preparePhoto(Buffer.from(original), 'copy of IMG_1.jpg'))).toEqual({ stored: false });
    const onDisk = fs.readFileSync(photoPath(store.dir, photo.sha256, 'original')!);
    expect(onDisk.includes(original.subarray(0, 3))).toBe(false);
    expect(readStored(store, photo.sha256, 'original').equals(original)).toBe(true);
    expect(readStored(store, photo.sha256, 'thumb').subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    const files = fs.readdirSync(store.dir, { recursive: true }).map(String);
    expect(files.filter((f) => f.endsWith('.partial'))).toEqual([]);
    expect(files.filter((f) => /[0-9a-f]{64}$/.test(f))).toHaveLength(3);
  });

  it('moves an original written beside its place into it, and never one written for another photo or key', async () => {
    const store = { dir: path.join(tempDir(), 'photos'), key: crypto.randomBytes(32) };
    const a = await preparePhoto(await cameraJpeg(1), 'a.jpg');
    const b = await preparePhoto(await cameraJpeg(3), 'b.jpg');
    const waiting = (p: PreparedPhoto) => {
      const dir = path.dirname(photoPath(store.dir, p.sha256, 'original')!);
      return fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.partial'))
        .map((f) => fs.readFileSync(path.join(dir, f)));
    };
    const pendingA = writePhotoFileBeside(store, a.sha256, 'original', a.original);
    const pendingB = writePhotoFileBeside(store, b.sha256, 'original', b.original);
    const [writtenA] = waiting(a);
    // Each encryption has its own random nonce: only the very file written beside is equal to it.
    storePhoto(store, a, undefined, [pendingB, pendingA]);
    expect(fs.readFileSync(photoPath(store.dir, a.sha256, 'original')!).equals(writtenA!)).toBe(true);
    expect(waiting(a)).toEqual(a.sha256.slice(0, 2) === b.sha256.slice(0, 2) ? waiting(b) : []);
    // Nor one written under another key, nor a look-alike claiming to be another kind of file.
    const otherStore = { ...store, key: crypto.randomBytes(32) };
    const otherKey = writePhotoFileBeside(otherStore, b.sha256, 'original', b.original);
    const before = waiting(b);
    storePhoto(store, b, undefined, [pendingA, otherKey, { ...pendingB, kind: 'preview' }]);
    const bOnDisk = fs.readFileSync(photoPath(store.dir, b.sha256, 'original')!);
    expect(before.some((f) => bOnDisk.equals(f))).toBe(false);
    expect(readStored(store, b.sha256, 'original').equals(b.original)).toBe(true);
    expect(readStored(store, b.sha256, 'preview').equals(b.preview)).toBe(true);
    releasePhotoFiles([pendingA, pendingB, otherKey]);
    expect(waiting(a)).toEqual([]);
    expect(waiting(b)).toEqual([]);
    expect(() => writePhotoFileBeside(store, '../x', 'original', a.original)).toThrow('Not a photo hash');
  });

  it('refuses to decrypt a file under another clinic’s key, or one moved to another photo’s name', async () => {
    const store = { dir: path.join(tempDir(), 'photos'), key: crypto.randomBytes(32) };
    const a = await preparePhoto(await cameraJpeg(1), 'a.jpg');
    const b = await preparePhoto(await cameraJpeg(3), 'b.jpg');
    storePhoto(store, a);
    storePhoto(store, b);
    expect(() => readStored({ ...store, key: crypto.randomBytes(32) }, a.sha256, 'preview')).toThrow(DamagedFileError);
    fs.copyFileSync(photoPath(store.dir, a.sha256, 'preview')!, photoPath(store.dir, b.sha256, 'preview')!);
    expect(() => readStored(store, b.sha256, 'preview')).toThrow(DamagedFileError);
  });

  it('gives no path for anything that is not a hash, so no path can climb out of the store', () => {
    expect(photoPath('/data', '../../etc/passwd', 'original')).toBeNull();
    expect(photoPath('/data', 'A'.repeat(64), 'thumb')).toBeNull();
    expect(photoPath('/data/photos', 'a'.repeat(64), 'thumb')).toBe(path.join('/data', 'photos', 'thumb', 'aa', 'a'.repeat(64)));
  });
});

describe('private copies left by a crash', () => {
  it('are removed when a clinic opens once an hour old; a copy in use and other folders are left', () => {
    const tmp = tempDir();
    const hourAgo = (Date.now() - 61 * 60 * 1000) / 1000;
    const old = path.join(tmp, `${PRIVATE_COPY_PREFIX}old`);
    const fresh = path.join(tmp, `${PRIVATE_COPY_PREFIX}fresh`);
    const other = path.join(tmp, 'someone-else-old');
    for (const dir of [old, fresh, other]) {
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'photo'), 'plain bytes');
    }
    fs.utimesSync(old, hourAgo, hourAgo);
    fs.utimesSync(other, hourAgo, hourAgo);
    expect(sweepPrivateCopies(Date.now(), tmp)).toBe(1);
    expect(fs.existsSync(old)).toBe(false);
    expect(fs.existsSync(path.join(fresh, 'photo'))).toBe(true);
    expect(fs.existsSync(path.join(other, 'photo'))).toBe(true);
    // A folder that cannot be read is no reason to fail the opening.
    expect(sweepPrivateCopies(Date.now(), path.join(tmp, 'missing'))).toBe(0);
  });
});
