import fs from 'node:fs';
import path from 'node:path';
import { decryptBytes, ENCRYPTED_HEADER_BYTES, encryptBytes, encryptInPieces } from '../auth/crypto';
import { moveIntoPlace, writeBeside, writeFileDurably, type DurableFs } from '../durableFile';
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

/** The fs calls writePhotoFileBeside makes: DurableFs's, and a write at a given place in the file. */
export interface BesideFs extends DurableFs {
  writeAtSync: (fd: number, buffer: Uint8Array, position: number) => number;
}
const besideFs: BesideFs = { ...fs, writeAtSync: (fd, buffer, position) => fs.writeSync(fd, buffer, 0, buffer.length, position) };

/** A file written, flushed, under a temporary name beside its place, waiting to be moved there or removed. */
export interface PendingPhotoFile {
  readonly sha256: string;
  readonly kind: PhotoKind;
}

/** What each pending file was encrypted for, and where it waits (null once moved or removed). */
const pendingAt = new WeakMap<PendingPhotoFile, { key: Buffer; aad: string; temp: string | null }>();

/**
 * Encrypts one file and writes it under a temporary name beside its place, durably (written,
 * fsynced, closed), but does not move it there: storePhoto does, once everything about the
 * photo is decided. releasePhotoFiles removes it if the photo is not stored; a crash before
 * either leaves a *.partial file, which the start-up sweep puts in quarantine. It is encrypted
 * a piece at a time straight into the file, the header written last in the room left for it.
 */
export function writePhotoFileBeside(
  store: PhotoStore,
  sha256: string,
  kind: PhotoKind,
  plain: Buffer,
  io: BesideFs = besideFs,
): PendingPhotoFile {
  const file = photoPath(store.dir, sha256, kind);
  if (file === null) throw new Error('Not a photo hash');
  const aad = aadOf(sha256, kind);
  const temp = writeBeside(
    file,
    (put, fd) => {
      put(Buffer.alloc(ENCRYPTED_HEADER_BYTES));
      const header = encryptInPieces(store.key, plain, aad, put);
      for (let at = 0; at < header.length;) at += io.writeAtSync(fd, header.subarray(at), at);
    },
    io,
  );
  const pending = Object.freeze({ sha256, kind });
  pendingAt.set(pending, { key: store.key, aad, temp });
  return pending;
}

/** Removes what writePhotoFileBeside wrote and storePhoto did not move into place. */
export function releasePhotoFiles(pending: readonly PendingPhotoFile[], io: DurableFs = fs): void {
  for (const f of pending) {
    const at = pendingAt.get(f);
    if (!at?.temp) continue;
    io.rmSync(at.temp, { force: true });
    at.temp = null;
  }
}

/**
 * Moves a pending file written for this very file of this store (its hash, kind and key) into
 * place, as writeFileDurably ends: renamed over, then its folder fsynced. False if there is none.
 */
function movePending(store: PhotoStore, pending: readonly PendingPhotoFile[], sha256: string, kind: PhotoKind, io: DurableFs) {
  const file = photoPath(store.dir, sha256, kind)!;
  for (const f of pending) {
    const at = pendingAt.get(f);
    if (!at?.temp || !at.key.equals(store.key) || at.aad !== aadOf(sha256, kind)) continue;
    const temp = at.temp;
    at.temp = null;
    moveIntoPlace(temp, file, io);
    return true;
  }
  return false;
}

/** Encrypts and writes one file durably (fsync the file, rename, fsync the folder). */
export function writePhotoFile(store: PhotoStore, sha256: string, kind: PhotoKind, plain: Buffer, io?: DurableFs): void {
  const file = photoPath(store.dir, sha256, kind);
  if (file === null) throw new Error('Not a photo hash');
  writeFileDurably(file, encryptBytes(store.key, plain, aadOf(sha256, kind)), io);
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
 * that points at them. `stored` says whether this call wrote the original. A file written
 * beside its place for this photo (`pending`, say while its copies were being made) is moved
 * into place rather than written again.
 */
export function storePhoto(
  store: PhotoStore,
  photo: PreparedPhoto,
  io: DurableFs = fs,
  pending: readonly PendingPhotoFile[] = [],
): { stored: boolean } {
  const write = (kind: PhotoKind, plain: Buffer) => {
    if (!movePending(store, pending, photo.sha256, kind, io)) writePhotoFile(store, photo.sha256, kind, plain, io);
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
