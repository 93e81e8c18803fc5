// The long jobs' own functions (electron/jobs/jobs.ts), run here in the test's thread on a
// connection of their own, exactly as the worker thread runs them: what a backup, a verification,
// an integrity check and the archive do step by step, and how each refuses what is wrong.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clinicKeys } from '../../electron/auth/keyring';
import { verifyBackup } from '../../electron/backup/engine';
import { backupsAt, clinicBackupsAt, PARTIAL_SUFFIX } from '../../electron/backup/layout';
import { openDatabase } from '../../electron/db/connection';
import { openKeyedReadOnly } from '../../electron/db/fileOps';
import { JOBS, type JobContext } from '../../electron/jobs/jobs';
import { photoPath, writePhotoFile } from '../../electron/photos/store';
import { cameraJpeg } from '../support/images';
import { importOne } from '../support/photos';
import { TEST_OWNER, testClinic, type TestClinic } from '../support/core';

interface Step {
  done: number;
  total: number;
  step: string | undefined;
}

/** A clinic with two patients, a photo each, and a job context on a second connection. */
async function setUp(): Promise<{ c: TestClinic; ctx: JobContext; steps: Step[]; keys: { database: Buffer; photos: Buffer } }> {
  const c = await testClinic();
  for (const [i, last] of ['Okafor', 'Lindqvist'].entries()) {
    const id = await c.patient({ lastName: last });
    await importOne(c, id, `IMG_${i}.jpg`, await cameraJpeg(i + 1));
  }
  const folder = c.core.access.folder;
  const keys = clinicKeys(folder.keyring!, folder.dataKey!);
  const db = openDatabase(path.join(c.core.dataDir, 'clinic.sqlite'), keys.database);
  const steps: Step[] = [];
  return { c, ctx: { db, progress: (done, total, step) => steps.push({ done, total, step }) }, steps, keys };
}

function backupInput(c: TestClinic, keys: { database: Buffer; photos: Buffer }, place: string, nowMs: number) {
  return {
    place,
    dataDir: c.core.dataDir,
    clinicId: c.core.access.folder.keyring!.clinicId,
    clinicName: 'Test Clinic',
    nowMs,
    createdBy: TEST_OWNER.name,
    device: 'This computer',
    appVersion: 'test',
    dbKeyHex: keys.database.toString('hex'),
    photoKeyHex: keys.photos.toString('hex'),
    timeZone: 'Europe/London',
  };
}

describe('the backup job', () => {
  it('reports its steps in order and leaves a verified backup that finds later damage', { timeout: 60_000 }, async () => {
    const { c, ctx, steps, keys } = await setUp();
    const place = path.join(c.dir, 'usb');
    fs.mkdirSync(place);
    const manifest = JOBS.makeBackup(ctx, backupInput(c, keys, place, Date.parse('2026-11-22T10:00:00Z')));
    expect(manifest.verified).toMatchObject({ ok: true, problem: null, checkedPhotoFiles: 6 });
    expect(manifest.counts).toEqual({ patients: 2, treatments: 0, appointments: 0, photos: 2 });
    const named = [...new Set(steps.map((s) => s.step))];
    expect(named).toEqual([
      'Checking the clinic’s database',
      'Copying the database',
      'Copying new photos',
      'Verifying the backup',
      'Verifying photos',
      'Removing old backups',
    ]);

    const [found] = backupsAt(place, manifest.clinicId);
    const store = path.join(clinicBackupsAt(place, manifest.clinicId), 'photos');
    const verify = (m = manifest, key = keys.database) => verifyBackup(found!.folder, store, m, key, keys.photos);
    expect(verify().ok).toBe(true);
    // Another key: the database does not open.
    expect(verify(manifest, Buffer.alloc(32, 7)).problem).toMatch(/does not open with the clinic’s key/);
    // A count that differs from the copy.
    expect(verify({ ...manifest, tables: { ...manifest.tables, patients: 3 } }).problem).toBe(
      'The backup has 2 rows in patients where the clinic had 3.',
    );
    // A file moved from another photo's place does not decrypt there (each is bound to its name).
    const [a, b] = manifest.photoFiles.filter((f) => f.startsWith('original/')).map((f) => f.split('/')[1]!);
    const fileA = photoPath(store, a!, 'original')!;
    const saved = fs.readFileSync(fileA);
    fs.copyFileSync(photoPath(store, b!, 'original')!, fileA);
    expect(verify().problem).toMatch(/^A backed-up photo file is missing or damaged \(original /);
    // Another picture encrypted under this one's name decrypts, but is not the one taken.
    writePhotoFile({ dir: store, key: keys.photos }, a!, 'original', await cameraJpeg(5));
    expect(verify().problem).toMatch(/^A backed-up photo is not the one taken/);
    // And a missing thumbnail.
    fs.writeFileSync(fileA, saved);
    fs.rmSync(photoPath(store, a!, 'thumb')!);
    expect(verify()).toMatchObject({ ok: false, problem: expect.stringMatching(/missing or damaged \(thumb /) as string });
    ctx.db.close();
  });

  it('refuses a place it cannot write to, and a clinic whose photo file is gone, leaving nothing half-made', async () => {
    const { c, ctx, keys } = await setUp();
    const notAFolder = path.join(c.dir, 'a-file');
    fs.writeFileSync(notAFolder, 'x');
    expect(() => JOBS.makeBackup(ctx, backupInput(c, keys, path.join(notAFolder, 'inside'), Date.now()))).toThrow(
      /cannot be reached or written to/,
    );

    const place = path.join(c.dir, 'usb');
    fs.mkdirSync(place);
    const sha = c.core.db.prepare('SELECT sha256 FROM photos LIMIT 1').pluck().get() as string;
    fs.rmSync(photoPath(path.join(c.core.dataDir, 'photos'), sha, 'preview')!);
    expect(() => JOBS.makeBackup(ctx, backupInput(c, keys, place, Date.now()))).toThrow(
      /A photo file of the clinic is missing \(preview /,
    );
    const root = clinicBackupsAt(place, c.core.access.folder.keyring!.clinicId);
    expect(fs.readdirSync(root).filter((f) => f.endsWith(PARTIAL_SUFFIX))).toEqual([]);
    expect(backupsAt(place, null)).toEqual([]);
    ctx.db.close();
  });
});

describe('the integrity job', () => {
  it('says ok for a sound database, quick or full, and names the problem in a damaged one', async () => {
    const { c, ctx, keys } = await setUp();
    expect(JOBS.integrityCheck(ctx, { full: false })).toEqual({ ok: true, problem: null });
    expect(JOBS.integrityCheck(ctx, { full: true })).toEqual({ ok: true, problem: null });
    ctx.db.close();
    // A copy of the clinic's database with a page scribbled over, as a failing disk leaves it.
    c.core.db.pragma('wal_checkpoint(TRUNCATE)');
    const file = path.join(c.dir, 'scribbled.sqlite');
    const bytes = fs.readFileSync(path.join(c.core.dataDir, 'clinic.sqlite'));
    const middle = Math.floor(bytes.length / 4096 / 2) * 4096;
    bytes.fill(0x5a, middle + 100, middle + 3000);
    fs.writeFileSync(file, bytes);
    const damaged = openKeyedReadOnly(file, keys.database);
    const r = JOBS.integrityCheck({ db: damaged, progress: () => undefined }, { full: true });
    damaged.close();
    expect(r.ok).toBe(false);
    expect(r.problem).toMatch(/malformed|\*\*\* in database/);
    expect(r.problem!.length).toBeLessThanOrEqual(500);
  });
});

describe('the archive job', () => {
  it('writes the zip where it is told and says how much it holds', { timeout: 60_000 }, async () => {
    const { c, ctx, steps, keys } = await setUp();
    const target = path.join(c.dir, 'out', 'everything.zip');
    fs.mkdirSync(path.dirname(target));
    const r = await JOBS.exportArchive(ctx, {
      target,
      dataDir: c.core.dataDir,
      dbKeyHex: keys.database.toString('hex'),
      photoKeyHex: keys.photos.toString('hex'),
      passphrase: '',
      clinicName: 'Test Clinic',
      nowMs: Date.parse('2026-11-22T10:00:00Z'),
    });
    expect(r.photos).toBe(2);
    expect(r.tables).toBeGreaterThan(10);
    expect(r.bytes).toBe(fs.statSync(target).size);
    expect(steps[0]).toMatchObject({ step: 'Copying the database' });
    // Nothing of the work is left in the temp folder beside the target.
    expect(fs.readdirSync(path.dirname(target))).toEqual(['everything.zip']);
    ctx.db.close();
  });
});
