import { readClinicSettings } from '../../electron/db/settingsRepo';
import { expect, test } from '../harness/fixtures';

test('clinic settings are saved, and are still there after a reload and a restart', async ({ clinic, page }) => {
  await clinic.goto('settings');
  await expect(page.getByRole('heading', { name: 'Clinic details' })).toBeVisible();

  await page.getByLabel('Clinic name').fill('Harbour Aesthetics');
  await page.getByLabel('Phone').fill('+44 20 7946 0018');
  await page.getByLabel('Address').fill('12 Quay Street\nBristol BS1 4DJ');
  await page.getByLabel('Time zone').fill('America/New_York');
  await page.getByLabel('Country').selectOption({ label: 'United States' });
  await expect(page.getByTestId('locale-preview')).toContainText(
    'Dates read Aug 10, 2026 and are typed as MM/DD/YYYY; times read 2:30 PM; printouts are on US Letter paper',
  );
  await page.getByLabel('Full names').check();
  await page.getByLabel('Open on Saturday').uncheck();
  await page.getByLabel('Open on Sunday').check();
  // Times are typed the country's way now: the clock in AM/PM.
  await page.getByLabel('Sunday opens').fill('10:30 am');
  await page.getByLabel('Sunday closes').fill('2 pm');
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
  await expect(page.getByLabel('Sunday opens')).toHaveValue('10:30 AM');
  await expect(page.getByLabel('Sunday closes')).toHaveValue('2:00 PM');
  await expect(page.getByLabel('Country')).toHaveValue('US');
  await expect(page.getByLabel('Full names')).toBeChecked();

  const stored = readClinicSettings(clinic.core.db, 'UTC');
  expect(stored.name).toBe('Harbour Aesthetics');
  expect(stored.openingHours.find((d) => d.day === 'sun')).toEqual({ day: 'sun', open: true, opens: '10:30', closes: '14:00' });
  expect([stored.country, stored.calendarNames]).toEqual(['US', 'full']);
});

test('an unknown time zone and hours that end before they start are refused, shown at the fields, and nothing is saved', async ({
  clinic,
  page,
}) => {
  await clinic.goto('settings');
  // The owner named the clinic when setting it up; the refused save must leave that as it was.
  const settingsBefore = readClinicSettings(clinic.core.db, 'UTC');
  const auditBefore = clinic.core.db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;
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

  expect(readClinicSettings(clinic.core.db, 'UTC')).toEqual(settingsBefore);
  expect(clinic.core.db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(auditBefore);

  await page.reload();
  await expect(page.getByLabel('Clinic name')).toHaveValue(settingsBefore.name);
  await expect(page.getByLabel('Time zone')).toHaveValue('Europe/London');
});

test('discarding edits brings back what is saved', async ({ clinic, page }) => {
  await clinic.goto('settings');
  const saved = readClinicSettings(clinic.core.db, 'UTC').name;
  await page.getByLabel('Clinic name').fill('Draft name');
  await page.getByRole('button', { name: 'Discard changes' }).click();
  await expect(page.getByLabel('Clinic name')).toHaveValue(saved);
  await expect(page.getByRole('button', { name: 'Discard changes' })).toBeDisabled();
});
