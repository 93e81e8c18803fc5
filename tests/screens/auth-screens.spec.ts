import path from 'node:path';
import { expect, HARNESS_OWNER, test } from '../harness/fixtures';

/**
 * Not part of `npm test`: screenshots of the sign-in, first start, recovery sheet, lock,
 * team, security and audit screens at both sizes, for a person to look at.
 */
const OUT = path.resolve(__dirname, '../../test-results/screens');
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];

test.describe('a new clinic', () => {
  test.use({ firstRun: true });
  for (const size of SIZES) {
    test(`first start at ${size.width}x${size.height}`, async ({ clinic, page }) => {
      await page.setViewportSize(size);
      const shot = (name: string) => page.screenshot({ path: path.join(OUT, `${name}-${size.width}x${size.height}.png`) });
      await clinic.goto('today');
      await page.getByRole('heading', { name: 'Welcome to Clinic Records' }).waitFor();
      await shot('auth-welcome');
      await page.getByLabel('Clinic name').fill('Harbour Aesthetics');
      await page.getByLabel('Your name').fill('Olivia Owner');
      await page.getByLabel('Password or passphrase').fill('harbour1');
      await shot('auth-welcome-weak-password');
      await page.getByLabel('Password or passphrase').fill('quiet harbour morning tide');
      await page.getByLabel('Type it again').fill('quiet harbour morning tide');
      await page.getByLabel(/I understand/).check();
      await page.getByRole('button', { name: 'Create my account' }).click();
      await page.getByTestId('recovery-key').waitFor();
      await shot('auth-recovery-key');
      await page.pdf({
        path: path.join(OUT, `recovery-sheet-${size.width}.pdf`),
        preferCSSPageSize: true,
        printBackground: true,
      });
    });
  }
});

for (const size of SIZES) {
  test(`signed-in screens at ${size.width}x${size.height}`, async ({ clinic, page }) => {
    await page.setViewportSize(size);
    const shot = (name: string) => page.screenshot({ path: path.join(OUT, `${name}-${size.width}x${size.height}.png`) });
    await clinic.call('team.add', { name: 'Rosa Reyes', role: 'reception', registration: '' });
    const team = await clinic.call('team.add', { name: 'Dr Sarah Whitfield', role: 'practitioner', registration: 'GMC 7012345' });
    await clinic.call('team.invite', { id: team.find((m) => m.name === 'Rosa Reyes')!.id });
    await clinic.goto('settings/team');
    await page.getByRole('table', { name: 'Team' }).waitFor();
    await page.getByRole('button', { name: 'Give sign-in access' }).click();
    await page.getByTestId('setup-code').waitFor();
    await shot('auth-team-setup-code');
    await clinic.goto('settings/security');
    await page.getByRole('button', { name: 'Verify audit trail' }).click();
    await page.getByTestId('audit-verification').waitFor();
    await shot('auth-security');
    await clinic.goto('settings/audit');
    await page.getByRole('table', { name: 'Audit trail' }).waitFor();
    await page.getByRole('button', { name: 'Details' }).first().click();
    await shot('auth-audit');
    await clinic.goto('settings/account');
    await page.getByLabel('New PIN').fill('2468');
    await page.getByLabel('Your password').fill(HARNESS_OWNER.password);
    await page.getByRole('button', { name: 'Set PIN' }).click();
    await page.getByText('Your PIN is set').waitFor();
    await shot('auth-my-account');
    await clinic.goto('today');
    await page.getByRole('button', { name: /^Lock/ }).click();
    await page.getByRole('heading', { name: /^Locked/ }).waitFor();
    await shot('auth-locked');
    await page.getByRole('button', { name: /Someone else/ }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByRole('button', { name: 'Rosa Reyes' }).click();
    await page.getByLabel('Password').fill('wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await shot('auth-sign-in-error');
    await page.getByRole('button', { name: 'Forgot your password?' }).click();
    await page.getByRole('button', { name: 'Use the recovery key' }).click();
    await page.getByLabel('Recovery key', { exact: true }).fill('ABCDE-FGHJK');
    await shot('auth-recovery-form');
  });
}
