import { readClinicSettings } from '../../electron/db/settingsRepo';
import { expect, test } from '../harness/fixtures';

test('clinic settings are saved, and are still there after a reload and a restart', async ({ clinic, page }) => {
  await clinic.goto('settings');
  await expect(page.getByRole('heading', { name: 'Clinic details' })).toBeVisible();

  await page.getByLabel('Clinic name').fill('Harbour Aesthetics');
  await page.getByLabel('Phone').fill('+44 20 7946 0018');
  await page.getByLabel('Address').fill('12 Quay Street\nBristol BS1 4DJ');
  await page.getByLabel('Time zone').fill('America/New_York');
  await page.getByLabel('Open on Saturday').uncheck();
  await page.getByLabel('Open on Sunday').check();
  await page.getByLabel('Sunday opens').fill('10:30');
  await page.getByLabel('Sunday closes').fill('14:00');
  await expect(page.getByText('You have unsaved changes')).toBeVisible();

  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status')).toHaveText('Settings saved');
  await expect(page.getByTestId('sidebar-clinic-name')).toHaveText('Harbour Aesthetics');

  await clinic.restart();
  await page.reload();
  await expect(page.getByLabel('Clinic name')).toHaveValue('Harbour Aesthetics');
  await expect(page.getByLabel('Phone')).toHaveValue('+44 20 7946 0018');
  await expect(page.getByLabel('Address')).toHaveValue('12 Quay Street\nBristol BS1 4DJ');
  await expect(page.getByLabel('Time zone')).toHaveValue('America/New_York');
  await expect(page.getByLabel('Open on Saturday')).not.toBeChecked();
  await expect(page.getByLabel('Saturday opens')).toBeDisabled();
  await expect(page.getByLabel('Sunday opens')).toHaveValue('10:30');
  await expect(page.getByLabel('Sunday closes')).toHaveValue('14:00');

  const stored = readClinicSettings(clinic.core.db, 'UTC');
  expect(stored.name).toBe('Harbour Aesthetics');
  expect(stored.openingHours.find((d) => d.day === 'sun')).toEqual({ day: 'sun', open: true, opens: '10:30', closes: '14:00' });
});

test('an unknown time zone and hours that end before they start are refused, shown at the fields, and nothing is saved', async ({
  clinic,
  page,
}) => {
  await clinic.goto('settings');
  await page.getByLabel('Clinic name').fill('Should Not Be Saved');
  await page.getByLabel('Time zone').fill('Europe/Lodnon');
  await page.getByLabel('Monday opens').fill('17:00');
  await page.getByLabel('Monday closes').fill('09:00');
  await page.getByRole('button', { name: 'Save settings' }).click();

  await expect(page.getByRole('status')).toContainText('Nothing was saved');
  const tz = page.getByLabel('Time zone');
  await expect(tz).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#clinic-time-zone-error')).toContainText('“Europe/Lodnon” is not a time zone');
  await expect(tz).toBeFocused();
  const mondayCloses = page.getByLabel('Monday closes');
  await expect(mondayCloses).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#hours-mon-closes-error')).toHaveText('Closing time must be after opening time');

  const row = clinic.core.db.prepare('SELECT count(*) AS n FROM clinic_settings').get() as { n: number };
  expect(row.n).toBe(0);
  const audit = clinic.core.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number };
  expect(audit.n).toBe(0);

  await page.reload();
  await expect(page.getByLabel('Clinic name')).toHaveValue('');
  await expect(page.getByLabel('Time zone')).toHaveValue('Europe/London');
});

test('discarding edits brings back what is saved', async ({ clinic, page }) => {
  await clinic.goto('settings');
  await page.getByLabel('Clinic name').fill('Draft name');
  await page.getByRole('button', { name: 'Discard changes' }).click();
  await expect(page.getByLabel('Clinic name')).toHaveValue('');
  await expect(page.getByRole('button', { name: 'Discard changes' })).toBeDisabled();
});
