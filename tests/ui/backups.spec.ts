import type { Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { emptyPatient } from '../../shared/patients';
import { expect, HARNESS_OWNER, test, type ClinicHarness } from '../harness/fixtures';
import { cameraJpeg } from '../support/images';

async function patients(clinic: ClinicHarness, names: string[]): Promise<void> {
  for (const name of names) {
    const [firstName, lastName] = name.split(' ') as [string, string];
    await clinic.call('patients.create', { patient: { ...emptyPatient(), firstName, lastName }, allowDuplicate: true });
  }
}

/** Imports a few real photos, so a backup has files to copy and verify. */
async function photos(clinic: ClinicHarness, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const file = path.join(clinic.dataDir, `IMG_${i}.jpg`);
    fs.writeFileSync(file, await cameraJpeg(1 + (i % 8)));
    const [staged] = clinic.core.stagePaths([file]);
    await clinic.call('photos.import', {
      patientId: 1,
      token: staged!.token!,
      tags: { area: null, view: null, expression: null, phase: null, treatmentId: null },
    });
  }
}

test('the owner adds a place and backs up now: progress while it runs, then a verified backup listed and Today green', async ({
  clinic,
  page,
}) => {
  await patients(clinic, ['Ann Okafor', 'Bea Brown']);
  await photos(clinic, 6);
  await clinic.goto('today');
  await expect(page.getByTestId('backup-status')).toHaveAttribute('data-health', 'red');
  await expect(page.getByTestId('backup-status')).toContainText('No verified backup yet.');
  await page.getByTestId('backup-status').getByRole('link', { name: 'Set up backups' }).click();

  await expect(page.getByRole('button', { name: 'Back up now' })).toBeDisabled();
  // Cancelling the folder picker changes nothing.
  clinic.chooseFolder(null);
  await page.getByRole('button', { name: 'Add a place…' }).click();
  await expect(page.getByRole('list', { name: 'Backup places' })).toHaveCount(0);
  const usb = clinic.chooseFolder('usb-disk')!;
  await page.getByRole('button', { name: 'Add a place…' }).click();
  await expect(page.getByRole('list', { name: 'Backup places' })).toContainText(usb);

  // Remember whether the progress bar ever appeared: a small clinic backs up in well under a second.
  await page.evaluate(() => {
    const w = window as unknown as { __sawProgress?: boolean };
    new MutationObserver(() => {
      if (document.querySelector('progress[aria-label="Backup progress"]')) w.__sawProgress = true;
    }).observe(document.body, { subtree: true, childList: true });
  });
  await page.getByRole('button', { name: 'Back up now' }).click();
  await expect(page.getByTestId('backup-health')).toHaveText(/^Last verified backup: just now, to .*usb-disk/, {
    timeout: 30_000,
  });
  expect(await page.evaluate(() => (window as unknown as { __sawProgress?: boolean }).__sawProgress)).toBe(true);
  const row = page.getByRole('table', { name: 'Backups made' }).getByRole('row').nth(1);
  await expect(row).toContainText(HARNESS_OWNER.name);
  await expect(row).toContainText('2 · 0 · 6');
  await expect(row.getByText('Verified')).toBeVisible();
  // On disk: a backup folder with its manifest, and no patient name in any file.
  const files = fs.readdirSync(usb, { recursive: true }).map(String);
  expect(files.some((f) => f.endsWith('manifest.json'))).toBe(true);
  for (const f of files) {
    const full = path.join(usb, f);
    if (fs.statSync(full).isFile() && !f.endsWith('manifest.json')) expect(fs.readFileSync(full).includes('Okafor')).toBe(false);
  }

  await clinic.goto('today');
  await expect(page.getByTestId('backup-status')).toHaveAttribute('data-health', 'green');
  await expect(page.getByTestId('backup-status')).toContainText('Last verified backup: just now');
});

/** After the clock moves on, the idle lock has locked the screen: the owner unlocks it. */
async function unlock(page: Page): Promise<void> {
  await page.getByRole('form', { name: 'Unlock' }).getByLabel('Password').fill(HARNESS_OWNER.password);
  await page.getByRole('button', { name: 'Unlock' }).click();
}

test('Today turns amber after a day and red after three, and red with the reason when the last backup failed', async ({
  clinic,
  page,
}) => {
  await patients(clinic, ['Ann Okafor']);
  const usb = clinic.chooseFolder('usb-disk')!;
  await clinic.call('backups.addPlace', {});
  await clinic.core.backups!.runNow(null);

  clinic.setNow('2026-11-23T16:00:00Z');
  await clinic.goto('today');
  await unlock(page);
  await expect(page.getByTestId('backup-status')).toHaveAttribute('data-health', 'amber');
  await expect(page.getByTestId('backup-status')).toContainText('Last verified backup: 30 hours ago');

  clinic.setNow('2026-11-26T10:00:00Z');
  await page.reload();
  await unlock(page);
  await expect(page.getByTestId('backup-status')).toHaveAttribute('data-health', 'red');

  // The disk is unplugged: the next backup fails, and Today says why.
  fs.rmSync(usb, { recursive: true, force: true });
  clinic.setNow('2026-11-26T11:00:00Z');
  await clinic.core.backups!.runNow(null);
  await page.reload();
  await unlock(page);
  await expect(page.getByTestId('backup-status')).toHaveAttribute('data-health', 'red');
  await expect(page.getByTestId('backup-status')).toContainText('cannot be reached');
});

test('restoring a chosen backup sets today’s data aside, brings the clinic back to that moment, and everyone signs in again', async ({
  clinic,
  page,
}) => {
  await patients(clinic, ['Ann Okafor', 'Bea Brown']);
  clinic.chooseFolder('usb-disk');
  await clinic.call('backups.addPlace', {});
  await clinic.core.backups!.runNow(null);
  // After the backup, a patient is added by mistake... and the clinic wants the backup back.
  await patients(clinic, ['Cal Later']);

  await clinic.goto('settings/backups');
  await page.getByRole('table', { name: 'Backups made' }).getByRole('button', { name: 'Restore…' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Restore this backup?' });
  await expect(dialog).toContainText('2 patients, 0 treatments, 0 appointments, 0 photos');
  await dialog.getByRole('button', { name: 'Keep the current data' }).click();
  await expect(dialog).toHaveCount(0);
  await page.getByRole('table', { name: 'Backups made' }).getByRole('button', { name: 'Restore…' }).click();
  await dialog.getByRole('button', { name: 'Restore this backup' }).click();

  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible({ timeout: 30_000 });
  await page.getByLabel('Your name').fill(HARNESS_OWNER.name);
  await page.getByLabel('Password').fill(HARNESS_OWNER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await clinic.goto('patients');
  await expect(page.getByRole('link', { name: /Okafor/ })).toBeVisible();
  await expect(page.getByRole('link', { name: /Later/ })).toHaveCount(0);
  // The data from before the restore is kept beside the clinic's folder.
  const aside = fs.readdirSync(clinic.dataDir).filter((f) => /set aside/i.test(f));
  expect(aside.length).toBe(1);
});

test('an emptied database opens the recovery screen, not an empty clinic; the latest backup comes back with the recovery key', async ({
  clinic,
  page,
}) => {
  await patients(clinic, ['Ann Okafor']);
  // The recovery key of the backup's time opens it (a key made later does not).
  const { recoveryKey } = await clinic.call('security.newRecoveryKey', { password: HARNESS_OWNER.password });
  clinic.chooseFolder('usb-disk');
  await clinic.call('backups.addPlace', {});
  await clinic.core.backups!.runNow(null);

  // A failed sync leaves a 0-byte database beside the photos and the key file.
  clinic.core.close();
  const db = path.join(clinic.dataDir, 'clinic', 'clinic.sqlite');
  for (const f of [`${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
  fs.writeFileSync(db, '');
  await clinic.restart({ signIn: false });
  await clinic.goto('today');

  await expect(page.getByRole('alert').filter({ hasText: 'The clinic’s data cannot be opened.' })).toBeVisible();
  await expect(page.getByText(/The latest verified backup was made .* by Scheduled backup/)).toBeVisible();
  await expect(page.getByRole('radio')).toBeChecked();
  await page.getByRole('button', { name: 'With the recovery key' }).click();
  await page.getByLabel('Recovery key').fill(recoveryKey);
  await page.getByRole('button', { name: 'Restore this backup' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible({ timeout: 30_000 });
  await page.getByLabel('Your name').fill(HARNESS_OWNER.name);
  await page.getByLabel('Password').fill(HARNESS_OWNER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await clinic.goto('patients');
  await expect(page.getByRole('link', { name: /Okafor/ })).toBeVisible();
});
