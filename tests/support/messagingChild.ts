/**
 * A Clinic Records main process without a window, for the kill test: it opens the clinic in
 * the given folder, signs the owner in (which opens the encrypted database) and lets the
 * outbox timer send, until it is killed. Usage: tsx messagingChild.ts DATA_DIR ISO_NOW PASSWORD
 */
import path from 'node:path';
import { TEST_KDF } from '../../electron/auth/crypto';
import { fixedClock } from '../../electron/clock';
import { createClinicCore } from '../../electron/core';

const [dataDir, now, password] = process.argv.slice(2) as [string, string, string];
const core = createClinicCore({
  dataDir: path.join(dataDir, 'clinic'),
  demoDir: path.join(dataDir, 'demo'),
  trustedOrigin: 'app://clinic',
  clock: fixedClock(now),
  systemTimeZone: 'Europe/London',
  kdf: TEST_KDF,
  messageIntervalMs: 100,
  log: (message, err) => process.stderr.write(`${message} ${err instanceof Error ? err.message : ''}\n`),
});
void core
  .dispatch({ url: 'app://clinic/index.html', isMainFrame: true }, 'auth.signIn', { name: 'Clinic Owner', password })
  .then((r) => {
    process.stdout.write(r.ok ? 'signed in\n' : `sign-in failed: ${JSON.stringify(r.error)}\n`);
  });
// Stay alive for the timer until killed, saying once when nothing is left to send.
let said = false;
setInterval(() => {
  let left = -1;
  try {
    left = core.db.prepare("SELECT count(*) FROM outbox WHERE status IN ('queued', 'sending')").pluck().get() as number;
  } catch {
    // Not signed in yet.
  }
  if (left === 0 && !said) {
    said = true;
    process.stdout.write('outbox empty\n');
  }
}, 50);
