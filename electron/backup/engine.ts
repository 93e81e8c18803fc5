import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DATABASE_FILE } from '../auth/convert';
import { KEYRING_COPY_FILE, KEYRING_FILE } from '../auth/keyring';
import { auditHead } from '../db/auditRepo';
import { openDatabase, type Db } from '../db/connection';
import { openKeyedReadOnly, tableCounts } from '../db/fileOps';
import { fsyncFolder, writeFileDurably } from '../durableFile';
import { photoPath, readPhotoFile, PHOTOS_FOLDER, type PhotoKind } from '../photos/store';
import {
  backupIdAt,
  backupsAt,
  backupsToKeep,
  clinicBackupsAt,
  MANIFEST_FILE,
  PARTIAL_SUFFIX,
  type BackupManifest,
} from './layout';

const KINDS: readonly PhotoKind[] = ['original', 'thumb', 'preview'];

/** A backup that could not be made, with a reason a person can act on. */
export class BackupError extends Error {
  constructor(
    message: string,
    /** Set when the clinic's own database failed its integrity check. */
    readonly damaged = false,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

export interface BackupProgress {
  (done: number, total: number, step?: string): void;
}

export interface MakeBackupInput {
  place: string;
  dataDir: string;
  clinicId: string;
  clinicName: string;
  nowMs: number;
  createdBy: string;
  device: string;
  appVersion: string;
  /** The database's and the photo store's raw keys, hex (a worker gets them by message). */
  dbKeyHex: string;
  photoKeyHex: string;
}

const displayCounts = (tables: Record<string, number>, photos: number) => ({
  patients: tables.patients ?? 0,
  treatments: tables.treatments ?? 0,
  appointments: tables.appointments ?? 0,
  photos,
});

/** Every photo file the database points at, as "kind/sha256". */
function photoFilesOf(db: Pick<Db, 'prepare'>): string[] {
  const shas = db.prepare('SELECT DISTINCT sha256 FROM photos ORDER BY sha256').pluck().all() as string[];
  return shas.flatMap((sha) => KINDS.map((k) => `${k}/${sha}`));
}

function copyFileDurably(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const temp = `${to}.${crypto.randomUUID()}${PARTIAL_SUFFIX}`;
  try {
    fs.copyFileSync(from, temp);
    const fd = fs.openSync(temp, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, to);
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

function placeUsable(place: string): void {
  try {
    fs.accessSync(place, fs.constants.W_OK);
  } catch {
    throw new BackupError(
      `The backup place ${place} cannot be reached or written to. Is the disk plugged in, or the network share available?`,
    );
  }
}

/**
 * Makes one backup of the open clinic at one place and verifies it. Runs on a worker thread with
 * a connection of its own (`db`); the window keeps answering. Steps:
 * 1. SQLite's full integrity check of the clinic's database (a damaged one is not backed up);
 * 2. a consistent copy with `VACUUM INTO` (SQLite's online copy that keeps the encryption: the
 *    backup API refuses an encrypted source here), counting every table in the same snapshot;
 * 3. the key file of this moment, so the backup opens with a password of that time or the recovery key;
 * 4. the photo files the copy points at that the place does not have yet;
 * 5. verification: the copy opened with the key, SQLite's integrity check, every table's rows
 *    counted again, every photo file decrypted (and each original's SHA-256 checked);
 * 6. rotation: 7 daily, 4 weekly and 12 monthly backups kept, photos no backup needs removed.
 */
export function makeBackup(
  db: Db,
  input: MakeBackupInput,
  progress: BackupProgress,
  dayOf: (ms: number) => string,
): BackupManifest {
  placeUsable(input.place);
  const dbKey = Buffer.from(input.dbKeyHex, 'hex');
  const photoKey = Buffer.from(input.photoKeyHex, 'hex');
  progress(0, 1, 'Checking the clinic’s database');
  const check = db.pragma('integrity_check', { simple: true });
  if (check !== 'ok') {
    throw new BackupError(`The clinic’s database failed SQLite’s integrity check (${String(check).slice(0, 200)}).`, true);
  }

  const root = clinicBackupsAt(input.place, input.clinicId);
  const id = backupIdAt(input.nowMs);
  const partial = path.join(root, `${id}${PARTIAL_SUFFIX}`);
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true });
  try {
    progress(0, 1, 'Copying the database');
    const copyFile = path.join(partial, DATABASE_FILE);
    const tables = consistentCopy(db, copyFile, dbKey, input.dataDir);
    for (const f of [KEYRING_FILE, KEYRING_COPY_FILE]) {
      const from = path.join(input.dataDir, f);
      if (fs.existsSync(from)) copyFileDurably(from, path.join(partial, f));
    }

    const copy = openKeyedReadOnly(copyFile, dbKey);
    let photoFiles: string[];
    let head: { id: number; hash: string };
    let schemaVersion: number;
    try {
      photoFiles = photoFilesOf(copy);
      head = auditHead(copy);
      schemaVersion = copy.pragma('user_version', { simple: true }) as number;
    } finally {
      copy.close();
    }
    const store = path.join(root, PHOTOS_FOLDER);
    for (const [i, f] of photoFiles.entries()) {
      if (i % 20 === 0) progress(i, photoFiles.length, 'Copying new photos');
      const [kind, sha] = f.split('/') as [PhotoKind, string];
      const from = photoPath(path.join(input.dataDir, PHOTOS_FOLDER), sha, kind)!;
      const to = photoPath(store, sha, kind)!;
      if (!fs.existsSync(from)) throw new BackupError(`A photo file of the clinic is missing (${kind} ${sha.slice(0, 12)}…).`);
      if (fs.existsSync(to) && fs.statSync(to).size === fs.statSync(from).size) continue;
      copyFileDurably(from, to);
    }
    fsyncFolder(partial);

    const manifest: BackupManifest = {
      format: 'clinic-records-backup',
      version: 1,
      id,
      clinicId: input.clinicId,
      clinicName: input.clinicName,
      createdAtMs: input.nowMs,
      createdBy: input.createdBy,
      device: input.device,
      appVersion: input.appVersion,
      schemaVersion,
      counts: displayCounts(tables, photoFiles.length / KINDS.length),
      tables,
      photoFiles,
      auditHead: head,
      bytes: fs.statSync(copyFile).size,
      verified: null,
    };
    writeFileDurably(path.join(partial, MANIFEST_FILE), Buffer.from(JSON.stringify(manifest, null, 2)));
    const verified = verifyBackup(partial, store, manifest, dbKey, photoKey, progress);
    const final = { ...manifest, verified: { ...verified, atMs: Date.now() } };
    writeFileDurably(path.join(partial, MANIFEST_FILE), Buffer.from(JSON.stringify(final, null, 2)));
    const done = path.join(root, id);
    fs.rmSync(done, { recursive: true, force: true });
    fs.renameSync(partial, done);
    fsyncFolder(root);
    progress(1, 1, 'Removing old backups');
    rotate(input.place, input.clinicId, dayOf);
    return final;
  } catch (err) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw err;
  }
}

/**
 * Copies the database with VACUUM INTO and counts its tables in the same snapshot. If another
 * connection wrote in between (the clinic's data_version moved), the copy is made again while a
 * second connection holds the write lock, so the counts are exactly the copy's.
 */
function consistentCopy(db: Db, copyFile: string, dbKey: Buffer, dataDir: string): Record<string, number> {
  const quoted = copyFile.replaceAll("'", "''");
  const version = () => db.pragma('data_version', { simple: true }) as number;
  const before = version();
  let tables = Object.fromEntries(tableCounts(db));
  fs.rmSync(copyFile, { force: true });
  db.exec(`VACUUM INTO '${quoted}'`);
  if (version() === before) return tables;
  const lock = openDatabase(path.join(dataDir, DATABASE_FILE), dbKey, { backupBeforeUpgrade: false });
  try {
    lock.exec('BEGIN IMMEDIATE');
    tables = Object.fromEntries(tableCounts(db));
    fs.rmSync(copyFile, { force: true });
    db.exec(`VACUUM INTO '${quoted}'`);
    lock.exec('ROLLBACK');
  } finally {
    lock.close();
  }
  return tables;
}

export interface Verification {
  ok: boolean;
  problem: string | null;
  checkedPhotoFiles: number;
}

/**
 * Checks a backup against its manifest: the database opens with the key, passes SQLite's
 * integrity check and has exactly the rows counted at backup time; every photo file it needs is
 * in the store and decrypts (an original also to its own SHA-256).
 */
export function verifyBackup(
  folder: string,
  store: string,
  manifest: Pick<BackupManifest, 'tables' | 'photoFiles'>,
  dbKey: Buffer,
  photoKey: Buffer,
  progress: BackupProgress = () => undefined,
): Verification {
  progress(0, 1, 'Verifying the backup');
  const fail = (problem: string, checkedPhotoFiles = 0): Verification => ({ ok: false, problem, checkedPhotoFiles });
  let db: ReturnType<typeof openKeyedReadOnly>;
  try {
    db = openKeyedReadOnly(path.join(folder, DATABASE_FILE), dbKey);
  } catch (err) {
    return fail(
      `The backed-up database does not open with the clinic’s key (${err instanceof Error ? err.message : String(err)}).`,
    );
  }
  try {
    const check = db.pragma('integrity_check', { simple: true });
    if (check !== 'ok') return fail(`The backed-up database failed SQLite’s integrity check (${String(check).slice(0, 200)}).`);
    const counts = tableCounts(db);
    for (const [table, count] of Object.entries(manifest.tables)) {
      if (counts.get(table) !== count) {
        return fail(`The backup has ${counts.get(table) ?? 0} rows in ${table} where the clinic had ${count}.`);
      }
    }
  } finally {
    db.close();
  }
  for (const [i, f] of manifest.photoFiles.entries()) {
    if (i % 20 === 0) progress(i, manifest.photoFiles.length, 'Verifying photos');
    const [kind, sha] = f.split('/') as [PhotoKind, string];
    try {
      const plain = readPhotoFile({ dir: store, key: photoKey }, sha, kind);
      if (kind === 'original' && crypto.createHash('sha256').update(plain).digest('hex') !== sha) {
        return fail(`A backed-up photo is not the one taken (original ${sha.slice(0, 12)}…).`, i);
      }
    } catch {
      return fail(`A backed-up photo file is missing or damaged (${kind} ${sha.slice(0, 12)}…).`, i);
    }
  }
  return { ok: true, problem: null, checkedPhotoFiles: manifest.photoFiles.length };
}

/** Removes the backups rotation does not keep, then the photo files no kept backup needs. */
export function rotate(place: string, clinicId: string, dayOf: (ms: number) => string): { removed: string[] } {
  const found = backupsAt(place, clinicId);
  const keep = backupsToKeep(
    found.map((f) => f.manifest),
    dayOf,
  );
  const removed: string[] = [];
  for (const f of found) {
    if (!keep.has(f.manifest.id)) {
      fs.rmSync(f.folder, { recursive: true, force: true });
      removed.push(f.manifest.id);
    }
  }
  const needed = new Set(found.filter((f) => keep.has(f.manifest.id)).flatMap((f) => f.manifest.photoFiles));
  const store = path.join(clinicBackupsAt(place, clinicId), PHOTOS_FOLDER);
  for (const kind of KINDS) {
    const dir = path.join(store, kind);
    if (!fs.existsSync(dir)) continue;
    for (const prefix of fs.readdirSync(dir)) {
      for (const sha of fs.readdirSync(path.join(dir, prefix))) {
        if (!needed.has(`${kind}/${sha}`)) fs.rmSync(path.join(dir, prefix, sha), { force: true });
      }
    }
  }
  return { removed };
}
