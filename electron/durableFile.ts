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
 * Writes a new file under a unique temporary name beside `file` (in the same folder, so a rename
 * can put it in place), readable by the owner only: `fill` puts its bytes in, `put` adding them
 * at the end (it is handed the open descriptor too, for writes at a given place). The file is
 * fsynced and closed before this returns its name; if anything fails it is removed.
 */
export function writeBeside(
  file: string,
  fill: (put: (bytes: Uint8Array) => void, fd: number) => void,
  io: DurableFs = realFs,
): string {
  io.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${randomUUID()}.partial`;
  try {
    const fd = io.openSync(temp, 'wx', 0o600);
    try {
      fill((bytes) => {
        for (let at = 0; at < bytes.length;) at += io.writeSync(fd, bytes.subarray(at));
      }, fd);
      io.fsyncSync(fd);
    } finally {
      io.closeSync(fd);
    }
  } catch (err) {
    io.rmSync(temp, { force: true });
    throw err;
  }
  return temp;
}

/** Puts a file writeBeside wrote in its place: renamed over `file`, then the folder fsynced. */
export function moveIntoPlace(temp: string, file: string, io: DurableFs = realFs): void {
  try {
    io.renameSync(temp, file);
    fsyncFolder(path.dirname(file), io);
  } finally {
    io.rmSync(temp, { force: true });
  }
}

/**
 * Writes a file so that after a crash or power cut it is either the old file or the whole
 * new one: write a unique temporary name, fsync it, rename over the target, fsync the folder.
 * Files are created readable by the owner only (0600).
 */
export function writeFileDurably(file: string, bytes: Uint8Array, io: DurableFs = realFs): void {
  moveIntoPlace(
    writeBeside(file, (put) => put(bytes), io),
    file,
    io,
  );
}
