// A clinic's main process that writes until it is killed: run by tests/support/kill.ts as
//   node --import tsx tests/support/killWriter.ts DATA_DIR PASSWORD PHOTO_FILE CYCLE
// It signs in, then registers patients and imports a photo every third write, printing
// "CONFIRMED patient <name>" or "CONFIRMED photo <id>" the moment each write has been confirmed.
import { TEST_KDF } from '../../electron/auth/crypto';
import { createClinicCore } from '../../electron/core';
import { emptyPatient } from '../../shared/patients';

const [dataDir, password, photoFile, cycle] = process.argv.slice(2) as [string, string, string, string];
const page = { url: 'app://clinic/index.html', isMainFrame: true };

async function main() {
  const core = createClinicCore({
    dataDir,
    trustedOrigin: 'app://clinic',
    kdf: TEST_KDF,
    messageIntervalMs: 0,
    backupCheckMs: 0,
    quickCheckAfterMs: null,
  });
  const signedIn = await core.dispatch(page, 'auth.signIn', { name: 'Clinic Owner', password });
  if (!signedIn.ok) throw new Error(signedIn.error.message);
  process.stdout.write('READY\n');
  for (let n = 0; ; n++) {
    if (n % 3 === 2) {
      const [staged] = core.stagePaths([photoFile]);
      const r = await core.dispatch(page, 'photos.import', {
        patientId: 1,
        token: staged!.token,
        tags: { area: null, view: null, expression: null, phase: null, treatmentId: null },
      });
      // The same file again is refused as a duplicate: that is a confirmed answer too, not a write.
      if (r.ok) process.stdout.write(`CONFIRMED photo ${(r.value as { id: number }).id}\n`);
      continue;
    }
    const name = `Kill${cycle}x${n}`;
    const r = await core.dispatch(page, 'patients.create', {
      patient: { ...emptyPatient(), firstName: name, lastName: 'Writer' },
      allowDuplicate: true,
    });
    if (!r.ok) throw new Error(r.error.message);
    process.stdout.write(`CONFIRMED patient ${name}\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
