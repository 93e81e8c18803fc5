import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { composeComparison } from '../../electron/photos/composite';
import { measureLighting } from '../../electron/photos/lighting';
import { preparePhoto } from '../../electron/photos/pipeline';
import { heicDecodesOffThread, outsideAsar } from '../../electron/photos/heic';
import { apply, placements } from '../../shared/alignment';
import { photoLabel } from '../../shared/photos';
import { readPhotoFile as readStoredPhoto } from '../../electron/photos/store';
import { chart, fullTreatment, TEST_OWNER, testClinic, type TestClinic } from '../support/core';
import { importOne, NO_TAGS, stage } from '../support/photos';
import { cameraJpeg, facePhoto, isBlue, pixelAt, pngHeaderClaiming, redCorner } from '../support/images';

const HEIC = path.resolve(__dirname, '../fixtures/photos/iphone.heic');

function storeFiles(c: TestClinic): string[] {
  const root = path.join(c.core.dataDir, 'photos');
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => d.name);
}

describe('photo library', () => {
  it('imports a camera photo: date from EXIF, original kept byte for byte, display copies without metadata', async () => {
    const c = await testClinic();
    const pid = await c.patient();
    const original = await cameraJpeg(6);
    const photo = await importOne(c, pid, 'IMG_0001.JPG', original, { view: 'front', expression: 'frown', area: 'glabella' });
    expect(photo).toMatchObject({ takenOn: '2026-03-14', takenOnSource: 'camera', width: 40, height: 60, view: 'front' });
    const served = c.core.photo(`/photo/${photo.id}/preview`);
    expect(served.status).toBe(200);
    if (served.status !== 200) return;
    const meta = await sharp(served.body).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect(await redCorner(served.body)).toBe('top-right');
    // The original in the store is the very file imported, GPS and all, encrypted: it never leaves the data folder.
    const stored = fs
      .readdirSync(path.join(c.core.dataDir, 'photos', 'original'), { recursive: true, withFileTypes: true })
      .find((d) => d.isFile())!;
    const onDisk = fs.readFileSync(path.join(stored.parentPath, stored.name));
    expect(onDisk.includes(original.subarray(0, 3))).toBe(false);
    expect(readStoredPhoto(c.core.access.folder.photos!, stored.name, 'original').equals(original)).toBe(true);
  });

  it('imports a camera-sized JPEG: the record and copies of its bytes, the light measured on the preview stored', async () => {
    const c = await testClinic();
    const pid = await c.patient();
    const original = await sharp({
      create: { width: 4200, height: 2800, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 120, sigma: 12 } },
    })
      .composite([{ input: { create: { width: 300, height: 300, channels: 3, background: '#ff0000' } }, left: 0, top: 0 }])
      .withMetadata({ orientation: 8 })
      .jpeg({ quality: 90 })
      .toBuffer();
    const photo = await importOne(c, pid, 'IMG_0002.JPG', original);
    expect(photo).toMatchObject({ format: 'jpeg', width: 2800, height: 4200 });
    const served = (kind: string) => {
      const r = c.core.photo(`/photo/${photo.id}/${kind}`);
      if (r.status !== 200) throw new Error(`no ${kind}`);
      return r.body;
    };
    const fromBytes = await preparePhoto(original, 'IMG_0002.JPG');
    for (const kind of ['preview', 'thumb'] as const) {
      const [meta, expected] = await Promise.all([sharp(served(kind)).metadata(), sharp(fromBytes[kind]).metadata()]);
      expect([meta.width, meta.height, meta.exif]).toEqual([expected.width, expected.height, undefined]);
      expect(await redCorner(served(kind))).toBe('bottom-left');
    }
    expect(readStoredPhoto(c.core.access.folder.photos!, fromBytes.sha256, 'original').equals(original)).toBe(true);
    const row = c.core.db.prepare('SELECT lighting_json FROM photos WHERE id = ?').pluck().get(photo.id) as string;
    expect(JSON.parse(row)).toEqual(await measureLighting(served('preview')));
  });

  it('imports a real HEIC file (HEVC) through libheif, with its date', async () => {
    const c = await testClinic();
    const pid = await c.patient();
    const photo = await importOne(c, pid, 'IMG_4410.HEIC', fs.readFileSync(HEIC));
    expect(photo).toMatchObject({ format: 'heif', width: 640, height: 480, takenOn: '2026-03-14' });
    const served = c.core.photo(`/photo/${photo.id}/thumb`);
    if (served.status !== 200) throw new Error('no thumbnail');
    const meta = await sharp(served.body).metadata();
    expect([meta.format, meta.width, meta.height, meta.exif]).toEqual(['jpeg', 400, 300, undefined]);
    // The fixture has a red block in its top-left corner: decoded, not a grey placeholder.
    expect(await redCorner(served.body)).toBe('top-left');
    // Decoded on a worker thread, so the main process kept answering meanwhile.
    expect(heicDecodesOffThread()).toBe(true);
  });

  it('finds libheif outside the asar archive in a packaged app, and where it is when not packaged', () => {
    const packed = 'C:\\Program Files\\Clinic Records\\resources\\app.asar\\node_modules\\libheif-js\\wasm-bundle.js';
    expect(outsideAsar(packed, () => true)).toBe(
      'C:\\Program Files\\Clinic Records\\resources\\app.asar.unpacked\\node_modules\\libheif-js\\wasm-bundle.js',
    );
    expect(outsideAsar('/opt/Clinic Records/resources/app.asar/node_modules/libheif-js/wasm-bundle.js', () => true)).toBe(
      '/opt/Clinic Records/resources/app.asar.unpacked/node_modules/libheif-js/wasm-bundle.js',
    );
    expect(outsideAsar('/opt/x/resources/app.asar/node_modules/libheif-js/wasm-bundle.js', () => false)).toBe(
      '/opt/x/resources/app.asar/node_modules/libheif-js/wasm-bundle.js',
    );
    expect(outsideAsar('/work/node_modules/libheif-js/wasm-bundle.js', () => true)).toBe(
      '/work/node_modules/libheif-js/wasm-bundle.js',
    );
  });

  it('gives each bad file its own clear message, imports the rest and stores nothing of the bad ones', async () => {
    const c = await testClinic();
    const pid = await c.patient();
    const good = await facePhoto(600, 800, [
      { x: 200, y: 300 },
      { x: 400, y: 300 },
    ]);
    const truncated = good.subarray(0, Math.floor(good.length / 2));
    const corrupt = Buffer.from(good);
    corrupt.fill(0x55, 4, 400); // the headers overwritten, the start-of-image marker kept
    const dir = path.join(c.dir, 'incoming');
    fs.mkdirSync(path.join(dir, 'empty folder'), { recursive: true });
    // A 200 MB file, sparse, so the test does not write 200 MB: it is refused from its size alone.
    const huge = path.join(dir, 'huge.jpg');
    fs.writeFileSync(huge, good);
    fs.truncateSync(huge, 200 * 1024 * 1024);
    const staged = [
      ...stage(c, {
        'good.jpg': good,
        'truncated.jpg': truncated,
        'corrupt.jpg': corrupt,
        'notes.jpg': Buffer.from('Patient notes, not a picture at all\n'.repeat(20)),
        'giant.png': pngHeaderClaiming(20_000, 20_000),
        'empty.jpg': Buffer.alloc(0),
      }),
      ...c.core.stagePaths([huge, path.join(dir, 'empty folder')]),
    ];
    const outcome: Record<string, string> = {};
    for (const s of staged) {
      if (!s.token) {
        outcome[s.name] = s.problem!;
        continue;
      }
      const r = await c.raw('photos.import', { patientId: pid, token: s.token, tags: NO_TAGS });
      outcome[s.name] = r.ok ? 'imported' : r.error.message;
    }
    expect(outcome).toEqual({
      'good.jpg': 'imported',
      'truncated.jpg': 'truncated.jpg: the image is damaged or incomplete and cannot be read',
      'corrupt.jpg': 'corrupt.jpg: the image is damaged or incomplete and cannot be read',
      'notes.jpg': 'notes.jpg: this is not an image the app can read (JPEG, PNG, WebP, TIFF or HEIC)',
      'giant.png': 'giant.png: the image is 20000 × 20000 pixels; the limit is 100 megapixels',
      'empty.jpg': 'the file is empty',
      'huge.jpg': 'the file is larger than 50 MB',
      'empty folder': 'the folder “empty folder” has no files in it',
    });
    const lib = await c.call('photos.library', { patientId: pid });
    expect(lib.photos.map((p) => p.originalName)).toEqual(['good.jpg']);
    // One original, one preview, one thumbnail: nothing of the refused files.
    expect(storeFiles(c)).toHaveLength(3);
  });

  it('never stores the same file twice, and says so', async () => {
    const c = await testClinic();
    const pid = await c.patient();
    const other = await c.patient({ firstName: 'Bea' });
    const bytes = await cameraJpeg(1);
    await importOne(c, pid, 'a.jpg', bytes);
    const again = await c.raw('photos.import', {
      patientId: pid,
      token: stage(c, { 'a-copy.jpg': bytes })[0]!.token!,
      tags: NO_TAGS,
    });
    expect(again.ok ? '' : again.error.message).toMatch(/a-copy\.jpg: already in this patient’s photos/);
    await importOne(c, other, 'a.jpg', bytes);
    expect(storeFiles(c)).toHaveLength(3);
    // A token is used up by its import.
    const [s] = stage(c, { 'b.jpg': await cameraJpeg(3) });
    await c.call('photos.import', { patientId: pid, token: s!.token!, tags: NO_TAGS });
    const reuse = await c.raw('photos.import', { patientId: pid, token: s!.token!, tags: NO_TAGS });
    expect(reuse).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('tags a photo, links it to a treatment and counts the days since', async () => {
    const c = await testClinic();
    const pid = await c.patient();
    await c.consent(pid, '2025-01-01');
    const t = await chart(c, fullTreatment(pid, await c.injector(), await c.lot(), '2026-03-01'));
    const photo = await importOne(c, pid, 'a.jpg', await cameraJpeg(1));
    expect(photo).toMatchObject({ treatmentOn: '2026-03-01', daysSinceTreatment: 13, consentScope: 'clinical' });
    const lib = await c.call('photos.library', { patientId: pid });
    const updated = await c.call('photos.update', {
      id: photo.id,
      tags: {
        takenOn: '2026-03-15',
        area: 'forehead',
        view: 'left45',
        expression: 'smile',
        phase: 'review',
        treatmentId: lib.treatments[0]!.id,
      },
    });
    expect(updated).toMatchObject({ takenOn: '2026-03-15', takenOnSource: 'edited', daysSinceTreatment: 14, phase: 'review' });
    expect(t).toBeGreaterThan(0);
    // Only the date is wrong: the other tags are the ones just saved.
    const { area, view, expression, phase, treatmentId } = updated;
    const bad = await c.raw('photos.update', {
      id: photo.id,
      tags: { takenOn: '2027-01-01', area, view, expression, phase, treatmentId },
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: { takenOn: 'This date is in the future' } } });
    const wrongArea = await c.raw('photos.update', {
      id: photo.id,
      tags: { takenOn: '2026-03-15', area: 'elbow', view: null, expression: null, phase: null, treatmentId: null },
    });
    expect(wrongArea.ok ? '' : wrongArea.error.message).toBe('Choose an area from the list.');
  });

  it('shows which standard views are missing for the baseline, the review and before retreatment', async () => {
    const c = await testClinic();
    const pid = await c.patient();
    await c.consent(pid);
    await chart(c, fullTreatment(pid, await c.injector(), await c.lot(), '2026-03-14'));
    await importOne(c, pid, 'a.jpg', await cameraJpeg(1), { phase: 'baseline', view: 'front', expression: 'rest' });
    await importOne(c, pid, 'b.jpg', await cameraJpeg(2), { phase: 'baseline', view: 'front', expression: 'frown' });
    const { protocol } = await c.call('photos.library', { patientId: pid });
    const baseline = protocol.phases.find((p) => p.phase === 'baseline')!;
    expect(baseline.taken).toBe(2);
    expect(baseline.missing).toEqual([
      'Front · Raised brows',
      'Left 45° · Smile',
      'Right 45° · Smile',
      'Left 90° · At rest',
      'Right 90° · At rest',
    ]);
    expect(protocol.phases.find((p) => p.phase === 'review')!.missing).toHaveLength(7);
  });

  it('serves photos by id only: traversal, other names, originals and deleted photos get nothing', async () => {
    const c = await testClinic();
    const pid = await c.patient();
    const photo = await importOne(c, pid, 'a.jpg', await cameraJpeg(1));
    for (const p of [
      `/photo/${photo.id}/original`,
      `/photo/${photo.id}/../../clinic.sqlite`,
      `/photo/${photo.id}/..%2F..%2Fclinic.sqlite`,
      '/photo/../clinic.sqlite',
      '/photo/%2e%2e/%2e%2e/etc/passwd',
      `/photo/${photo.id}/thumb/../../original`,
      `/photo/0/thumb`,
      `/photo/-1/thumb`,
      `/photo/999/thumb`,
      `/photo/${photo.id}/thumb?x`,
      `/photo/${photo.id}`,
    ]) {
      expect(c.core.photo(p).status, p).toBe(404);
    }
    expect(c.core.photo(`/photo/${photo.id}/thumb`).status).toBe(200);
    await c.call('photos.delete', { id: photo.id, reason: 'Wrong patient' });
    expect(c.core.photo(`/photo/${photo.id}/thumb`).status).toBe(404);
    expect((await c.call('photos.library', { patientId: pid })).photos).toHaveLength(0);
    // Kept for the audit trail: the row, who deleted it and why, and the original file.
    const row = c.core.db.prepare('SELECT deleted_by, delete_reason FROM photos WHERE id = ?').get(photo.id);
    expect(row).toEqual({ deleted_by: TEST_OWNER.name, delete_reason: 'Wrong patient' });
    expect(storeFiles(c)).toHaveLength(3);
    const audit = c.core.db.prepare("SELECT action FROM audit_log WHERE entity = 'photo' ORDER BY id").pluck().all();
    expect(audit).toEqual(['create', 'delete']);
  });
});

describe('comparison export', () => {
  async function pairWithLandmarks(c: TestClinic, pid: number) {
    const a = await importOne(
      c,
      pid,
      'before.jpg',
      await facePhoto(800, 1000, [
        { x: 300, y: 400 },
        { x: 500, y: 400 },
      ]),
    );
    const b = await importOne(
      c,
      pid,
      'after.jpg',
      await facePhoto(
        1000,
        800,
        [
          { x: 420, y: 300 },
          { x: 600, y: 380 },
        ],
        '2026:04:01 09:00:00',
      ),
    );
    await c.call('photos.setLandmarks', {
      id: a.id,
      landmarks: [
        { x: 300 / 800, y: 0.4 },
        { x: 500 / 800, y: 0.4 },
      ],
    });
    await c.call('photos.setLandmarks', {
      id: b.id,
      landmarks: [
        { x: 0.42, y: 300 / 800 },
        { x: 0.6, y: 380 / 800 },
      ],
    });
    return [a, b] as const;
  }

  it('exports an aligned pair whose pupils line up, with labels and no metadata, as PNG, JPEG and PDF', async () => {
    const c = await testClinic();
    const pid = await c.patient();
    await c.consent(pid);
    const [a, b] = await pairWithLandmarks(c, pid);
    const view = { photoIds: [a.id, b.id], layout: 'pair' as const, mode: 'side' as const, aligned: true, mix: 0.5 };
    const png = await c.call('photos.export', { view, format: 'png', purpose: 'clinical' });
    const file = png.savedTo!;
    const bytes = fs.readFileSync(file);
    const meta = await sharp(bytes).metadata();
    expect([meta.format, meta.exif, meta.xmp, meta.iptc]).toEqual(['png', undefined, undefined, undefined]);
    // Where the first photo's pupils fall in the left pane, the second photo's fall in the right pane.
    const [pa] = placements([{ width: 800, height: 1000, landmarks: null }], 900, 1125, false);
    for (const eye of [
      { x: 300, y: 400 },
      { x: 500, y: 400 },
    ]) {
      const inPane = apply(pa!, eye);
      expect(isBlue(await pixelAt(bytes, 24 + inPane.x, 24 + inPane.y))).toBe(true);
      expect(isBlue(await pixelAt(bytes, 24 + 900 + 16 + inPane.x, 24 + inPane.y))).toBe(true);
    }
    const jpeg = await c.call('photos.export', { view, format: 'jpeg', purpose: 'clinical' });
    const jmeta = await sharp(fs.readFileSync(jpeg.savedTo!)).metadata();
    expect([jmeta.format, jmeta.exif, jmeta.icc === undefined]).toEqual(['jpeg', undefined, true]);
    const pdf = await c.call('photos.export', { view, format: 'pdf', purpose: 'clinical' });
    const info = execFileSync('pdfinfo', [pdf.savedTo!]).toString();
    expect(info).toMatch(/Pages:\s+1/);
    expect(info).not.toMatch(/Producer|Creator|CreationDate|Author/);
    const out = path.join(c.dir, 'page');
    execFileSync('pdftoppm', ['-r', '40', '-png', '-singlefile', pdf.savedTo!, out]);
    const page = await sharp(`${out}.png`).metadata();
    expect(page.width).toBeGreaterThan(page.height); // A4 landscape for a wide pair
  });

  it('labels each photo with its date and the days since treatment, drawn under its pane', async () => {
    const c = await testClinic();
    const pid = await c.patient();
    await c.consent(pid);
    await chart(c, fullTreatment(pid, await c.injector(), await c.lot(), '2026-03-14'));
    const [a, b] = await pairWithLandmarks(c, pid);
    const photos = (await c.call('photos.library', { patientId: pid })).photos;
    expect(photos.map((p) => photoLabel(p))).toEqual([
      { date: 'Wednesday 1 April 2026', since: 'Day 18 after treatment', pose: '' },
      { date: 'Saturday 14 March 2026', since: 'Day of treatment', pose: '' },
    ]);
    const view = { photoIds: [a.id, b.id], layout: 'pair' as const, mode: 'side' as const, aligned: false, mix: 0.5 };
    const png = fs.readFileSync((await c.call('photos.export', { view, format: 'png', purpose: 'clinical' })).savedTo!);
    // The strip under each pane holds dark text, and the two strips say different things.
    const strip = (left: number) =>
      sharp(png)
        .extract({ left, top: 24 + 1125, width: 900, height: 84 })
        .greyscale()
        .raw()
        .toBuffer();
    const [l, r] = await Promise.all([strip(24), strip(24 + 900 + 16)]);
    const dark = (buf: Buffer) => buf.filter((v) => v < 100).length;
    expect(dark(l)).toBeGreaterThan(500);
    expect(dark(r)).toBeGreaterThan(500);
    expect(l.equals(r)).toBe(false);
  });

  it('refuses an export the photo-use consent does not cover, with the reason, and writes no file', async () => {
    const c = await testClinic();
    const pid = await c.patient();
    const [a, b] = await pairWithLandmarks(c, pid);
    const view = { photoIds: [a.id, b.id], layout: 'pair' as const, mode: 'wipe' as const, aligned: true, mix: 0.5 };
    const none = await c.raw('photos.export', { view, format: 'png', purpose: 'clinical' });
    expect(none.ok ? '' : none.error.message).toMatch(/no photo-use consent in force/);
    await c.consent(pid, '2026-01-01');
    const edu = await c.raw('photos.export', { view, format: 'png', purpose: 'education' });
    expect(edu.ok ? '' : edu.error.message).toBe(
      'Export refused: the patient’s consent (“Toxin consent”, signed 2026-01-01) allows “Clinical record only”, which does not cover education.',
    );
    expect(fs.existsSync(path.join(c.dir, 'exports'))).toBe(false);
    const ok = await c.raw('photos.export', { view, format: 'png', purpose: 'clinical' });
    expect(ok.ok).toBe(true);
  });

  it('draws the slider and the overlay as the screen does', async () => {
    const red = await sharp({ create: { width: 400, height: 500, channels: 3, background: '#ff0000' } })
      .jpeg()
      .toBuffer();
    const blue = await sharp({ create: { width: 400, height: 500, channels: 3, background: '#0000ff' } })
      .jpeg()
      .toBuffer();
    const label = { date: '1 Mar 2026', since: 'Day 0', pose: 'Front' };
    const photos = [
      { preview: red, width: 400, height: 500, landmarks: null, label },
      { preview: blue, width: 400, height: 500, landmarks: null, label },
    ];
    const wipe = await composeComparison(
      { photoIds: [1, 2], layout: 'pair', mode: 'wipe', aligned: false, mix: 0.25 },
      photos,
      'png',
    );
    // Pane 1200 × 1500 at (24, 24): left of 25% shows the first photo, right of it the second.
    const left = await pixelAt(wipe.bytes, 24 + 200, 700);
    expect(left[0]).toBeGreaterThan(240);
    expect(left[2]).toBeLessThan(20);
    const right = await pixelAt(wipe.bytes, 24 + 400, 700);
    expect(right[2]).toBeGreaterThan(240);
    const overlay = await composeComparison(
      { photoIds: [1, 2], layout: 'pair', mode: 'overlay', aligned: false, mix: 0.5 },
      photos,
      'png',
    );
    const mixed = await pixelAt(overlay.bytes, 24 + 600, 700);
    expect(mixed[0]).toBeGreaterThan(110);
    expect(mixed[0]).toBeLessThan(145);
    expect(mixed[2]).toBeGreaterThan(110);
    expect(mixed[2]).toBeLessThan(145);
  });
});
