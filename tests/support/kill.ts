import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { TEST_KDF } from '../../electron/auth/crypto';
import { createClinicCore } from '../../electron/core';
import { photoPath, readPhotoFile } from '../../electron/photos/store';
import { emptyPatient } from '../../shared/patients';

const WRITER = path.resolve(__dirname, 'killWriter.ts');
const PAGE = { url: 'app://clinic/index.html', isMainFrame: true };
const OWNER = { name: 'Clinic Owner', password: 'correct horse battery staple' };

export interface KillReport {
  cycles: number;
  confirmedWrites: number;
  lostWrites: number;
  /** Every problem found after a restart: a confirmed write missing, integrity, a photo file missing or short. */
  problems: string[];
}

/** A fresh JPEG per cycle, so each photo import is a real new write (no duplicate). */
async function photoFor(dir: string, cycle: number): Promise<string> {
  const file = path.join(dir, `photo-${cycle}.jpg`);
  await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: cycle % 256, g: 90, b: (cycle * 7) % 256 } } })
    .jpeg({ quality: 80 })
    .toFile(file);
  return file;
}

/**
 * Kills a writing clinic process `cycles` times at random moments (SIGKILL: no chance to tidy
 * up), restarting it each time, and after each restart checks the database's integrity, that
 * every write it confirmed is there, and that no photo record points at a missing or short file.
 */
export async function runKillCycles(
  dir: string,
  cycles: number,
  log: (s: string) => void = () => undefined,
): Promise<KillReport> {
  const dataDir = path.join(dir, 'clinic');
  const setup = createClinicCore({
    dataDir,
    trustedOrigin: 'app://clinic',
    kdf: TEST_KDF,
    backupCheckMs: 0,
    quickCheckAfterMs: null,
  });
  await setup.dispatch(PAGE, 'auth.setupClinic', { clinicName: 'Kill test', ownerName: OWNER.name, password: OWNER.password });
  await setup.dispatch(PAGE, 'patients.create', {
    patient: { ...emptyPatient(), firstName: 'Photo', lastName: 'Holder' },
    allowDuplicate: true,
  });
  setup.close();

  const confirmedPatients = new Set<string>();
  const confirmedPhotos = new Set<number>();
  const problems: string[] = [];
  // Every photo is made before the first process is started: a sharp job running while the
  // writers are spawned and killed was seen to hang once in 300 cycles on a loaded machine.
  const photos: string[] = [];
  for (let cycle = 0; cycle < cycles; cycle++) photos.push(await photoFor(dir, cycle));
  for (let cycle = 0; cycle < cycles; cycle++) {
    const photo = photos[cycle]!;
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir, OWNER.password, photo, String(cycle)], {
      cwd: path.resolve(__dirname, '../..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.once('error', (e) => (err += String(e)));
    await new Promise<void>((resolve) => {
      // A writer that neither starts nor exits within a minute is a problem to report, not a hang.
      const watchdog = setTimeout(resolve, 60_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('READY')) resolve();
      });
      void exited.then(resolve);
      void exited.finally(() => clearTimeout(watchdog));
    });
    // Killed somewhere between 20 and 400 ms into its writing.
    await new Promise((r) => setTimeout(r, 20 + crypto.randomInt(380)));
    child.kill('SIGKILL');
    await exited;
    if (!out.includes('READY')) problems.push(`cycle ${cycle}: the writer did not start: ${err.slice(0, 300)}`);
    for (const line of out.split('\n')) {
      const m = /^CONFIRMED (patient|photo) (\S+)$/.exec(line);
      if (m?.[1] === 'patient') confirmedPatients.add(m[2]!);
      if (m?.[1] === 'photo') confirmedPhotos.add(Number(m[2]));
    }

    const core = createClinicCore({
      dataDir,
      trustedOrigin: 'app://clinic',
      kdf: TEST_KDF,
      backupCheckMs: 0,
      quickCheckAfterMs: null,
    });
    try {
      const signedIn = await core.dispatch(PAGE, 'auth.signIn', OWNER);
      if (!signedIn.ok) {
        problems.push(`cycle ${cycle}: could not sign in after the kill: ${signedIn.error.message}`);
        continue;
      }
      const check = core.db.pragma('integrity_check', { simple: true });
      if (check !== 'ok') problems.push(`cycle ${cycle}: integrity check: ${String(check)}`);
      const names = new Set(
        core.db.prepare("SELECT first_name FROM patients WHERE last_name = 'Writer'").pluck().all() as string[],
      );
      for (const n of confirmedPatients) if (!names.has(n)) problems.push(`cycle ${cycle}: confirmed patient ${n} is missing`);
      const rows = core.db.prepare('SELECT id, sha256, bytes FROM photos').all() as {
        id: number;
        sha256: string;
        bytes: number;
      }[];
      const ids = new Set(rows.map((r) => r.id));
      for (const id of confirmedPhotos) if (!ids.has(id)) problems.push(`cycle ${cycle}: confirmed photo ${id} is missing`);
      const store = core.access.folder.photos!;
      for (const r of rows) {
        for (const kind of ['original', 'thumb', 'preview'] as const) {
          const file = photoPath(store.dir, r.sha256, kind)!;
          try {
            const plain = readPhotoFile(store, r.sha256, kind);
            if (kind === 'original' && plain.length !== r.bytes) problems.push(`cycle ${cycle}: photo ${r.id} original is short`);
          } catch {
            problems.push(`cycle ${cycle}: photo ${r.id} ${kind} file ${fs.existsSync(file) ? 'is damaged' : 'is missing'}`);
          }
        }
      }
    } finally {
      core.close();
    }
    log(
      `cycle ${cycle + 1}/${cycles}: ${confirmedPatients.size + confirmedPhotos.size} confirmed writes so far, ${problems.length} problems`,
    );
  }
  const lost = problems.filter((p) => /is missing$/.test(p) && /confirmed/.test(p)).length;
  return { cycles, confirmedWrites: confirmedPatients.size + confirmedPhotos.size, lostWrites: lost, problems };
}
