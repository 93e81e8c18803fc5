// npm start: makes sure Electron's runtime is on this computer (it is downloaded once, the first
// time), builds the app, then opens it. Without internet on that first start it says so in plain
// words instead of Electron's own advice to delete node_modules.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const electronDir = process.env.CLINIC_ELECTRON_PACKAGE_DIR ?? path.dirname(require.resolve('electron/package.json'));

/** Where Electron's runtime is, or null while it has not been downloaded. */
function electronRuntime() {
  const pathFile = path.join(electronDir, 'path.txt');
  const relative = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : null;
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron');
  if (!relative) return null;
  const full = path.join(electronDir, 'dist', relative);
  return fs.existsSync(full) ? full : null;
}

function say(lines) {
  console.log(lines.map((l) => `  ${l}`).join('\n'));
}

let runtime = electronRuntime();
if (runtime === null) {
  say([
    '',
    'Clinic Records runs inside Electron. Its runtime (about 100 MB) is downloaded once,',
    'the first time the app starts on this computer. Downloading it now…',
    '',
  ]);
  const download = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { encoding: 'utf8' });
  runtime = download.status === 0 ? electronRuntime() : null;
  if (runtime === null) {
    const detail =
      `${download.stderr ?? ''}${download.stdout ?? ''}`
        .trim()
        .split('\n')
        .find((l) => l.trim()) ?? '';
    say(
      [
        'Electron could not be downloaded, so the app cannot open yet.',
        detail ? `(The download said: ${detail.slice(0, 200)})` : '',
        '',
        'This happens without an internet connection, or when a firewall blocks github.com,',
        'where Electron is published. Nothing is wrong with your installation and no clinic',
        'data was touched. What to do:',
        '  • connect this computer to the internet and run  npm start  again (needed only once), or',
        '  • if you already have Electron 45 unpacked somewhere, point to it:',
        '      ELECTRON_OVERRIDE_DIST_PATH=/path/to/electron npm start',
        '',
        'Everything else works offline: npm test, and npm run demo -- --data-dir DIR.',
        '',
      ].filter((l, i, all) => l !== '' || all[i - 1] !== ''),
    );
    process.exit(1);
  }
}

const build = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const app = spawnSync(runtime, ['.', ...args], { stdio: 'inherit' });
process.exit(app.status ?? 1);
