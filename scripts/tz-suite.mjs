// Runs the scheduling-rules tests again under three time zones (one behind UTC with
// US daylight saving, one on UTC with EU daylight saving, one far ahead with southern
// summer time). The rules work on calendar days, so every run must pass unchanged.
import { spawnSync } from 'node:child_process';

const ZONES = ['America/New_York', 'Europe/London', 'Pacific/Auckland'];
for (const tz of ZONES) {
  console.log(`\nrules tests with TZ=${tz}`);
  const result = spawnSync('npx', ['vitest', 'run', 'tests/unit/rules'], { stdio: 'inherit', env: { ...process.env, TZ: tz } });
  if (result.status !== 0) {
    console.error(`rules tests failed under TZ=${tz}`);
    process.exit(result.status ?? 1);
  }
}
