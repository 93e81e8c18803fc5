// npm run bench: every part of the speed record in one run, written to bench/results.json.
// Each part adds its own figures (scripts/benchResults.ts); a part that fails is reported and the
// others still run. The figures of `npm run bench:reliability` (a verified backup of the large
// clinic and 300 kill cycles, about a quarter of an hour on its own) are kept from its last run;
// every other figure is measured afresh. Exits with an error when a part failed or a goal was missed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const RESULTS = path.resolve('bench', 'results.json');
const KEPT = /^(backup_|kill_)/;

const parts = [
  ['build (the initial JavaScript is measured on it, Chromium loads it)', 'npm', ['run', 'build']],
  ['the main process: 50,000 patients, anchors and growth', 'npx', ['tsx', 'scripts/bench.ts']],
  ['encryption', 'npx', ['tsx', 'scripts/bench-encryption.ts']],
  ['ten workstations on one host', 'npx', ['tsx', 'scripts/bench-workstations.ts']],
  [
    'Chromium: screens, calendar, day sheet PDF, photos',
    'npx',
    ['playwright', 'test', '--config', 'tests/playwright.bench.config.ts'],
  ],
].filter(([, , args]) => !args[1]?.startsWith('scripts/') || fs.existsSync(args[1]));

try {
  const old = JSON.parse(fs.readFileSync(RESULTS, 'utf8'));
  fs.writeFileSync(
    RESULTS,
    `${JSON.stringify(
      old.filter((r) => KEPT.test(r.name)),
      null,
      2,
    )}\n`,
  );
} catch {
  // No record yet: the parts start one.
}

const started = Date.now();
const failed = [];
// Once the app is built, long jobs run on its compiled worker, as they do in the app
// (electron/jobs/runner.ts): through tsx each worker would first spend half a second compiling.
const env = { ...process.env };
for (const [title, cmd, args] of parts) {
  const t = Date.now();
  console.log(`\n=== ${title}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32', env });
  console.log(`=== ${title}: ${r.status === 0 ? 'done' : 'FAILED'} in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  if (r.status !== 0) failed.push(title);
  const worker = path.resolve('build', 'electron', 'jobs', 'worker.js');
  if (cmd === 'npm' && r.status === 0 && fs.existsSync(worker)) env.CLINIC_JOBS_BUILD = worker;
}

const results = JSON.parse(fs.readFileSync(RESULTS, 'utf8'));
const missed = results.filter((r) => r.goal !== null && (r.better === 'higher' ? r.value < r.goal : r.value > r.goal));
const width = Math.max(...results.map((r) => r.name.length));
console.log(`\nbench/results.json: ${results.length} figures, ${((Date.now() - started) / 60000).toFixed(1)} minutes`);
for (const r of results) {
  const goal = r.goal === null ? '' : `${r.better === 'higher' ? '≥' : '≤'} ${r.goal}`;
  const mark = missed.includes(r) ? '  MISSED' : '';
  console.log(`${r.name.padEnd(width)}  ${`${+r.value.toFixed(2)} ${r.unit}`.padStart(16)}  ${goal}${mark}`);
}
console.log('\nThe README shows this record: npm run --silent bench:table -- --write');
if (failed.length > 0) console.error(`\nParts that failed: ${failed.join('; ')}`);
if (missed.length > 0) console.error(`\n${missed.length} figure(s) missed their goal.`);
process.exitCode = failed.length > 0 || missed.length > 0 ? 1 : 0;
