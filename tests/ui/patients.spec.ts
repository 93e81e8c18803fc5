import { emptyPatient } from '../../shared/patients';
import { expect, test } from '../harness/fixtures';

test('reception registers a patient, sees the record with age and alerts, and finds them again by a partial name from the keyboard', async ({
  clinic,
  page,
}) => {
  await clinic.goto('patients');
  await expect(page.getByText('No patients yet')).toBeVisible();
  await page.getByRole('link', { name: 'New patient' }).click();

  await page.getByLabel('First name').fill('Hannah');
  await page.getByLabel('Last name').fill('Ó Briain');
  await page.getByLabel('Date of birth').fill('1990-04-02');
  await page.getByLabel('Phone').fill('07123 456789');
  await page.getByLabel('Takes anticoagulants').check();
  await page.getByLabel('Allergies').fill('Latex');
  await page.getByRole('button', { name: 'Register patient' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hannah Ó Briain');
  // The harness clock says 22 November 2026.
  await expect(page.getByTestId('patient-age')).toContainText('36 years · born 1990-04-02');
  const alerts = page.getByRole('note', { name: 'Alerts' });
  await expect(alerts).toContainText('Takes anticoagulants');
  await expect(alerts).toContainText('Allergies: Latex');

  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Patients' }).click();
  // A second patient whose name also starts with "Ha", registered directly through the API.
  await clinic.core.dispatch({ url: `${clinic.origin}/`, isMainFrame: true }, 'patients.create', {
    patient: { ...emptyPatient(), firstName: 'Hamish', lastName: 'Brown' },
    allowDuplicate: false,
  });
  const search = page.getByLabel('Search patients');
  await expect(search).toBeFocused();
  await search.fill('o bri');
  await expect(page.getByRole('table', { name: 'Patients' }).getByRole('row')).toHaveCount(2);
  await search.fill('ha');
  await expect(page.getByRole('table', { name: 'Patients' }).getByRole('row')).toHaveCount(3);
  await search.press('ArrowDown');
  await search.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hannah Ó Briain');
});

test('a possible duplicate is pointed out before a second record is created', async ({ clinic, page }) => {
  await clinic.goto('patients/new');
  await page.getByLabel('First name').fill('Ann');
  await page.getByLabel('Last name').fill('Okafor');
  await page.getByLabel('Phone').fill('07123 456789');
  await page.getByRole('button', { name: 'Register patient' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ann Okafor');

  await clinic.goto('patients/new');
  await page.getByLabel('First name').fill('Anne');
  await page.getByLabel('Last name').fill('Okafor-Smith');
  await page.getByLabel('Phone').fill('0712 345 6789');
  await page.getByRole('button', { name: 'Register patient' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Possible duplicate' })).toContainText('Ann Okafor');
  expect(clinic.core.db.prepare('SELECT count(*) AS n FROM patients').get()).toEqual({ n: 1 });
  await page.getByRole('button', { name: 'Create a new record anyway' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Anne Okafor-Smith');
  expect(clinic.core.db.prepare('SELECT count(*) AS n FROM patients').get()).toEqual({ n: 2 });
});

test('a birth date in the future is refused at the field and nothing is saved; archiving asks first and can be undone', async ({
  clinic,
  page,
}) => {
  await clinic.goto('patients/new');
  await page.getByLabel('First name').fill('Future');
  await page.getByLabel('Last name').fill('Person');
  await page.getByLabel('Date of birth').fill('2027-01-01');
  await page.getByRole('button', { name: 'Register patient' }).click();
  await expect(page.locator('#patient-dob-error')).toHaveText('The date of birth is in the future');
  await expect(page.getByLabel('Date of birth')).toBeFocused();
  expect(clinic.core.db.prepare('SELECT count(*) AS n FROM patients').get()).toEqual({ n: 0 });

  await page.getByLabel('Date of birth').fill('1970-01-01');
  await page.getByRole('button', { name: 'Register patient' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Future Person');
  await page.getByRole('button', { name: 'Archive' }).click();
  await expect(page.getByRole('alertdialog', { name: 'Archive this patient?' })).toBeVisible();
  await page.getByRole('button', { name: 'Archive patient' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Archived');
  await page.getByRole('button', { name: 'Restore' }).click();
  await expect(page.getByRole('button', { name: 'Archive' })).toBeVisible();
});
