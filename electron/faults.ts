import { ApiError } from '../shared/envelope';
import { onNetworkShare } from './backup/places';

/** The error codes of Node and SQLite that mean something a person can act on. */
function codeOf(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : '';
}

/**
 * Turns a failure from the disk or the database into a message that says what happened and
 * what to do; null for anything else (which is logged and reported as a generic failure).
 * Nothing was saved in every case: the call's transaction rolled back.
 */
export function describeFault(
  err: unknown,
  dataDir: string,
  onShare: (dir: string) => boolean = onNetworkShare,
): { error: ApiError; damaged: boolean } | null {
  const code = codeOf(err);
  if (code === 'ENOSPC' || code.startsWith('SQLITE_FULL')) {
    return {
      error: new ApiError(
        'STORAGE',
        `The disk holding the clinic’s data (${dataDir}) is full, so nothing was saved. Free some space, then try again.`,
      ),
      damaged: false,
    };
  }
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM' || code.startsWith('SQLITE_READONLY')) {
    return {
      error: new ApiError(
        'STORAGE',
        `The clinic’s data folder (${dataDir}) cannot be written to, so nothing was saved. Check that the disk is connected and not read-only.`,
      ),
      damaged: false,
    };
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return {
      error: new ApiError(
        'CONFLICT',
        onShare(dataDir)
          ? `The clinic’s database is in use by another computer, so nothing was saved. Its folder (${dataDir}) is on a network share, where SQLite’s database file is not safe to share: move the data folder to one computer’s own disk and let the others work on it as workstations.`
          : 'The clinic’s database is in use by another program or another computer, so nothing was saved. Close the other program (or the app on the other computer) and try again. A clinic’s data folder must not be shared over the network.',
      ),
      damaged: false,
    };
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return {
      error: new ApiError(
        'DAMAGED',
        'The clinic’s database is damaged, so nothing more is saved. Restore it from a backup on the recovery screen.',
      ),
      damaged: true,
    };
  }
  return null;
}
