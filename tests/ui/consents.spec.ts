import { emptyPatient, type Patient } from '../../shared/patients';
import { expect, test } from '../harness/fixtures';

test('a practitioner records a consent, the missing-consent alert goes, and withdrawing it brings the alert back', async ({
  clinic,
  page,
}) => {
  const created = await clinic.core.dispatch({ url: `${clinic.origin}/`, isMainFrame: true }, 'patients.create', {
    patient: { ...emptyPatient(), firstName: 'Ann', lastName: 'Okafor', dob: '1985-06-15' },
    allowDuplicate: false,
  });
  const id = (created as { value: Patient }).value.id;
  await clinic.goto(`patients/${id}/consents`);
  const alerts = page.getByRole('note', { name: 'Alerts' });
  await expect(alerts).toContainText('No current consent');

  await page.getByRole('button', { name: 'Record consent' }).click();
  const form = page.getByRole('form', { name: 'Record consent' });
  await form.getByLabel('Version').fill('3.1');
  await form.getByLabel('Photo use').selectOption('education');
  await form.getByLabel('Signed on').fill('01/11/2026');
  await form.getByRole('button', { name: 'Save consent' }).click();

  const table = page.getByRole('table', { name: 'Consents' });
  await expect(table).toContainText('Botulinum toxin treatment consent v3.1');
  await expect(table).toContainText('1 Nov 2026');
  await expect(table).toContainText('In force');
  await expect(page.getByRole('note', { name: 'Alerts' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Withdraw…' }).click();
  await page.getByLabel('Withdrawn on').fill('01/10/2026');
  await page.getByRole('button', { name: 'Withdraw consent' }).click();
  await expect(page.getByRole('alert')).toHaveText('Choose a date from 1 Nov 2026 to 22 Nov 2026');
  await expect(table).toContainText('In force');
  await page.getByLabel('Withdrawn on').fill('20/11/2026');
  await page.getByRole('button', { name: 'Withdraw consent' }).click();
  await expect(table).toContainText('Withdrawn 20 Nov 2026');
  await expect(page.getByRole('note', { name: 'Alerts' })).toContainText('No current consent');
});

test('a consent without a version is refused at the field and nothing is saved', async ({ clinic, page }) => {
  const created = await clinic.core.dispatch({ url: `${clinic.origin}/`, isMainFrame: true }, 'patients.create', {
    patient: { ...emptyPatient(), firstName: 'Ann', lastName: 'Okafor' },
    allowDuplicate: false,
  });
  await clinic.goto(`patients/${(created as { value: Patient }).value.id}/consents`);
  await page.getByRole('button', { name: 'Record consent' }).click();
  await page.getByRole('button', { name: 'Save consent' }).click();
  await expect(page.locator('#consent-version-error')).toHaveText('Enter the form’s version');
  expect(clinic.core.db.prepare('SELECT count(*) AS n FROM consents').get()).toEqual({ n: 0 });
});
