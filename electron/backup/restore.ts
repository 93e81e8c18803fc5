import fs from 'node:fs';
import path from 'node:path';
import { DATABASE_FILE } from '../auth/convert';
import { clinicKeys, KEYRING_COPY_FILE, KEYRING_FILE, readKeyring, type Keyring } from '../auth/keyring';
import { fsyncFolder } from '../durableFile';
import { photoPath, PHOTOS_FOLDER, type PhotoKind } from '../photos/store';
import { verifyBackup } from './engine';
import { clinicBackupsAt, type FoundBackup } from './layout';

/** A restore that could not go ahead; nothing of the current data was touched. */
export class RestoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreError';
  }
}

const stampOf = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ').replaceAll(':', '-');

/** Files that say a data folder holds something worth keeping (a clinic, its photos, its key file). */
export function folderHasData(dir: string): boolean {
  try {
    return fs
      .readdirSync(dir)
      .some((n) => [DATABASE_FILE, KEYRING_FILE, KEYRING_COPY_FILE, PHOTOS_FOLDER, 'backups', 'DEMO-CLINIC.txt'].includes(n));
  } catch {
    return false;
  }
}

/**
 * Restores a backup into the data folder without ever overwriting what is there:
 * 1. copies the backup (database, key file, the photo files it needs) into a new folder beside
 *    the data folder;
 * 2. opens its key file with `unlock` (the clinic's data key in memory, a password of that time,
 *    or the recovery key) and verifies the copy like a fresh backup;
 * 3. calls `closeCurrent`, moves the current data folder aside as "<folder> (set aside <date>)"
 *    when it holds anything, and puts the restored folder in its place.
 * Returns where the old data was set aside (null when the folder was empty).
 */
export async function restoreBackup(opts: {
  found: FoundBackup;
  dataDir: string;
  nowMs: number;
  unlock: (keyring: Keyring) => Promise<Buffer>;
  closeCurrent: () => void;
  progress?: (done: number, total: number, step: string) => void;
}): Promise<{ setAsideTo: string | null }> {
  const { found, dataDir, nowMs } = opts;
  const progress = opts.progress ?? (() => undefined);
  const staging = `${dataDir.replace(/[\\/]+$/, '')}.restoring-${nowMs}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(path.join(staging, PHOTOS_FOLDER), { recursive: true, mode: 0o700 });
  try {
    progress(0, 1, 'Copying the backup');
    for (const f of [DATABASE_FILE, KEYRING_FILE, KEYRING_COPY_FILE]) {
      const from = path.join(found.folder, f);
      if (fs.existsSync(from)) await fs.promises.copyFile(from, path.join(staging, f));
    }
    const store = path.join(clinicBackupsAt(found.place, found.manifest.clinicId), PHOTOS_FOLDER);
    const files = found.manifest.photoFiles;
    for (const [i, f] of files.entries()) {
      if (i % 20 === 0) progress(i, files.length, 'Copying photos');
      const [kind, sha] = f.split('/') as [PhotoKind, string];
      const to = photoPath(path.join(staging, PHOTOS_FOLDER), sha, kind)!;
      await fs.promises.mkdir(path.dirname(to), { recursive: true });
      try {
        await fs.promises.copyFile(photoPath(store, sha, kind)!, to);
      } catch {
        throw new RestoreError(
          `The backup is incomplete: a photo file is missing (${kind} ${sha.slice(0, 12)}…). Choose another backup.`,
        );
      }
    }
    const keyring = readKeyring(staging);
    if (!keyring) throw new RestoreError('The backup has no key file, so it cannot be opened. Choose another backup.');
    const dataKey = await opts.unlock(keyring);
    const keys = clinicKeys(keyring, dataKey);
    progress(0, 1, 'Verifying the restored copy');
    const check = verifyBackup(staging, path.join(staging, PHOTOS_FOLDER), found.manifest, keys.database, keys.photos);
    if (!check.ok) throw new RestoreError(`The backup did not pass its check, so nothing was restored: ${check.problem}`);

    progress(1, 1, 'Switching to the restored data');
    opts.closeCurrent();
    let setAsideTo: string | null = null;
    // Nothing is ever deleted: a folder with anything in it (even just a log) is set aside whole.
    if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) {
      setAsideTo = `${dataDir.replace(/[\\/]+$/, '')} (set aside ${stampOf(nowMs)})`;
      fs.renameSync(dataDir, setAsideTo);
    } else {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    fs.renameSync(staging, dataDir);
    fsyncFolder(path.dirname(dataDir));
    return { setAsideTo };
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw err;
  }
}
