import { readRuleSettings } from '../../electron/db/ruleSettingsRepo';
import { DEFAULT_RULE_SETTINGS } from '../../shared/ruleSettings';
import { expect, test } from '../harness/fixtures';

test('scheduling rules start at the defaults, save, survive a restart, and can be set back to the defaults', async ({
  clinic,
  page,
}) => {
  await clinic.goto('settings/rules');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Scheduling rules');
  await expect(page.getByLabel('Minimum interval')).toHaveValue('84');
  await expect(page.getByLabel('Same-dose band')).toHaveValue('25');

  await page.getByLabel('Minimum interval').fill('90');
  await page.getByLabel('Touch-up window from day').fill('7');
  await page.getByLabel('Touch-up window to day').fill('14');
  await page.getByLabel('Same-dose band').fill('20');
  await page.getByLabel('High activity factor').fill('0.85');
  await page.getByRole('button', { name: 'Save scheduling rules' }).click();
  await expect(page.getByRole('status')).toContainText('Scheduling rules saved');

  await clinic.restart();
  expect(readRuleSettings(clinic.core.db)).toMatchObject({
    minIntervalDays: 90,
    touchUpWindow: [7, 14],
    doseToleranceFraction: 0.2,
    activityFactors: { low: 1, normal: 1, high: 0.85 },
  });
  await page.reload();
  await expect(page.getByLabel('Minimum interval')).toHaveValue('90');
  await expect(page.getByLabel('Touch-up window to day')).toHaveValue('14');
  await expect(page.getByLabel('Same-dose band')).toHaveValue('20');

  await page.getByRole('button', { name: 'Fill in defaults' }).click();
  await expect(page.getByLabel('Minimum interval')).toHaveValue('84');
  // Filling in the defaults changes nothing until it is saved.
  expect(readRuleSettings(clinic.core.db).minIntervalDays).toBe(90);
  await page.getByRole('button', { name: 'Save scheduling rules' }).click();
  await expect(page.getByRole('status')).toContainText('Scheduling rules saved');
  expect(readRuleSettings(clinic.core.db)).toEqual(DEFAULT_RULE_SETTINGS);
  await expect(page.getByRole('button', { name: 'Fill in defaults' })).toBeDisabled();
});

test('a touch-up window that ends before it starts and an empty box are refused at the row, and nothing is saved', async ({
  clinic,
  page,
}) => {
  await clinic.goto('settings/rules');
  await page.getByLabel('Touch-up window from day').fill('21');
  await page.getByLabel('Touch-up window to day').fill('10');
  await page.getByLabel('Minimum age').fill('');
  await page.getByRole('button', { name: 'Save scheduling rules' }).click();

  await expect(page.getByRole('status')).toContainText('Nothing was saved');
  await expect(page.locator('#touch-up-error')).toHaveText('The window must start before it ends');
  await expect(page.locator('#minimum-age-error')).toHaveText('Enter an age');
  await expect(page.getByLabel('Touch-up window from day')).toHaveAttribute('aria-invalid', 'true');
  const rows = clinic.core.db.prepare('SELECT count(*) AS n FROM rule_settings').get() as { n: number };
  expect(rows.n).toBe(0);
});

test('the settings tabs switch by link and keep their place across a reload', async ({ clinic, page }) => {
  await clinic.goto('settings');
  await page.getByRole('navigation', { name: 'Settings pages' }).getByRole('link', { name: 'Scheduling rules' }).click();
  await expect(page.getByLabel('Minimum interval')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Scheduling rules');
  await page.getByRole('navigation', { name: 'Settings pages' }).getByRole('link', { name: 'Clinic details' }).click();
  await expect(page.getByLabel('Clinic name')).toBeVisible();
});
