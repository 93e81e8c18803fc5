// npm run bench:reliability (also part of npm run bench): what the clinic's safety nets cost and
// whether they hold, written to bench/results.json beside the other figures.
//  - backup_verified_ms: one verified backup of the 50,000-patient clinic with 2,000 photos to an
//    empty place (integrity check, encrypted copy, every photo file copied, then all verified);
//  - backup_incremental_ms: the next backup of the same clinic (no new photo files to copy);
//  - kill_cycles / kill_confirmed_writes / kill_lost_writes: a writing clinic process killed with
//    SIGKILL at random moments, restarted and checked each time (BENCH_KILL_CYCLES, default 300).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { fixedClock } from '../electron/clock';
import { createClinicCore, type ClinicCore } from '../electron/core';
import { DEMO_OWNER_NAME, DEMO_PASSWORD } from '../electron/demo/demoFolder';
import type { Actor } from '../shared/staff';
import { runKillCycles } from '../tests/support/kill';
import { BENCH_TODAY, ensureBenchClinic } from './benchClinic';
import { printResults, recordResults, type BenchResult } from './benchResults';

const PATIENTS = Number(process.env.BENCH_PATIENTS ?? 50_000);
const PHOTOS = Number(process.env.BENCH_BACKUP_PHOTOS ?? 2_000);
const KILL_CYCLES = Number(process.env.BENCH_KILL_CYCLES ?? 300);
const PAGE = { url: 'app://clinic/index.html', isMainFrame: true };

async function openCore(dataDir: string, at: string): Promise<ClinicCore> {
  const core = createClinicCore({
    dataDir,
    trustedOrigin: 'app://clinic',
    clock: fixedClock(at),
    messageIntervalMs: 0,
    backupCheckMs: 0,
    quickCheckAfterMs: null,
  });
  const r = await core.dispatch(PAGE, 'auth.signIn', { name: DEMO_OWNER_NAME, password: DEMO_PASSWORD });
  if (!r.ok) throw new Error(r.error.message);
  return core;
}

/** The bench clinic with PHOTOS photos imported (built once into .tmp, like the clinic itself). */
async function clinicWithPhotos(): Promise<string> {
  const base = await ensureBenchClinic(PATIENTS);
  const dir = path.resolve('.tmp', `bench-backup-${PATIENTS}-${PHOTOS}`);
  const stamp = path.join(dir, 'built.txt');
  const baseStamp = fs.readFileSync(path.join(base, 'generator.txt'), 'utf8');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === baseStamp) return dir;
  console.log(`Importing ${PHOTOS} photos into a copy of the bench clinic in ${dir} (once)…`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(base, dir, { recursive: true });
  const core = await openCore(dir, `${BENCH_TODAY}T10:00:00Z`);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-photos-'));
  try {
    for (let i = 0; i < PHOTOS; i++) {
      const file = path.join(scratch, `photo-${i}.jpg`);
      await sharp({
        create: { width: 1600, height: 1200, channels: 3, background: { r: i % 256, g: (i >> 8) % 256, b: (i * 37) % 256 } },
      })
        .jpeg({ quality: 85 })
        .toFile(file);
      const [staged] = core.stagePaths([file]);
      const r = await core.dispatch(PAGE, 'photos.import', {
        patientId: 1 + (i % 500),
        token: staged!.token,
        tags: { area: null, view: null, expression: null, phase: null, treatmentId: null },
      });
      if (!r.ok) throw new Error(`photo ${i}: ${r.error.message}`);
      fs.rmSync(file);
      if ((i + 1) % 250 === 0) console.log(`  ${i + 1} photos`);
    }
  } finally {
    core.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  fs.writeFileSync(stamp, baseStamp);
  return dir;
}

async function backupFigures(): Promise<BenchResult[]> {
  const source = await clinicWithPhotos();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-backup-'));
  try {
    const dataDir = path.join(work, 'clinic');
    fs.cpSync(source, dataDir, { recursive: true });
    const place = path.join(work, 'usb-disk');
    fs.mkdirSync(place);
    const core = await openCore(dataDir, `${BENCH_TODAY}T10:00:00Z`);
    const backups = core.backups!;
    const owner: Actor = { id: 6, name: DEMO_OWNER_NAME, role: 'admin', device: 'bench' };
    backups.addPlace(place, owner);
    let t = performance.now();
    const [first] = await backups.runNow(null);
    const full = performance.now() - t;
    if (!first?.ok) throw new Error(`the backup failed: ${first?.problem ?? 'no attempt'}`);
    core.close();
    // The next day's backup: same photos, a new database copy.
    const next = await openCore(dataDir, `${BENCH_TODAY}T16:00:00Z`);
    t = performance.now();
    const [second] = await next.backups!.runNow(null);
    const incremental = performance.now() - t;
    if (!second?.ok) throw new Error(`the second backup failed: ${second?.problem ?? 'no attempt'}`);
    next.close();
    return [
      { name: 'backup_verified_ms', value: full, unit: 'ms', goal: 60_000 },
      { name: 'backup_incremental_ms', value: incremental, unit: 'ms', goal: null },
    ];
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function killFigures(): Promise<BenchResult[]> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-kill-'));
  try {
    const report = await runKillCycles(work, KILL_CYCLES, (line) => {
      if (/^cycle \d*0\//.test(line)) console.log(`  ${line}`);
    });
    for (const p of report.problems) console.log(`  PROBLEM ${p}`);
    return [
      { name: 'kill_cycles', value: report.cycles, unit: 'cycles', goal: 300, better: 'higher' },
      { name: 'kill_confirmed_writes', value: report.confirmedWrites, unit: 'writes', goal: null },
      { name: 'kill_lost_writes', value: report.lostWrites, unit: 'writes', goal: 0 },
      { name: 'kill_problems', value: report.problems.length, unit: 'problems', goal: 0 },
    ];
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function main() {
  const only = process.argv[2];
  const results: BenchResult[] = [];
  // Each part is recorded as soon as it is measured (`npm run bench:reliability -- backup|kill` runs one).
  for (const [part, measure] of [
    ['backup', backupFigures],
    ['kill', killFigures],
  ] as const) {
    if (only && only !== part) continue;
    const figures = await measure();
    recordResults(figures);
    results.push(...figures);
  }
  const missed = printResults('Reliability', results);
  if (missed > 0) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
