import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseRecoveryKey } from '../../shared/auth';
import { expect, HARNESS_OWNER, test } from '../harness/fixtures';
import { seedPatient, seedPractice } from '../harness/seed';

test.describe('first start', () => {
  test.use({ firstRun: true });

  test('the owner sets up the clinic with a strong password, gets the recovery sheet, and is signed in', async ({
    clinic,
    page,
  }) => {
    await clinic.goto('today');
    await expect(page.getByRole('heading', { name: 'Welcome to Clinic Records' })).toBeVisible();
    const scan = await new AxeBuilder({ page }).analyze();
    expect(scan.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    await page.getByLabel('Clinic name').fill('Harbour Aesthetics');
    await page.getByLabel('Your name').fill('Olivia Owner');
    const create = page.getByRole('button', { name: 'Create my account' });
    await page.getByLabel('Password or passphrase').fill('olivia12');
    await expect(page.getByText(/^Too short/)).toBeVisible();
    await page.getByLabel('Password or passphrase').fill('password123456');
    await expect(page.getByText(/avoid common passwords/)).toBeVisible();
    await page.getByLabel('Password or passphrase').fill('quiet harbour morning tide');
    await page.getByLabel('Type it again').fill('quiet harbour morning tid');
    await expect(page.getByText('The two do not match yet.')).toBeVisible();
    await page.getByLabel('Type it again').fill('quiet harbour morning tide');
    // What is at stake is said, and agreed to, before the owner finishes.
    await expect(create).toBeDisabled();
    await expect(page.getByText(/nobody can open the clinic’s data again/)).toBeVisible();
    await page.getByLabel(/I understand/).check();
    await create.click();

    const key = (await page.getByTestId('recovery-key').textContent()) ?? '';
    expect(parseRecoveryKey(key).ok).toBe(true);
    // The printed sheet: the clinic, the date, the key and why it matters, and nothing else.
    const pdf = path.join(clinic.dataDir, 'recovery.pdf');
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: pdf, preferCSSPageSize: true });
    await page.emulateMedia({ media: 'screen' });
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('Recovery sheet');
    expect(text).toContain('Harbour Aesthetics');
    expect(text).toContain(key.slice(0, 23));
    expect(text).toContain(key.slice(24));
    expect(text).toMatch(/Made on \d+ \w+ 20\d\d/);
    expect(text).toContain('nobody can open the records again');
    expect(text).not.toContain('Continue to the clinic');
    expect(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })).toMatch(/Pages:\s+1\n/);

    const go = page.getByRole('button', { name: 'Continue to the clinic' });
    await expect(go).toBeDisabled();
    await page.getByLabel(/I have printed or saved/).check();
    await go.click();
    await expect(page.getByTestId('signed-in-name')).toHaveText('Olivia Owner');
    await expect(page.getByTestId('sidebar-clinic-name')).toHaveText('Harbour Aesthetics');
    // The key is nowhere on the page any more.
    expect(await page.content()).not.toContain(key.slice(0, 11));
  });
});

test('people sign in by choosing their name; a setup code leads to their own password; reception is kept to the front desk', async ({
  clinic,
  page,
}) => {
  const { injectorId } = await seedPractice(clinic);
  const patientId = await seedPatient(clinic, { firstName: 'Ann', lastName: 'Okafor', medications: 'Warfarin' });
  await clinic.call('team.add', { name: 'Rosa Reyes', role: 'reception', registration: '' });
  // The owner gives Rosa access on the team page and reads her the setup code.
  await clinic.goto('settings/team');
  const rosaRow = page.getByRole('row', { name: /Rosa Reyes/ });
  await rosaRow.getByRole('button', { name: 'Give sign-in access' }).click();
  const code = (await page.getByTestId('setup-code').textContent())!;
  await expect(rosaRow).toContainText('Setup code waiting');
  await page.getByRole('button', { name: 'Sign out' }).click();

  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.getByRole('button', { name: 'Rosa Reyes' }).click();
  await expect(page.getByLabel('Your name')).toHaveValue('Rosa Reyes');
  await expect(page.getByLabel('Password')).toBeFocused();
  await page.getByLabel('Password').fill(code);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome, Rosa Reyes' })).toBeVisible();
  await page.getByLabel('Password or passphrase').fill('desk lamp orange river');
  await page.getByLabel('Type it again').fill('desk lamp orange river');
  await page.getByRole('button', { name: 'Save my password' }).click();
  await expect(page.getByTestId('signed-in-name')).toHaveText('Rosa Reyes');

  // Reception's sections: no Photos; Settings holds only her own account.
  const nav = page.getByRole('navigation', { name: 'Sections' });
  await expect(nav.getByRole('listitem')).toHaveText(['Today', 'Calendar', 'Patients', 'Recall', 'Messages', 'Settings']);
  await clinic.goto(`patients/${patientId}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Ann Okafor');
  await expect(page.getByText('Treatments, medical history and notes are shown to practitioners only.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Chart a treatment' })).toHaveCount(0);
  expect(await page.content()).not.toContain('Warfarin');
  await clinic.goto(`patients/${patientId}/treatments/new`);
  await expect(page.getByText('This page is for practitioners.')).toBeVisible();
  await clinic.goto('settings/team');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My account');
  // She can still book: the calendar and booking are hers.
  await clinic.goto('calendar');
  await expect(page.getByRole('button', { name: 'New booking' })).toBeVisible();
  expect(injectorId).toBeGreaterThan(0);
});

test('the screen locks after the idle time and on Ctrl+L, unlocks only with its owner’s PIN, and "someone else" switches user', async ({
  clinic,
  page,
}) => {
  const patientId = await seedPatient(clinic, { firstName: 'Ann', lastName: 'Okafor' });
  await clinic.call('security.update', { idleMinutes: 1 });
  await clinic.call('account.setPin', { current: HARNESS_OWNER.password, pin: '2468' });
  await page.clock.install({ time: new Date('2026-11-22T10:00:00Z') });
  await clinic.goto(`patients/${patientId}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Ann Okafor');

  // A minute without a key or the mouse: locked, and nothing of the patient is left in the page.
  await page.clock.runFor(61_000);
  await expect(page.getByRole('heading', { name: `Locked · ${HARNESS_OWNER.name}` })).toBeVisible();
  expect(await page.content()).not.toContain('Okafor');
  const refused = await page.evaluate(async () => window.clinic.invoke('patients.get', { id: 1 }));
  expect(refused).toMatchObject({ ok: false, error: { code: 'LOCKED' } });

  await page.getByLabel('PIN').fill('1111');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByText('That PIN is not right.')).toBeVisible();
  await page.getByLabel('PIN').fill('2468');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Ann Okafor');

  // Ctrl+L locks at once; the password works too.
  await page.keyboard.press('Control+l');
  await expect(page.getByRole('heading', { name: /^Locked/ })).toBeVisible();
  await page.getByRole('button', { name: 'Use my password instead' }).click();
  await page.getByLabel('Password').fill(HARNESS_OWNER.password);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Ann Okafor');

  // Someone else at the computer: they sign in as themselves without closing the app.
  await page.keyboard.press('Control+l');
  await page.getByRole('button', { name: /Someone else/ }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  expect(fs.existsSync(clinic.dataDir)).toBe(true);
});

test('repeated failures slow down: after five the form waits and counts down, whatever the name', async ({ clinic, page }) => {
  await clinic.call('auth.signOut', {});
  await clinic.goto('today');
  await page.getByLabel('Your name').fill('Nobody In Particular');
  for (let i = 0; i < 5; i++) {
    await page.getByLabel('Password').fill(`guess number ${i}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toBeVisible();
  }
  await expect(page.getByRole('alert')).toHaveText(/Too many attempts\. Try again in (29|30) seconds\./);
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeDisabled();
  // The failures are in the audit trail, for the owner to see.
  await clinic.call('auth.signIn', { name: HARNESS_OWNER.name, password: HARNESS_OWNER.password });
  const failed = await clinic.call('audit.search', {
    staffId: null,
    patientId: null,
    action: 'sign_in_failed',
    fromMs: null,
    toMs: null,
    limit: 50,
    offset: 0,
  });
  expect(failed.total).toBe(5);
});

test('the owner finds who opened a record in the audit trail and checks the trail is whole', async ({ clinic, page }) => {
  const patientId = await seedPatient(clinic, { firstName: 'Ann', lastName: 'Okafor' });
  await clinic.goto(`patients/${patientId}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Ann Okafor');
  await clinic.goto('settings/audit');
  await page.getByLabel('Patient').fill('okaf');
  await page.getByRole('button', { name: /Ann Okafor/ }).click();
  await page.getByLabel('Action').selectOption('view');
  const table = page.getByRole('table', { name: 'Audit trail' });
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table).toContainText(HARNESS_OWNER.name);
  await expect(table).toContainText('Viewed');
  await clinic.goto('settings/security');
  await page.getByRole('button', { name: 'Verify audit trail' }).click();
  await expect(page.getByTestId('audit-verification')).toHaveText(/The audit trail is whole/);
});

test('axe finds no serious or critical problems on the sign-in, lock, team, security, audit and account screens', async ({
  clinic,
  page,
}) => {
  test.setTimeout(90_000);
  const scan = async (where: string) => {
    const results = await new AxeBuilder({ page }).analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${where} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  };
  await clinic.call('team.add', { name: 'Rosa Reyes', role: 'reception', registration: '' });
  for (const [where, ready] of [
    ['settings/team', 'Team'],
    ['settings/security', 'Security'],
    ['settings/audit', 'Audit trail'],
    ['settings/account', 'My account'],
  ] as const) {
    await clinic.goto(where);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(ready);
    await scan(where);
  }
  await page.keyboard.press('Control+l');
  await expect(page.getByRole('heading', { name: /^Locked/ })).toBeVisible();
  await scan('lock');
  await page.getByRole('button', { name: /Someone else/ }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await scan('sign-in');
});
