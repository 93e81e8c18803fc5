import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { decryptBytes, encryptBytes } from '../auth/crypto';
import { fsyncFolder, writeFileDurably, type DurableFs } from '../durableFile';
import type { PreparedPhoto } from './pipeline';

export type PhotoKind = 'original' | 'thumb' | 'preview';
const SHA256 = /^[0-9a-f]{64}$/;

/**
 * A clinic's photo store: files under <dir>/<kind>/<xx>/<sha256> (dir is the data folder's
 * photos/), each encrypted with
 * AES-256-GCM under the clinic's photo key (a subkey of its data key). The name is the SHA-256
 * of the plain original, so the same photo is never stored twice.
 */
export interface PhotoStore {
  dir: string;
  key: Buffer;
}

export const PHOTOS_FOLDER = 'photos';

/** The photo store of a data folder. */
export function photoStoreOf(dataDir: string, key: Buffer): PhotoStore {
  return { dir: path.join(dataDir, PHOTOS_FOLDER), key };
}

/** Where a stored file lives. Null for anything that is not a hash. */
export function photoPath(photosDir: string, sha256: string, kind: PhotoKind): string | null {
  if (!SHA256.test(sha256)) return null;
  return path.join(photosDir, kind, sha256.slice(0, 2), sha256);
}

/** Whether the store already has this file. */
export function hasPhotoFile(store: PhotoStore, sha256: string, kind: PhotoKind): boolean {
  const file = photoPath(store.dir, sha256, kind);
  return file !== null && fs.existsSync(file);
}

/** What a file's encryption is bound to: its hash and kind, so files cannot be swapped. */
const aadOf = (sha256: string, kind: PhotoKind) => `clinic-records photo v1|${sha256}|${kind}`;

/** One file encrypted for the store, not yet written: what it is, and its bytes as they go on disk. */
export interface SealedPhotoFile {
  readonly sha256: string;
  readonly kind: PhotoKind;
  readonly bytes: Buffer;
}

/** What each file sealed here was encrypted for, and where it waits on disk if it was written early. */
const sealedFor = new WeakMap<SealedPhotoFile, { key: Buffer; aad: string; temp: string | null }>();

/** Encrypts one file as the store keeps it, bound to its hash and kind. Writes nothing. */
export function sealPhotoFile(store: PhotoStore, sha256: string, kind: PhotoKind, plain: Buffer): SealedPhotoFile {
  if (!SHA256.test(sha256)) throw new Error('Not a photo hash');
  const aad = aadOf(sha256, kind);
  const sealed = Object.freeze({ sha256, kind, bytes: encryptBytes(store.key, plain, aad) });
  sealedFor.set(sealed, { key: store.key, aad, temp: null });
  return sealed;
}

/**
 * Encrypts one file and writes it under a temporary name beside its place, durably (written,
 * fsynced, closed), but does not move it there: storePhoto does, once everything about the
 * photo is decided. releasePhotoFiles removes it if the photo is not stored; a crash before
 * either leaves a *.partial file, which the start-up sweep puts in quarantine.
 */
export function sealPhotoFileBeside(
  store: PhotoStore,
  sha256: string,
  kind: PhotoKind,
  plain: Buffer,
  io: DurableFs = fs,
): SealedPhotoFile {
  const sealed = sealPhotoFile(store, sha256, kind, plain);
  const file = photoPath(store.dir, sha256, kind)!;
  io.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${randomUUID()}.partial`;
  try {
    const fd = io.openSync(temp, 'wx', 0o600);
    try {
      let offset = 0;
      while (offset < sealed.bytes.length) offset += io.writeSync(fd, sealed.bytes.subarray(offset));
      io.fsyncSync(fd);
    } finally {
      io.closeSync(fd);
    }
  } catch (err) {
    io.rmSync(temp, { force: true });
    throw err;
  }
  sealedFor.get(sealed)!.temp = temp;
  return sealed;
}

/** Removes what sealPhotoFileBeside wrote and storePhoto did not move into place. */
export function releasePhotoFiles(sealed: readonly SealedPhotoFile[], io: DurableFs = fs): void {
  for (const f of sealed) {
    const made = sealedFor.get(f);
    if (!made?.temp) continue;
    io.rmSync(made.temp, { force: true });
    made.temp = null;
  }
}

/** Whether `sealed` was encrypted by sealPhotoFile under this store's key for this file. */
function sealedAs(sealed: SealedPhotoFile, store: PhotoStore, sha256: string, kind: PhotoKind): boolean {
  const made = sealedFor.get(sealed);
  return made !== undefined && made.key.equals(store.key) && made.aad === aadOf(sha256, kind);
}

/**
 * Puts one sealed file in its place durably, as writeFileDurably does: one already written
 * beside it (fsynced) is renamed over and its folder fsynced; any other is written so.
 */
function writeSealed(store: PhotoStore, sealed: SealedPhotoFile, io: DurableFs = fs): void {
  const file = photoPath(store.dir, sealed.sha256, sealed.kind);
  if (file === null) throw new Error('Not a photo hash');
  const made = sealedFor.get(sealed);
  const temp = made?.temp;
  if (!made || !temp) return writeFileDurably(file, sealed.bytes, io);
  made.temp = null;
  try {
    io.renameSync(temp, file);
    fsyncFolder(path.dirname(file), io);
  } finally {
    io.rmSync(temp, { force: true });
  }
}

/** Encrypts and writes one file durably (fsync the file, rename, fsync the folder). */
export function writePhotoFile(store: PhotoStore, sha256: string, kind: PhotoKind, plain: Buffer, io?: DurableFs): void {
  writeSealed(store, sealPhotoFile(store, sha256, kind, plain), io);
}

/** Reads and decrypts one file; throws when it is missing, damaged, or another clinic's. */
export function readPhotoFile(store: PhotoStore, sha256: string, kind: PhotoKind): Buffer {
  const file = photoPath(store.dir, sha256, kind);
  if (file === null) throw new Error('Not a photo hash');
  return decryptBytes(store.key, fs.readFileSync(file), aadOf(sha256, kind), `The ${kind} of photo ${sha256.slice(0, 12)}…`);
}

export async function readPhotoFileAsync(store: PhotoStore, sha256: string, kind: PhotoKind): Promise<Buffer> {
  const file = photoPath(store.dir, sha256, kind);
  if (file === null) throw new Error('Not a photo hash');
  return decryptBytes(
    store.key,
    await fs.promises.readFile(file),
    aadOf(sha256, kind),
    `The ${kind} of photo ${sha256.slice(0, 12)}…`,
  );
}

/**
 * Stores a prepared photo: the original byte for byte (encrypted) and its display copies.
 * Every file is on disk, flushed, before this returns, so the caller can then commit the row
 * that points at them. `stored` says whether this call wrote the original. A file already
 * encrypted for this photo (`sealed`, say while its copies were being made) is written as it is.
 */
export function storePhoto(
  store: PhotoStore,
  photo: PreparedPhoto,
  io?: DurableFs,
  sealed: readonly SealedPhotoFile[] = [],
): { stored: boolean } {
  const write = (kind: PhotoKind, plain: Buffer) => {
    const done = sealed.find((f) => sealedAs(f, store, photo.sha256, kind));
    writeSealed(store, done ?? sealPhotoFile(store, photo.sha256, kind, plain), io);
  };
  const already = hasPhotoFile(store, photo.sha256, 'original');
  if (!already) write('original', photo.original);
  for (const [kind, bytes] of [
    ['thumb', photo.thumb],
    ['preview', photo.preview],
  ] as const) {
    if (!hasPhotoFile(store, photo.sha256, kind)) write(kind, bytes);
  }
  return { stored: !already };
}
