import { hashRaw, type Algorithm } from '@node-rs/argon2';

// The package's Algorithm is a const enum, which isolated modules cannot read; 2 is its Argon2id.
const ARGON2ID: Algorithm = 2;
import crypto from 'node:crypto';

/** argon2id's cost: memory in KiB, passes, lanes. Stored with every slot, so it can be raised later. */
export interface KdfCost {
  m: number;
  t: number;
  p: number;
}

/** About 250 ms on the build machine (2 cores, 2026): 128 MiB and five passes. */
export const PRODUCTION_KDF: KdfCost = { m: 131072, t: 5, p: 1 };
/**
 * A cheap cost for tests that are not about passwords, so a suite that signs in hundreds of
 * times stays quick. Never used by the app itself (core.ts defaults to PRODUCTION_KDF).
 */
export const TEST_KDF: KdfCost = { m: 1024, t: 1, p: 1 };

/** Derives a 32-byte key-encryption key from a password (or setup code, or recovery key) on libuv's pool. */
export async function deriveKek(secret: string, salt: Buffer, cost: KdfCost): Promise<Buffer> {
  return hashRaw(secret.normalize('NFC'), {
    salt,
    memoryCost: cost.m,
    timeCost: cost.t,
    parallelism: cost.p,
    outputLen: 32,
    algorithm: ARGON2ID,
  });
}

/** A value that proves knowledge of the key-encryption key without revealing it. */
export function verifierOf(kek: Buffer): Buffer {
  return crypto.createHmac('sha256', kek).update('clinic-records verifier v1').digest();
}

/** Constant-time comparison of two verifiers (or any two secrets). */
export function sameSecret(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

export interface Sealed {
  iv: string;
  ct: string;
  tag: string;
}

/** AES-256-GCM with associated data: the data is bound to where it belongs (a slot, a file). */
export function seal(key: Buffer, plain: Buffer, aad: string): Sealed {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
  return { iv: iv.toString('base64'), ct: ct.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
}

/** Opens what `seal` made; null when the key is wrong or anything was changed. */
export function unseal(key: Buffer, sealed: Sealed, aad: string): Buffer | null {
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.ct, 'base64')), decipher.final()]);
  } catch {
    return null;
  }
}

export type SubkeyPurpose = 'database' | 'photos' | 'key-check';

/** The keys actually used, each derived from the clinic's data key for one purpose. */
export function subkey(dataKey: Buffer, clinicId: string, purpose: SubkeyPurpose): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', dataKey, Buffer.from(clinicId, 'utf8'), `clinic-records ${purpose} v1`, 32));
}

// Photo files: "CRP1" | 12-byte IV | 16-byte tag | ciphertext. The associated data names the
// file (its hash and kind), so one photo's file cannot be swapped in for another's.
const FILE_MAGIC = Buffer.from('CRP1', 'latin1');

export function encryptBytes(key: Buffer, plain: Buffer, aad: string): Buffer {
  const pieces: Buffer[] = [];
  const header = encryptInPieces(key, plain, aad, (piece) => pieces.push(piece));
  return Buffer.concat([header, ...pieces]);
}

/** How many bytes come before the ciphertext in an encrypted file: the magic, the nonce and the tag. */
export const ENCRYPTED_HEADER_BYTES = 32;

/**
 * encryptBytes a piece at a time, for a file written as it is encrypted: `put` is handed the
 * ciphertext in order, a piece of at most `pieceBytes` at a time, to follow the first
 * ENCRYPTED_HEADER_BYTES bytes; the header that goes there (its tag is known only at the end) is
 * returned. The file comes out as encryptBytes makes it, without anything the size of the
 * plaintext being allocated (for a 9 MB photo encryptBytes allocates three such buffers).
 */
export function encryptInPieces(
  key: Buffer,
  plain: Buffer,
  aad: string,
  put: (ciphertext: Buffer) => void,
  // Each piece of ciphertext is a new buffer. At 64 KiB it is memory the allocator hands back
  // from the last piece; at 1 MiB or more glibc's allocator (Linux) took fresh pages from the
  // system for every piece, and encrypting a 9 MB photo took 28 ms against 1.4 ms on the Linux
  // build machine. Other systems' allocators differ; the file written is the same either way.
  pieceBytes = 64 * 1024,
): Buffer {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  for (let at = 0; at < plain.length; at += pieceBytes) put(cipher.update(plain.subarray(at, at + pieceBytes)));
  const last = cipher.final();
  if (last.length > 0) put(last);
  return Buffer.concat([FILE_MAGIC, iv, cipher.getAuthTag()]);
}

export class DamagedFileError extends Error {
  constructor(what: string) {
    super(`${what} is damaged or belongs to another clinic: it could not be decrypted.`);
    this.name = 'DamagedFileError';
  }
}

export function decryptBytes(key: Buffer, file: Buffer, aad: string, what = 'The file'): Buffer {
  if (file.length < 32 || !file.subarray(0, 4).equals(FILE_MAGIC)) throw new DamagedFileError(what);
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, file.subarray(4, 16));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(file.subarray(16, 32));
    return Buffer.concat([decipher.update(file.subarray(32)), decipher.final()]);
  } catch {
    throw new DamagedFileError(what);
  }
}

/** True when the bytes are one of our encrypted files (a plain photo never starts this way). */
export function isEncryptedFile(head: Buffer): boolean {
  return head.length >= 4 && head.subarray(0, 4).equals(FILE_MAGIC);
}
