import fs from 'node:fs';
import path from 'node:path';
import { emptyPatient } from '../../shared/patients';
import { test } from '../harness/fixtures';

/**
 * Not part of `npm test`: the Backups settings (with a verified backup listed and the restore
 * question open), Today's status line and the recovery screen, at both sizes, for a person to look at.
 */
const OUT = path.resolve(__dirname, '../../test-results/screens');
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];

for (const size of SIZES) {
  test(`backups and recovery at ${size.width}x${size.height}`, async ({ clinic, page }) => {
    await page.setViewportSize(size);
    const shot = (name: string) => page.screenshot({ path: path.join(OUT, `${name}-${size.width}x${size.height}.png`) });
    for (const [firstName, lastName] of [
      ['Ann', 'Okafor'],
      ['Bea', 'Brown'],
    ] as const) {
      await clinic.call('patients.create', { patient: { ...emptyPatient(), firstName, lastName }, allowDuplicate: true });
    }
    await clinic.goto('settings/backups');
    await page.getByRole('button', { name: 'Add a place…' }).waitFor();
    await shot('backups-empty');
    clinic.chooseFolder('E-ClinicBackup');
    await page.getByRole('button', { name: 'Add a place…' }).click();
    await page.getByRole('button', { name: 'Back up now' }).click();
    await page
      .getByText(/^Last verified backup: just now/)
      .first()
      .waitFor({ timeout: 30_000 });
    await shot('backups-verified');
    await page.getByRole('table', { name: 'Backups made' }).getByRole('button', { name: 'Restore…' }).click();
    await shot('backups-restore-question');
    await clinic.goto('today');
    await page.getByTestId('backup-status').waitFor();
    await shot('today-backup-green');

    clinic.core.close();
    const db = path.join(clinic.dataDir, 'clinic', 'clinic.sqlite');
    for (const f of [`${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
    fs.writeFileSync(db, '');
    await clinic.restart({ signIn: false });
    await page.reload();
    await page.getByText('The clinic’s data cannot be opened.').waitFor();
    await shot('recovery-screen');
  });
}
