import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ConversionProgress } from '../../shared/auth';
import { openDatabase, type Db } from '../db/connection';
import { copyEncrypted, plainTableCounts, tableCounts } from '../db/fileOps';
import { fsyncFolder } from '../durableFile';
import { PHOTOS_FOLDER, photoPath, readPhotoFile, writePhotoFile, type PhotoKind, type PhotoStore } from '../photos/store';

/** The database file of every clinic folder. */
export const DATABASE_FILE = 'clinic.sqlite';
const ENCRYPTING_DB = 'clinic.sqlite.encrypting';
const ENCRYPTING_PHOTOS = 'photos.encrypting';
const PLAIN_OLD_DB = 'clinic.sqlite.plain-old';
const PLAIN_OLD_PHOTOS = 'photos.plain-old';
const KINDS: readonly PhotoKind[] = ['original', 'thumb', 'preview'];

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** True when the file is an unencrypted SQLite database (its first 16 bytes say so). */
export function isPlainSqlite(file: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return false;
  }
  try {
    const head = Buffer.alloc(16);
    return fs.readSync(fd, head, 0, 16, 0) === 16 && head.equals(SQLITE_HEADER);
  } finally {
    fs.closeSync(fd);
  }
}

/** Every stored photo file of a folder, as [kind, sha256]. */
function storedFiles(photosRoot: string): [PhotoKind, string][] {
  const out: [PhotoKind, string][] = [];
  for (const kind of KINDS) {
    const dir = path.join(photosRoot, kind);
    if (!fs.existsSync(dir)) continue;
    for (const prefix of fs.readdirSync(dir)) {
      if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
      for (const name of fs.readdirSync(path.join(dir, prefix))) {
        if (/^[0-9a-f]{64}$/.test(name) && name.startsWith(prefix)) out.push([kind, name]);
      }
    }
  }
  return out;
}

const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

function removeQuietly(p: string): void {
  fs.rmSync(p, { recursive: true, force: true });
}

export interface ConversionResult {
  tables: number;
  rows: number;
  photoFiles: number;
}

/**
 * Encrypts a clinic written by a version before encryption, in place and safely:
 * 1. copies the database (SQLite's backup, so a live WAL is included) and encrypts the copy;
 * 2. brings the copy's schema up to date and checks every table has as many rows as before;
 * 3. encrypts every photo file into a new folder and checks each decrypts to the same bytes;
 * 4. only then calls `commit` (which writes the key file: from then on the folder is encrypted),
 *    swaps the new files in and removes the plain ones.
 * A failure before step 4 removes the copies and leaves the plain clinic exactly as it was.
 * `prepare` runs on the encrypted copy after checking (the owner's account goes in there).
 */
export async function convertPlainClinic(opts: {
  dir: string;
  keys: { database: Buffer; photos: Buffer };
  progress: (p: ConversionProgress) => void;
  prepare: (db: Db) => void;
  commit: () => void;
}): Promise<ConversionResult> {
  const { dir, keys } = opts;
  const plainFile = path.join(dir, DATABASE_FILE);
  const encFile = path.join(dir, ENCRYPTING_DB);
  const encPhotos = path.join(dir, ENCRYPTING_PHOTOS);
  const report = (step: string, done: number, total: number) => opts.progress({ step, done, total, error: null });
  removeQuietly(encFile);
  removeQuietly(`${encFile}-journal`);
  removeQuietly(encPhotos);
  try {
    report('Copying the database', 0, 1);
    const before = plainTableCounts(plainFile);
    report('Encrypting the database', 0, 1);
    await copyEncrypted(plainFile, encFile, keys.database);
    report('Checking the encrypted database', 0, 1);
    if (isPlainSqlite(encFile)) throw new Error('The database copy did not encrypt.');
    // No upgrade copy of this working copy: the plain clinic itself stays until the copy is verified.
    const enc = openDatabase(encFile, keys.database, { backupBeforeUpgrade: false });
    try {
      const after = tableCounts(enc);
      for (const [table, count] of before) {
        if (after.get(table) !== count) {
          throw new Error(`The encrypted copy has ${after.get(table) ?? 0} rows in ${table} where the clinic has ${count}.`);
        }
      }
      const check = enc.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw new Error(`The encrypted copy failed SQLite's integrity check: ${String(check)}`);
      enc.transaction(() => opts.prepare(enc))();
      enc.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      enc.close();
    }

    const files = storedFiles(path.join(dir, PHOTOS_FOLDER));
    const target: PhotoStore = { dir: encPhotos, key: keys.photos };
    for (const [i, [kind, sha]] of files.entries()) {
      if (i % 10 === 0) report('Encrypting photos', i, files.length);
      const plain = await fs.promises.readFile(photoPath(path.join(dir, PHOTOS_FOLDER), sha, kind)!);
      writePhotoFile(target, sha, kind, plain);
      const back = readPhotoFile(target, sha, kind);
      if (!back.equals(plain) || (kind === 'original' && sha256(back) !== sha)) {
        throw new Error(`A photo did not encrypt to the same picture (${kind} ${sha.slice(0, 12)}…).`);
      }
    }
    report('Encrypting photos', files.length, files.length);

    report('Finishing', 0, 1);
    opts.commit();
    finishConversion(dir);
    return { tables: before.size, rows: [...before.values()].reduce((a, b) => a + b, 0), photoFiles: files.length };
  } catch (err) {
    removeQuietly(encFile);
    removeQuietly(`${encFile}-wal`);
    removeQuietly(`${encFile}-shm`);
    removeQuietly(encPhotos);
    throw err;
  }
}

/**
 * Completes a conversion whose key file was written: swaps the encrypted files in and
 * removes the plain ones. Safe to repeat after a crash at any point.
 */
export function finishConversion(dir: string): void {
  const at = (f: string) => path.join(dir, f);
  if (fs.existsSync(at(ENCRYPTING_DB))) {
    if (fs.existsSync(at(DATABASE_FILE))) {
      removeQuietly(at(PLAIN_OLD_DB));
      fs.renameSync(at(DATABASE_FILE), at(PLAIN_OLD_DB));
    }
    for (const suffix of ['-wal', '-shm']) removeQuietly(at(`${DATABASE_FILE}${suffix}`));
    fs.renameSync(at(ENCRYPTING_DB), at(DATABASE_FILE));
  }
  if (fs.existsSync(at(ENCRYPTING_PHOTOS))) {
    if (fs.existsSync(at('photos'))) {
      removeQuietly(at(PLAIN_OLD_PHOTOS));
      fs.renameSync(at('photos'), at(PLAIN_OLD_PHOTOS));
    }
    fs.renameSync(at(ENCRYPTING_PHOTOS), at('photos'));
  }
  fsyncFolder(dir);
  removeQuietly(at(PLAIN_OLD_DB));
  removeQuietly(at(PLAIN_OLD_PHOTOS));
}

/** True when a folder holds the leftovers of a conversion that got as far as writing its key file. */
export function conversionLeftovers(dir: string): boolean {
  return [ENCRYPTING_DB, ENCRYPTING_PHOTOS, PLAIN_OLD_DB, PLAIN_OLD_PHOTOS].some((f) => fs.existsSync(path.join(dir, f)));
}

/** Makes the data folder and its files private to the user's account (Linux and macOS; Windows uses ACLs). */
export function makePrivate(dir: string): void {
  if (process.platform === 'win32' || !fs.existsSync(dir)) return;
  const walk = (p: string) => {
    const st = fs.lstatSync(p);
    if (st.isSymbolicLink()) return;
    if (st.isDirectory()) {
      fs.chmodSync(p, 0o700);
      for (const child of fs.readdirSync(p)) walk(path.join(p, child));
    } else {
      fs.chmodSync(p, 0o600);
    }
  };
  walk(dir);
}
