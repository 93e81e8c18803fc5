import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { PreparedPhoto } from './pipeline';

export type PhotoKind = 'original' | 'thumb' | 'preview';
const SHA256 = /^[0-9a-f]{64}$/;

/** Where a stored file lives: photos/<kind>/<first two hex digits>/<sha256>. Null for anything that is not a hash. */
export function photoPath(root: string, sha256: string, kind: PhotoKind): string | null {
  if (!SHA256.test(sha256)) return null;
  return path.join(root, 'photos', kind, sha256.slice(0, 2), sha256);
}

/** Writes next to the target and renames, so a crash never leaves a half-written file under a real name. */
function writeAtomically(file: string, bytes: Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // A name of its own per write: two imports of the same photo at once never share a temporary file.
  const temp = `${file}.${randomUUID()}.partial`;
  try {
    fs.writeFileSync(temp, bytes, { flag: 'wx' });
    fs.renameSync(temp, file);
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

/**
 * Stores a prepared photo in the content-addressed store: the original byte for byte,
 * and its display copies. The same file is never stored twice; `stored` says whether
 * this call wrote the original.
 */
export function storePhoto(root: string, photo: PreparedPhoto): { stored: boolean } {
  const original = photoPath(root, photo.sha256, 'original')!;
  const already = fs.existsSync(original);
  if (!already) writeAtomically(original, photo.original);
  for (const [kind, bytes] of [
    ['thumb', photo.thumb],
    ['preview', photo.preview],
  ] as const) {
    const file = photoPath(root, photo.sha256, kind)!;
    if (!fs.existsSync(file)) writeAtomically(file, bytes);
  }
  return { stored: !already };
}
