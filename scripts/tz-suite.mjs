// Runs the unit and database tests under three time zones: one behind UTC with US daylight
// saving, one on UTC with EU daylight saving, one far ahead with southern summer time. The
// app works on the clinic's own zone, never the computer's, so every run must pass unchanged.
// Extra arguments go to the first run (e.g. --coverage).
import { spawnSync } from 'node:child_process';

const RUNS = [
  { tz: 'Europe/London', args: ['vitest', 'run', ...process.argv.slice(2)] },
  // The kill test writes and kills for two minutes and reads no clock of the clinic: once is enough.
  { tz: 'America/New_York', args: ['vitest', 'run', 'tests/unit', 'tests/db', '--exclude', 'tests/db/kill.test.ts'] },
  { tz: 'Pacific/Auckland', args: ['vitest', 'run', 'tests/unit', 'tests/db', '--exclude', 'tests/db/kill.test.ts'] },
];
for (const { tz, args } of RUNS) {
  console.log(`\n${args.join(' ')} with TZ=${tz}`);
  const result = spawnSync('npx', args, {
    stdio: 'inherit',
    env: { ...process.env, TZ: tz },
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) {
    console.error(`tests failed under TZ=${tz}`);
    process.exit(result.status ?? 1);
  }
}
