import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import yauzl from 'yauzl';
import { describe, expect, it } from 'vitest';
import { TEST_KDF } from '../../electron/auth/crypto';
import { createClinicCore } from '../../electron/core';
import { describeFault } from '../../electron/faults';
import { preparePhoto } from '../../electron/photos/pipeline';
import {
  photoPath,
  readPhotoFile,
  releasePhotoFiles,
  storePhoto,
  writePhotoFileBeside,
  type BesideFs,
} from '../../electron/photos/store';
import { parseCsv } from '../../shared/csv';
import { TEST_OWNER, testClinic } from '../support/core';
import { cameraJpeg } from '../support/images';
import { importOne } from '../support/photos';
import { tempDir } from '../support/tempDir';

const PAGE = { url: 'app://clinic/index.html', isMainFrame: true };

/** Real fs calls, each noted in order with the file it touched. */
function recordingFs(log: string[]): BesideFs {
  return {
    writeAtSync: (fd, buffer, position) => {
      log.push(`write at ${position} ${base(names.get(fd)!)}`);
      return fs.writeSync(fd, buffer, 0, buffer.length, position);
    },
    openSync: ((p: fs.PathLike, flags?: fs.OpenMode, mode?: fs.Mode) => {
      const fd = fs.openSync(p, flags ?? 'r', mode);
      names.set(fd, String(p));
      log.push(`open ${base(String(p))}`);
      return fd;
    }) as typeof fs.openSync,
    writeSync: (fd, buffer) => {
      log.push(`write ${base(names.get(fd)!)}`);
      return fs.writeSync(fd, buffer);
    },
    fsyncSync: (fd) => {
      log.push(`fsync ${base(names.get(fd)!)}`);
      fs.fsyncSync(fd);
    },
    closeSync: (fd) => {
      log.push(`close ${base(names.get(fd)!)}`);
      fs.closeSync(fd);
    },
    renameSync: (a, b) => {
      log.push(`rename ${base(String(a))} -> ${base(String(b))}`);
      fs.renameSync(a, b);
    },
    rmSync: (p, o) => fs.rmSync(p, o),
    mkdirSync: ((p: fs.PathLike, o?: fs.MakeDirectoryOptions) => fs.mkdirSync(p, o)) as typeof fs.mkdirSync,
  };
}
const names = new Map<number, string>();
/** A file's name with the random part of a temporary name replaced, so the order reads plainly. */
const base = (p: string) =>
  path
    .basename(p)
    .replace(/^[0-9a-f]{64}/, 'SHA')
    .replace(/\.[0-9a-f-]{36}\.partial$/, '.TEMP');

describe('durable photo files', () => {
  it('each file is written, fsynced, renamed into place and its folder fsynced, before the row is committed', async () => {
    const root = tempDir();
    const store = { dir: path.join(root, 'photos'), key: crypto.randomBytes(32) };
    const photo = await preparePhoto(await cameraJpeg(1), 'IMG_1.jpg');
    const log: string[] = [];
    storePhoto(store, photo, recordingFs(log));
    // For the original: open the temporary file, write, fsync it, close, rename, then fsync the folder.
    expect(log.slice(0, 7)).toEqual([
      'open SHA.TEMP',
      'write SHA.TEMP',
      'fsync SHA.TEMP',
      'close SHA.TEMP',
      'rename SHA.TEMP -> SHA',
      `open ${photo.sha256.slice(0, 2)}`,
      `fsync ${photo.sha256.slice(0, 2)}`,
    ]);
    expect(log.filter((l) => l.startsWith('rename'))).toHaveLength(3);

    // Through the API: the row appears only after every file is on disk.
    const c = await testClinic();
    const patientId = await c.patient();
    const before = c.core.db.prepare('SELECT count(*) FROM photos').pluck().get();
    await importOne(c, patientId, 'IMG_2.jpg', await cameraJpeg(3));
    expect(before).toBe(0);
    expect(c.core.db.prepare('SELECT count(*) FROM photos').pluck().get()).toBe(1);
    const files = fs.readdirSync(path.join(c.core.dataDir, 'photos'), { recursive: true }).map(String);
    expect(files.some((f) => f.endsWith('.partial'))).toBe(false);
  });

  it('an original written early waits flushed beside its place, and is moved there with its folder fsynced only when stored', async () => {
    const root = tempDir();
    const store = { dir: path.join(root, 'photos'), key: crypto.randomBytes(32) };
    const photo = await preparePhoto(await cameraJpeg(1), 'IMG_1.jpg');
    const log: string[] = [];
    const early = writePhotoFileBeside(store, photo.sha256, 'original', photo.original, recordingFs(log));
    // Written (the header last, in the room left for it), fsynced and closed under its temporary name; not in place.
    expect(log.filter((l, i) => l !== log[i - 1])).toEqual([
      'open SHA.TEMP',
      'write SHA.TEMP',
      'write at 0 SHA.TEMP',
      'fsync SHA.TEMP',
      'close SHA.TEMP',
    ]);
    const original = photoPath(store.dir, photo.sha256, 'original')!;
    expect(fs.existsSync(original)).toBe(false);
    const [temp] = fs.readdirSync(path.dirname(original));
    const written = fs.readFileSync(path.join(path.dirname(original), temp!));
    log.length = 0;
    storePhoto(store, photo, recordingFs(log), [early]);
    expect(log.slice(0, 3)).toEqual([
      'rename SHA.TEMP -> SHA',
      `open ${photo.sha256.slice(0, 2)}`,
      `fsync ${photo.sha256.slice(0, 2)}`,
    ]);
    expect(log.filter((l) => l.startsWith('rename'))).toHaveLength(3);
    expect(fs.readFileSync(original).equals(written)).toBe(true);
    expect(readPhotoFile(store, photo.sha256, 'original').equals(photo.original)).toBe(true);
    expect(fs.readdirSync(path.dirname(original))).toEqual([photo.sha256]);

    // Not stored (refused, or already in the store): released, nothing of it is left.
    const other = await preparePhoto(await cameraJpeg(3), 'IMG_2.jpg');
    const unused = [
      writePhotoFileBeside(store, other.sha256, 'original', other.original),
      writePhotoFileBeside(store, photo.sha256, 'original', photo.original),
    ];
    storePhoto(store, photo, undefined, unused);
    expect(fs.readFileSync(original).equals(written)).toBe(true);
    releasePhotoFiles(unused);
    const left = fs.readdirSync(path.join(store.dir, 'original'), { recursive: true }).map(String);
    expect(left.filter((f) => f.endsWith('.partial'))).toEqual([]);
    expect(fs.existsSync(photoPath(store.dir, other.sha256, 'original')!)).toBe(false);
  });

  it('at start, half-written files and files no record points at go to quarantine (never deleted), audited', async () => {
    const c = await testClinic();
    const patientId = await c.patient();
    const kept = await importOne(c, patientId, 'IMG_1.jpg', await cameraJpeg(1));
    const dataDir = c.core.dataDir;
    c.core.close();
    const orphan = path.join(dataDir, 'photos', 'original', 'ab', `ab${'c'.repeat(62)}`);
    const partial = path.join(dataDir, 'photos', 'thumb', 'ab', `ab${'d'.repeat(62)}.1234.partial`);
    for (const f of [orphan, partial]) {
      fs.mkdirSync(path.dirname(f), { recursive: true });
      fs.writeFileSync(f, 'left by a crash');
    }
    const core = createClinicCore({
      dataDir,
      trustedOrigin: 'app://clinic',
      kdf: TEST_KDF,
      backupCheckMs: 0,
      quickCheckAfterMs: null,
    });
    try {
      await core.dispatch(PAGE, 'auth.signIn', { name: TEST_OWNER.name, password: TEST_OWNER.password });
      expect(fs.existsSync(orphan) || fs.existsSync(partial)).toBe(false);
      const quarantined = fs.readdirSync(path.join(dataDir, 'quarantine'), { recursive: true }).map(String);
      expect(quarantined.filter((f) => f.endsWith('c'.repeat(62)) || f.endsWith('.partial'))).toHaveLength(2);
      const audit = core.db.prepare("SELECT staff_name, after_json FROM audit_log WHERE entity = 'photo_store'").get() as {
        staff_name: string;
        after_json: string;
      };
      expect(audit.staff_name).toBe('Clinic Records');
      expect((JSON.parse(audit.after_json) as { movedToQuarantine: string[] }).movedToQuarantine).toHaveLength(2);
      // The photo with a record is untouched and still served.
      expect(core.photo(`/photo/${kept.id}/preview`).status).toBe(200);
    } finally {
      core.close();
    }
  });
});

describe('clear messages and a real log', () => {
  it('names a full disk, a read-only folder, a database in use and a damaged one; anything else points at the log file', async () => {
    const err = (code: string) => Object.assign(new Error(code), { code });
    expect(describeFault(err('ENOSPC'), '/data')?.error).toMatchObject({
      code: 'STORAGE',
      message: expect.stringContaining('is full') as string,
    });
    expect(describeFault(err('SQLITE_FULL'), '/data')?.error.code).toBe('STORAGE');
    expect(describeFault(err('EROFS'), '/data')?.error.message).toMatch(/cannot be written/);
    expect(describeFault(err('SQLITE_BUSY'), '/data')?.error.message).toMatch(/in use by another program or another computer/);
    // A data folder on a network share: the message says why that is unsafe.
    expect(describeFault(err('SQLITE_BUSY'), '/mnt/clinic', () => true)?.error.message).toMatch(
      /on a network share, where SQLite’s database file is not safe to share/,
    );
    expect(describeFault(err('SQLITE_CORRUPT'), '/data')).toMatchObject({ damaged: true, error: { code: 'DAMAGED' } });
    expect(describeFault(new Error('something else'), '/data')).toBeNull();

    // An unexpected failure says where the log is, and the log says what failed, with no patient data.
    const c = await testClinic();
    const patientId = await c.patient({ firstName: 'Marisol', lastName: 'Fernandez-Quintero' });
    c.core.db.exec('DROP TABLE consents');
    const r = await c.raw('consents.list', { patientId });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL', message: expect.stringContaining(c.core.logFile) as string },
    });
    const logText = fs.readFileSync(c.core.logFile, 'utf8');
    expect(logText).toMatch(/Call consents\.list failed/);
    expect(logText).not.toMatch(/Fernandez|Marisol/);
    const report = await c.call('diagnostics.report', {});
    expect(report.text).toContain(c.core.dataDir);
    expect(report.text).toContain('Call consents.list failed');
    expect(report.text).not.toMatch(/Fernandez|Marisol/);
  });
});

/** The entries of a zip file, read with a real zip reader. */
async function unzip(file: string): Promise<Map<string, Buffer>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true }, (err, z) => (err ? reject(err) : resolve(z))),
  );
  const out = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (err, stream) => {
        if (err) return reject(err);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          out.set(entry.fileName, Buffer.concat(chunks));
          zip.readEntry();
        });
      });
    });
    zip.on('end', resolve);
    zip.on('error', reject);
    zip.readEntry();
  });
  return out;
}

describe('exporting everything', () => {
  it(
    'one zip the clinic owns: the database with the owner’s passphrase, every table as CSV and JSON, every original photo, a README',
    { timeout: 60_000 },
    async () => {
      const c = await testClinic();
      const patientId = await c.patient({ firstName: 'Ann', lastName: 'Okafor', phone: '+44 20 7946 0018' });
      const original = await cameraJpeg(6);
      await importOne(c, patientId, 'IMG_1.jpg', original);
      expect(await c.raw('backups.exportArchive', { passphrase: 'short', plainConfirmed: false })).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      });
      const { savedTo } = await c.call('backups.exportArchive', { passphrase: 'our archive passphrase', plainConfirmed: false });
      expect(savedTo).toMatch(/everything 2026-11-22\.zip$/);
      const entries = await unzip(savedTo!);
      expect(entries.get('README.txt')!.toString()).toMatch(/SQLCipher/);
      // The database opens with the passphrase (SQLCipher's own key derivation), and only with it.
      const dbFile = path.join(tempDir(), 'export.sqlite');
      fs.writeFileSync(dbFile, entries.get('clinic.sqlite')!);
      const Database = (await import('better-sqlite3-multiple-ciphers')).default;
      const db = new Database(dbFile, { readonly: true });
      db.pragma("cipher = 'sqlcipher'");
      db.pragma("key = 'our archive passphrase'");
      expect(db.prepare('SELECT last_name FROM patients').pluck().all()).toEqual(['Okafor']);
      db.close();
      const patients = parseCsv(entries.get('tables/patients.csv')!.toString());
      expect(patients[0]).toContain('last_name');
      expect(patients[1]).toContain('+44 20 7946 0018');
      expect((JSON.parse(entries.get('tables/patients.json')!.toString()) as { last_name: string }[])[0]!.last_name).toBe(
        'Okafor',
      );
      const photo = [...entries.keys()].find((k) => k.startsWith('photos/'))!;
      expect(entries.get(photo)!.equals(original)).toBe(true);
      expect(
        c.core.db.prepare("SELECT count(*) FROM audit_log WHERE entity = 'archive' AND action = 'export'").pluck().get(),
      ).toBe(1);
      // Plain only after an explicit confirmation.
      expect(await c.raw('backups.exportArchive', { passphrase: '', plainConfirmed: false })).toMatchObject({ ok: false });
      const plain = await c.call('backups.exportArchive', { passphrase: '', plainConfirmed: true });
      const plainDb = (await unzip(plain.savedTo!)).get('clinic.sqlite')!;
      expect(plainDb.subarray(0, 15).toString('latin1')).toBe('SQLite format 3');
    },
  );
});
