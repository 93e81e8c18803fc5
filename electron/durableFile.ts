import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The fs calls a durable write makes, in order; tests pass a recorder to check the order. */
export interface DurableFs {
  openSync: typeof fs.openSync;
  writeSync: (fd: number, buffer: Uint8Array) => number;
  fsyncSync: typeof fs.fsyncSync;
  closeSync: typeof fs.closeSync;
  renameSync: typeof fs.renameSync;
  rmSync: typeof fs.rmSync;
  mkdirSync: typeof fs.mkdirSync;
}

const realFs: DurableFs = fs;

/** Flushes a folder's entry list, so a rename inside it survives a power cut (a no-op where folders cannot be opened). */
export function fsyncFolder(dir: string, io: DurableFs = realFs): void {
  let fd: number;
  try {
    fd = io.openSync(dir, 'r');
  } catch {
    return; // Windows cannot open a folder; NTFS journals the rename itself.
  }
  try {
    io.fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on a folder; the file itself is already on disk.
  } finally {
    io.closeSync(fd);
  }
}

/**
 * Writes a file so that after a crash or power cut it is either the old file or the whole
 * new one: write a unique temporary name, fsync it, rename over the target, fsync the folder.
 * Files are created readable by the owner only (0600).
 */
export function writeFileDurably(file: string, bytes: Uint8Array, io: DurableFs = realFs): void {
  const dir = path.dirname(file);
  io.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temp = `${file}.${randomUUID()}.partial`;
  try {
    const fd = io.openSync(temp, 'wx', 0o600);
    try {
      let offset = 0;
      while (offset < bytes.length) offset += io.writeSync(fd, bytes.subarray(offset));
      io.fsyncSync(fd);
    } finally {
      io.closeSync(fd);
    }
    io.renameSync(temp, file);
    fsyncFolder(dir, io);
  } finally {
    io.rmSync(temp, { force: true });
  }
}
