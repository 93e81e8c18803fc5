import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `npm install` on a fresh clone must leave `git status` clean. npm writes the lock file from
 * the registry's manifests there, but from node_modules when it already exists, and the two
 * disagree about one flag: the SQLite package's manifest says it has an install script (it has
 * binding.gyp, though it ships prebuilt binaries and sets gypfile false). A lock file rewritten
 * in an existing checkout drops the flag, and every fresh clone then adds it back as a change.
 */
describe('the lock file as a fresh clone writes it', () => {
  const lock = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package-lock.json'), 'utf8')) as {
    packages: Record<string, { hasInstallScript?: boolean }>;
  };

  it('keeps the install-script flag of the SQLite package that a fresh npm install writes', () => {
    expect(lock.packages['node_modules/better-sqlite3-multiple-ciphers']?.hasInstallScript).toBe(true);
  });
});
