import fs from 'node:fs';
import path from 'node:path';
import { buildDemoFolder } from '../electron/demo/demoFolder';

export const BENCH_TODAY = '2026-11-22';
export const BENCH_NOW_MS = Date.parse(`${BENCH_TODAY}T10:00:00Z`);

/**
 * The benchmark's large clinic: built once into .tmp/bench-N (encrypted, like every clinic)
 * and rebuilt only when the demo generator changes. Returns its folder.
 */
export async function ensureBenchClinic(patients: number): Promise<string> {
  const dir = path.resolve('.tmp', `bench-${patients}`);
  const stamp = path.join(dir, 'generator.txt');
  const generator = ['electron/demo/generateDemo.ts', 'electron/demo/demoFolder.ts']
    .map((f) => fs.readFileSync(path.resolve(f), 'utf8'))
    .join('');
  const fingerprint = `${generator.length}:${patients}`;
  if (!fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8') !== fingerprint) {
    console.log(`Building a clinic of ${patients} patients with ten years of history in ${dir} (once)…`);
    const t0 = performance.now();
    const s = (await buildDemoFolder(dir, {
      today: BENCH_TODAY,
      nowMs: BENCH_NOW_MS,
      patients,
      years: 10,
      seed: 50_000,
      rebuild: true,
      photos: false,
    }))!;
    fs.writeFileSync(stamp, fingerprint);
    console.log(
      `  ${s.treatments} treatments, ${s.observations} observations, built in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  }
  return dir;
}
