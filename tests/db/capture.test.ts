import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { photoPath, readPhotoFile } from '../../electron/photos/store';
import { compareLighting, lightingOf } from '../../shared/lighting';
import { photoLabel } from '../../shared/photos';
import { clinicFormat, DEFAULT_LOCALE } from '../../shared/locale';
import { chart, fullTreatment, testClinic, type TestClinic } from '../support/core';
import { faceScene, render, type Light } from '../support/lightScenes';
import { movableClock } from '../support/messaging';
import { importOne, NO_TAGS } from '../support/photos';

const FRONT_REST = { ...NO_TAGS, view: 'front' as const, expression: 'rest' as const };

/** A generated face under a known light, encoded as the page's canvas would send it. */
async function frame(light: Light, opts: { w?: number; h?: number; format?: 'jpeg' | 'png' | 'webp' } = {}): Promise<Buffer> {
  const w = opts.w ?? 640;
  const h = opts.h ?? 480;
  const img = sharp(Buffer.from(render(faceScene(w, h), w, h, light).data), { raw: { width: w, height: h, channels: 3 } });
  if (opts.format === 'png') return img.png().toBuffer();
  if (opts.format === 'webp') return img.webp().toBuffer();
  return img.jpeg({ quality: 92 }).toBuffer();
}

const bytes = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/** Every file in the clinic's photo store, to show a refused photo left none behind. */
function storedFiles(c: TestClinic): string[] {
  const dir = path.join(c.dir, 'clinic', 'photos');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => d.name);
}

async function clinicWithPatient() {
  const c = await testClinic();
  const patientId = await c.patient();
  return { c, patientId };
}

describe('a photo taken in the capture view', () => {
  it('is stored through the import pipeline: the frame byte for byte, tagged, dated today, copies without metadata, audited', async () => {
    const { c, patientId } = await clinicWithPatient();
    const jpeg = await frame({ kelvin: 5000, stops: 0 });
    const photo = await c.call('photos.capture', {
      patientId,
      image: bytes(jpeg),
      tags: { ...FRONT_REST, area: 'glabella', phase: 'baseline' },
    });
    expect(photo).toMatchObject({
      patientId,
      source: 'capture',
      takenOn: '2026-11-22',
      takenOnSource: 'camera',
      view: 'front',
      expression: 'rest',
      area: 'glabella',
      phase: 'baseline',
      width: 640,
      height: 480,
      lightingCheck: { state: 'no_reference' },
    });
    expect(photo.lighting?.kelvin).toBeGreaterThan(1000);
    const sha = crypto.createHash('sha256').update(jpeg).digest('hex');
    const store = c.core.access.folder.photos!;
    expect(readPhotoFile(store, sha, 'original').equals(jpeg)).toBe(true);
    // On disk it is encrypted: the JPEG's first bytes are not there.
    expect(
      fs
        .readFileSync(photoPath(store.dir, sha, 'original')!)
        .subarray(0, 3)
        .equals(jpeg.subarray(0, 3)),
    ).toBe(false);
    for (const kind of ['thumb', 'preview'] as const) {
      const meta = await sharp(readPhotoFile(store, sha, kind)).metadata();
      expect([meta.exif, meta.xmp, meta.iptc, meta.icc]).toEqual([undefined, undefined, undefined, undefined]);
    }
    const audit = c.core.db
      .prepare("SELECT action, entity, entity_id FROM audit_log WHERE entity = 'photo' ORDER BY id DESC LIMIT 1")
      .get();
    expect(audit).toEqual({ action: 'create', entity: 'photo', entity_id: String(photo.id) });
    const library = await c.call('photos.library', { patientId });
    expect(library.photos.map((p) => p.id)).toEqual([photo.id]);
    // The protocol counts it: the baseline's front at rest is no longer missing.
    expect(library.protocol.phases[0]!.missingShots).not.toContainEqual({ view: 'front', expression: 'rest' });
    expect(library.protocol.phases[0]!.missingShots[0]).toEqual({ view: 'front', expression: 'frown' });
  });

  it('is checked against the baseline of the same view and expression: darker and warmer light is said in words', async () => {
    const { c, patientId } = await clinicWithPatient();
    const baseline = await importOne(c, patientId, 'baseline.jpg', await frame({ kelvin: 5600, stops: 0 }), {
      ...FRONT_REST,
      phase: 'baseline',
    });
    // Another view is not a reference for this one.
    await importOne(c, patientId, 'side.jpg', await frame({ kelvin: 3000, stops: 1 }), {
      ...NO_TAGS,
      view: 'left45',
      expression: 'smile',
      phase: 'baseline',
    });
    expect(baseline.lightingCheck).toEqual({ state: 'no_reference' });
    const later = await c.call('photos.capture', {
      patientId,
      image: bytes(await frame({ kelvin: 4300, stops: -2 / 3 })),
      tags: { ...FRONT_REST, phase: 'review' },
    });
    if (later.lightingCheck.state !== 'checked') throw new Error(`not checked: ${later.lightingCheck.state}`);
    expect(later.lightingCheck.referenceId).toBe(baseline.id);
    expect(later.lightingCheck.stops).toBeGreaterThan(-2 / 3 - 0.1);
    expect(later.lightingCheck.stops).toBeLessThan(-2 / 3 + 0.1);
    expect(later.lightingCheck.consistent).toBe(false);
    expect(later.lightingCheck.sentence).toBe('About 2/3 stop darker than the baseline of 22 Nov 2026; warmer light.');
    // The same light again is consistent, and the library shows each photo's mark.
    const same = await c.call('photos.capture', {
      patientId,
      image: bytes(await frame({ kelvin: 5600, stops: 0 }, { w: 800, h: 600 })),
      tags: { ...FRONT_REST, phase: 'review' },
    });
    expect(same.lightingCheck).toMatchObject({ state: 'checked', consistent: true, sentence: '' });
    const marks = (await c.call('photos.library', { patientId })).photos.map((p) => [p.id, p.lightingCheck.state]);
    expect(marks).toEqual(
      expect.arrayContaining([
        [baseline.id, 'no_reference'],
        [later.id, 'checked'],
        [same.id, 'checked'],
      ]),
    );
  });

  it('refuses a black frame, a thumbnail-sized one, a WebP, an oversized, cut-short or non-picture payload, leaving nothing stored', async () => {
    const { c, patientId } = await clinicWithPatient();
    await c.call('photos.capture', { patientId, image: bytes(await frame({ kelvin: 5000, stops: 0 })), tags: FRONT_REST });
    const before = storedFiles(c);
    const rowsBefore = c.core.db.prepare('SELECT count(*) FROM photos').pluck().get();
    const black = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#030303' } })
      .jpeg()
      .toBuffer();
    const cases: [string, unknown, RegExp][] = [
      ['black', bytes(black), /black/],
      ['small', bytes(await frame({ kelvin: 5000, stops: 0 }, { w: 200, h: 150 })), /200 × 150/],
      ['webp', bytes(await frame({ kelvin: 5000, stops: 0 }, { format: 'webp' })), /JPEG or PNG/],
      ['not a picture', new Uint8Array(4096).fill(7), /not an image/],
      ['cut short', bytes((await frame({ kelvin: 5000, stops: -1 })).subarray(0, 3000)), /damaged or incomplete/],
      ['too large', new Uint8Array(24 * 1024 * 1024 + 1), /larger than 24 MB/],
      ['numbers, not bytes', Array.from(black.subarray(0, 2000)), /bytes of one picture/],
      ['empty', new Uint8Array(10), /empty or cut short/],
    ];
    for (const [what, image, message] of cases) {
      const r = await c.raw('photos.capture', { patientId, image: image as Uint8Array, tags: FRONT_REST });
      if (r.ok) throw new Error(`${what} was stored`);
      expect(r.error.code, what).toBe('INVALID_INPUT');
      expect(r.error.message, what).toMatch(message);
      expect(Object.keys(r.error.fields ?? {}), what).toEqual(['image']);
    }
    expect(storedFiles(c)).toEqual(before);
    expect(c.core.db.prepare('SELECT count(*) FROM photos').pluck().get()).toBe(rowsBefore);
  });

  it('takes out a colour profile, EXIF and comments without touching the picture; a PNG loses its text', async () => {
    const { c, patientId } = await clinicWithPatient();
    const plain = await frame({ kelvin: 4800, stops: -0.2 });
    const tagged = await sharp(plain)
      .withIccProfile('srgb')
      .withExif({ IFD0: { Make: 'Webcam', Software: 'Clinic camera app' } })
      .jpeg({ quality: 92 })
      .toBuffer();
    const meta = await sharp(tagged).metadata();
    expect([Boolean(meta.exif), Boolean(meta.icc)]).toEqual([true, true]);
    const photo = await c.call('photos.capture', { patientId, image: bytes(tagged), tags: FRONT_REST });
    const store = c.core.access.folder.photos!;
    const sha = c.core.db.prepare('SELECT sha256 FROM photos WHERE id = ?').pluck().get(photo.id) as string;
    const original = readPhotoFile(store, sha, 'original');
    const kept = await sharp(original).metadata();
    expect([kept.exif, kept.xmp, kept.iptc, kept.icc]).toEqual([undefined, undefined, undefined, undefined]);
    expect(original.includes(Buffer.from('Webcam'))).toBe(false);
    expect(original.length).toBeLessThan(tagged.length);
    // The picture itself is the one sent: the same pixels, decoded.
    const pixels = async (b: Buffer) => (await sharp(b).raw().toBuffer()).toString('base64');
    expect(await pixels(original)).toBe(await pixels(tagged));

    const png = await sharp(await frame({ kelvin: 4600, stops: -0.1 }, { format: 'png' }))
      .withMetadata({ density: 300 })
      .withExif({ IFD0: { Make: 'Webcam' } })
      .png()
      .toBuffer();
    const pngPhoto = await c.call('photos.capture', { patientId, image: bytes(png), tags: FRONT_REST });
    const pngSha = c.core.db.prepare('SELECT sha256 FROM photos WHERE id = ?').pluck().get(pngPhoto.id) as string;
    const pngOriginal = readPhotoFile(store, pngSha, 'original');
    expect((await sharp(pngOriginal).metadata()).exif).toBeUndefined();
    expect(await pixels(pngOriginal)).toBe(await pixels(png));
  });

  it('accepts a PNG frame; the same frame twice is refused as already there; reception may not take photos', async () => {
    const { c, patientId } = await clinicWithPatient();
    const png = await frame({ kelvin: 5000, stops: 0 }, { format: 'png' });
    const photo = await c.call('photos.capture', { patientId, image: bytes(png), tags: FRONT_REST });
    expect(photo.format).toBe('png');
    const again = await c.raw('photos.capture', { patientId, image: bytes(png), tags: FRONT_REST });
    expect(again.ok ? null : again.error.code).toBe('CONFLICT');
    await c.person('Tom Fisher', 'reception', 'desk');
    const refused = await c.raw('photos.capture', { patientId, image: bytes(png), tags: FRONT_REST }, 'desk');
    expect(refused.ok ? null : refused.error.code).toBe('NOT_PERMITTED');
    const camera = await c.raw('camera.open', { patientId }, 'desk');
    expect(camera.ok ? null : camera.error.code).toBe('NOT_PERMITTED');
  });
});

describe('the camera is allowed only while the capture view is open', () => {
  const ask = { permission: 'media', url: 'app://clinic/index.html', isMainFrame: true, mediaTypes: ['video'] };

  it('opens with the view, closes with it, lapses without renewal, and never outlasts a lock', async () => {
    const clock = movableClock('2026-11-22T10:00:00Z');
    const c = await testClinic(undefined, { clock });
    const patientId = await c.patient();
    expect(c.core.allowPermission(ask)).toBe(false);
    expect(await c.call('camera.open', { patientId })).toEqual({ open: true, leaseMs: 120_000 });
    expect(c.core.allowPermission(ask)).toBe(true);
    expect(c.core.allowPermission({ ...ask, mediaTypes: ['audio'] })).toBe(false);
    expect(c.core.allowPermission({ ...ask, url: 'https://example.com/' })).toBe(false);
    expect(c.core.allowPermission({ ...ask, permission: 'geolocation' })).toBe(false);
    // Another screen's view is not this one's.
    expect(c.core.allowPermission(ask, 'desk')).toBe(false);
    await c.call('camera.close', {});
    expect(c.core.allowPermission(ask)).toBe(false);

    await c.call('camera.open', { patientId });
    clock.set('2026-11-22T10:01:59Z');
    expect(c.core.allowPermission(ask)).toBe(true);
    clock.set('2026-11-22T10:02:01Z');
    expect(c.core.allowPermission(ask), 'the lease ran out').toBe(false);

    await c.call('camera.open', { patientId });
    await c.call('auth.lock', {});
    expect(c.core.allowPermission(ask), 'locked').toBe(false);
    const whileLocked = await c.raw('camera.open', { patientId });
    expect(whileLocked.ok ? null : whileLocked.error.code).toBe('LOCKED');
  });

  it('goes when the computer sleeps, and needs a patient that exists', async () => {
    const c = await testClinic();
    const patientId = await c.patient();
    await c.call('camera.open', { patientId });
    c.core.lockAll('the computer went to sleep');
    await c.call('auth.unlock', { password: 'correct horse battery staple' });
    expect(c.core.allowPermission(ask)).toBe(false);
    const missing = await c.raw('camera.open', { patientId: 999 });
    expect(missing.ok ? null : missing.error.code).toBe('NOT_FOUND');
  });
});

describe('a patient’s own photos', () => {
  async function treatedPatient() {
    const c = await testClinic();
    const patientId = await c.patient();
    await c.consent(patientId);
    const treatment = await chart(c, fullTreatment(patientId, await c.injector(), await c.lot(), '2026-10-01'));
    return { c, patientId, treatment };
  }
  const noDate = (light: Light) => frame(light);

  it('are tagged taken by the patient with the day they give, counted in weeks after treatment, and checked against their first', async () => {
    const { c, patientId } = await treatedPatient();
    const week1 = await c.call('photos.import', {
      patientId,
      token: stageOne(c, 'IMG-WA0001.jpg', await noDate({ kelvin: 4000, stops: -0.5 }))!,
      tags: { ...FRONT_REST, byPatient: true },
      takenOnIfNone: '2026-10-08',
    });
    expect(week1).toMatchObject({ source: 'patient', takenOn: '2026-10-08', takenOnSource: 'edited', daysSinceTreatment: 7 });
    expect(photoLabel(week1).since).toBe('Week 1 after treatment');
    const week3 = await c.call('photos.import', {
      patientId,
      token: stageOne(c, 'IMG-WA0002.jpg', await noDate({ kelvin: 6500, stops: 0.5 }))!,
      tags: { ...FRONT_REST, byPatient: true },
      takenOnIfNone: '2026-10-22',
    });
    expect(photoLabel(week3).since).toBe('Week 3 after treatment');
    // Held against the patient's own first photo, never the clinic's baseline.
    expect(week3.lightingCheck).toMatchObject({ state: 'checked', referenceId: week1.id, consistent: false });
    if (week3.lightingCheck.state === 'checked') {
      expect(week3.lightingCheck.sentence).toBe(
        'About 1 stop brighter than the patient’s first photo (8 Oct 2026); cooler light.',
      );
    }
    // A day in the future is refused before anything is read.
    const future = await c.raw('photos.import', {
      patientId,
      token: stageOne(c, 'IMG-WA0003.jpg', await noDate({ kelvin: 5000, stops: 0 }))!,
      tags: { ...FRONT_REST, byPatient: true },
      takenOnIfNone: '2026-12-01',
    });
    expect(future.ok ? null : [future.error.code, Object.keys(future.error.fields ?? {})]).toEqual([
      'INVALID_INPUT',
      ['takenOnIfNone'],
    ]);
    // A photo can be marked as the patient's afterwards, and back; a capture cannot.
    const clinicPhoto = await importOne(c, patientId, 'clinic.jpg', await noDate({ kelvin: 5200, stops: 0 }), FRONT_REST);
    const marked = await c.call('photos.update', {
      id: clinicPhoto.id,
      tags: { ...FRONT_REST, takenOn: clinicPhoto.takenOn, byPatient: true },
    });
    expect(marked.source).toBe('patient');
    const captured = await c.call('photos.capture', {
      patientId,
      image: bytes(await frame({ kelvin: 5100, stops: 0.1 })),
      tags: FRONT_REST,
    });
    const wrong = await c.raw('photos.update', {
      id: captured.id,
      tags: { ...FRONT_REST, takenOn: captured.takenOn, byPatient: true },
    });
    expect(wrong.ok ? null : [wrong.error.code, Object.keys(wrong.error.fields ?? {})]).toEqual(['INVALID_INPUT', ['byPatient']]);
  });

  it('give an observation in one step: dated the day taken, for the photo’s area, and the rules learn from it', async () => {
    const { c, patientId } = await treatedPatient();
    const photo = await c.call('photos.import', {
      patientId,
      token: stageOne(c, 'week9.jpg', await noDate({ kelvin: 4000, stops: -0.5 }))!,
      tags: { ...FRONT_REST, area: 'glabella', byPatient: true },
      takenOnIfNone: '2026-11-19',
    });
    const before = await c.call('schedule.get', { patientId });
    const schedule = await c.call('observations.fromPhoto', {
      photoId: photo.id,
      kind: 'movement_returning',
      area: null,
      note: '',
    });
    const row = c.core.db.prepare('SELECT area, observed_on, kind, note FROM observations WHERE patient_id = ?').get(patientId);
    expect(row).toEqual({
      area: 'glabella',
      observed_on: '2026-11-19',
      kind: 'movement_returning',
      note: 'Seen on the patient’s own photo of 19 Nov 2026.',
    });
    expect(schedule).not.toEqual(before);
    const audit = c.core.db
      .prepare("SELECT after_json FROM audit_log WHERE entity = 'observation' ORDER BY id DESC LIMIT 1")
      .pluck()
      .get() as string;
    expect(JSON.parse(audit)).toMatchObject({ fromPhoto: photo.id, area: 'glabella' });

    const untagged = await importOne(c, patientId, 'untagged.jpg', await noDate({ kelvin: 4100, stops: -0.4 }));
    const noArea = await c.raw('observations.fromPhoto', { photoId: untagged.id, kind: 'no_response', area: null, note: '' });
    expect(noArea.ok ? null : [noArea.error.code, Object.keys(noArea.error.fields ?? {})]).toEqual(['INVALID_INPUT', ['area']]);
    await c.call('observations.fromPhoto', {
      photoId: untagged.id,
      kind: 'no_response',
      area: 'crows_feet',
      note: 'Asked by phone',
    });
    expect(c.core.db.prepare("SELECT note FROM observations WHERE kind = 'no_response'").pluck().get()).toBe(
      `Asked by phone (Seen on the photo of ${clinicFormat(DEFAULT_LOCALE).date(untagged.takenOn)}.)`,
    );
    const gone = await c.raw('observations.fromPhoto', { photoId: 999, kind: 'no_response', area: 'glabella', note: '' });
    expect(gone.ok ? null : gone.error.code).toBe('NOT_FOUND');
  });
});

describe('lighting of photos from before the check', () => {
  it('is measured when the library opens, from the stored display copy', async () => {
    const { c, patientId } = await clinicWithPatient();
    const a = await importOne(c, patientId, 'a.jpg', await frame({ kelvin: 5600, stops: 0 }), {
      ...FRONT_REST,
      phase: 'baseline',
    });
    const b = await importOne(c, patientId, 'b.jpg', await frame({ kelvin: 3400, stops: -1 }), FRONT_REST);
    const measured = c.core.db.prepare('SELECT lighting_json FROM photos WHERE id = ?').pluck().get(b.id);
    // As a clinic upgraded from before the check has them.
    c.core.db.prepare('UPDATE photos SET lighting_json = NULL').run();
    const library = await c.call('photos.library', { patientId });
    expect(library.photos.find((p) => p.id === b.id)!.lightingCheck).toMatchObject({
      state: 'checked',
      referenceId: a.id,
      consistent: false,
    });
    expect(c.core.db.prepare('SELECT lighting_json FROM photos WHERE id = ?').pluck().get(b.id)).toBe(measured);
  });
});

/** Stages one file as the file handover would and returns its token. */
function stageOne(c: TestClinic, name: string, data: Buffer): string | null {
  const dir = path.join(c.dir, 'incoming', crypto.randomUUID());
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, name), data);
  return c.core.stagePaths([path.join(dir, name)])[0]!.token;
}

describe('match lighting in an export', () => {
  it('adjusts the second photo’s copy to the first’s light, says so in its label, and never changes a stored file', async () => {
    const { c, patientId } = await clinicWithPatient();
    await c.consent(patientId);
    const a = await importOne(c, patientId, 'a.jpg', await frame({ kelvin: 5600, stops: 0 }), FRONT_REST);
    const b = await importOne(c, patientId, 'b.jpg', await frame({ kelvin: 3400, stops: -1 }), FRONT_REST);
    const hashes = () =>
      fs
        .readdirSync(path.join(c.dir, 'clinic', 'photos'), { recursive: true, withFileTypes: true })
        .filter((d) => d.isFile())
        .map((d) =>
          crypto
            .createHash('sha256')
            .update(fs.readFileSync(path.join(d.parentPath, d.name)))
            .digest('hex'),
        )
        .sort();
    const before = hashes();
    const view = { photoIds: [a.id, b.id], layout: 'pair' as const, mode: 'side' as const, aligned: false, mix: 0.5 };
    const plain = await c.call('photos.export', { view, format: 'png', purpose: 'clinical' });
    const plainPng = fs.readFileSync(plain.savedTo!);
    const matched = await c.call('photos.export', { view: { ...view, matchLighting: true }, format: 'png', purpose: 'clinical' });
    const matchedPng = fs.readFileSync(matched.savedTo!);
    expect(hashes()).toEqual(before);
    // The label of the adjusted photo has a line more.
    const [pm, mm] = [await sharp(plainPng).metadata(), await sharp(matchedPng).metadata()];
    expect(mm.height - pm.height).toBe(30);
    const pane = async (png: Buffer, left: number) => {
      const { data, info } = await sharp(png)
        .extract({ left: left + 100, top: 24 + 350, width: 700, height: 500 })
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      return lightingOf({ data, width: info.width, height: info.height, channels: 3 });
    };
    const plainDiff = compareLighting(await pane(plainPng, 940), await pane(plainPng, 24));
    const matchedDiff = compareLighting(await pane(matchedPng, 940), await pane(matchedPng, 24));
    expect(plainDiff.consistent).toBe(false);
    expect(Math.abs(plainDiff.stops)).toBeGreaterThan(0.8);
    expect(matchedDiff.consistent, `${matchedDiff.stops} stops, ${matchedDiff.mireds} mireds`).toBe(true);
    const audit = c.core.db
      .prepare("SELECT after_json FROM audit_log WHERE action = 'export' ORDER BY id DESC LIMIT 1")
      .pluck()
      .get() as string;
    expect(JSON.parse(audit)).toMatchObject({ view: { matchLighting: true } });
  });
});
