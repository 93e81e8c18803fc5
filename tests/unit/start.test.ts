import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/tempDir';

/** An Electron package as npm leaves it before the first start: no runtime yet, and a download that fails. */
function electronWithoutRuntime(downloadSays: string): string {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.4.1' }));
  fs.writeFileSync(path.join(dir, 'install.js'), `console.error(${JSON.stringify(downloadSays)}); process.exit(1);`);
  return dir;
}

describe('npm start on a computer that has not downloaded Electron yet', () => {
  it('says plainly that the runtime is downloaded once and what to do, and exits without building', () => {
    const r = spawnSync(process.execPath, ['scripts/start.mjs'], {
      encoding: 'utf8',
      env: {
        ...process.env,
        CLINIC_ELECTRON_PACKAGE_DIR: electronWithoutRuntime('RequestError: getaddrinfo ENOTFOUND github.com'),
        ELECTRON_OVERRIDE_DIST_PATH: '',
      },
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('Its runtime (about 100 MB) is downloaded once');
    expect(r.stdout).toContain('(The download said: RequestError: getaddrinfo ENOTFOUND github.com)');
    expect(r.stdout).toContain('connect this computer to the internet and run  npm start  again');
    expect(r.stdout).toContain('ELECTRON_OVERRIDE_DIST_PATH=/path/to/electron npm start');
    expect(r.stdout).toContain('no clinic');
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/delete/i);
    // It stopped before the build.
    expect(r.stdout).not.toContain('vite');
  });
});
