// npm run demo -- --data-dir DIR [--today YYYY-MM-DD] [--patients N] [--seed N]
// Builds the deterministic demo clinic in DIR without Electron. A folder holding a real
// clinic is refused and left untouched; an existing demo folder is rebuilt.
import path from 'node:path';
import { calendarDayIn, isValidDay, zonedToEpochMs } from '../shared/time';
import { buildDemoFolder, DEMO_OWNER_NAME, DEMO_PASSWORD, NotADemoFolderError } from '../electron/demo/demoFolder';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function fail(message: string): never {
  console.error(`demo: ${message}`);
  process.exit(2);
}

const dir = arg('data-dir');
if (!dir) fail('say where to build it: npm run demo -- --data-dir DIR');
const realNow = Date.now();
const today = arg('today') ?? calendarDayIn('Europe/London', realNow);
if (!isValidDay(today)) fail(`--today must be a real date written YYYY-MM-DD, such as 2026-11-22`);
// Another day than today is built as that day at half past ten in the morning, so its diary has a
// morning done and an afternoon to come (not a day that looks already over, or not yet begun).
const nowMs = today === calendarDayIn('Europe/London', realNow) ? realNow : zonedToEpochMs(today, '10:30', 'Europe/London')!;
const patients = Number(arg('patients') ?? 300);
if (!Number.isInteger(patients) || patients < 1 || patients > 100000) fail('--patients must be a whole number from 1 to 100000');
const seed = Number(arg('seed') ?? 20261122);

async function main(dir: string) {
  try {
    const started = Date.now();
    const summary = (await buildDemoFolder(path.resolve(dir), { today, nowMs, patients, seed, rebuild: true }))!;
    const photos = summary.photos;
    console.log(
      `Demo clinic built in ${path.resolve(dir)} (${Date.now() - started} ms): ${summary.patients} patients, ${summary.treatments} treatments, ` +
        `${summary.observations} observations, ${photos} photos, ${summary.lots} lots, ${summary.appointments} appointments, a team of ${summary.team}. History up to ${today}.`,
    );
    console.log(`Open it with: npm start -- --data-dir "${path.resolve(dir)}"`);
    console.log(
      `It is encrypted like a real clinic; every demo person (${DEMO_OWNER_NAME} is the owner) signs in with the password "${DEMO_PASSWORD}".`,
    );
  } catch (err) {
    if (err instanceof NotADemoFolderError) fail(err.message);
    throw err;
  }
}

void main(dir);
