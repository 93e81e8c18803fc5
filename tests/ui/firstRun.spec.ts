import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '../harness/fixtures';

test.use({ firstRun: true });

test('a new clinic can explore the demo in its own folder, signed in as the demo owner, and leave it to set up its own', async ({
  clinic,
  page,
}) => {
  test.setTimeout(60_000);
  await clinic.goto('today');
  await expect(page.getByRole('heading', { name: 'Welcome to Clinic Records' })).toBeVisible();
  await page.getByRole('button', { name: 'Explore with demo data' }).click();
  await expect(page.getByRole('button', { name: 'Building the demo clinic…' })).toBeDisabled();
  // Building it (300 patients, two years, photos) takes a few seconds.
  await expect(page.getByText('Demo clinic', { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('sidebar-clinic-name')).toHaveText('Harbour Aesthetics (demo)');
  // The demo says who is signed in, and that it is a demo user.
  await expect(page.getByTestId('signed-in-name')).toHaveText('Alex Morgan');
  await expect(page.getByText('Clinic owner / admin · demo user')).toBeVisible();
  expect(clinic.core.dataDir).toBe(path.join(clinic.dataDir, 'demo'));
  expect(fs.existsSync(path.join(clinic.dataDir, 'demo', 'DEMO-CLINIC.txt'))).toBe(true);
  await clinic.goto('patients');
  await expect(page.getByText('300 patients')).toBeVisible();

  await page.getByRole('button', { name: 'Leave the demo' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome to Clinic Records' })).toBeVisible();
  expect(clinic.core.dataDir).toBe(path.join(clinic.dataDir, 'clinic'));
  // The demo wrote nothing into the clinic's own folder.
  expect(fs.existsSync(path.join(clinic.dataDir, 'clinic', 'clinic.sqlite'))).toBe(false);
  await expect(page.getByText('Demo clinic', { exact: true })).toHaveCount(0);
});
