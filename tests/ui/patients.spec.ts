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
  await page.getByLabel('Date of birth').fill('02/04/1990');
  await page.getByLabel('Phone').fill('07123 456789');
  await page.getByLabel('Takes anticoagulants').check();
  await page.getByLabel('Allergies').fill('Latex');
  await page.getByRole('button', { name: 'Register patient' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hannah Ó Briain');
  // The harness clock says 22 November 2026.
  await expect(page.getByTestId('patient-age')).toContainText('36 years · born 2 Apr 1990');
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

test('Ctrl+K finds a patient from any screen by any part of the phone number, or by a name with a typo', async ({
  clinic,
  page,
}) => {
  for (const [firstName, lastName, phone] of [
    ['Maria', 'Fernandez', '07859 561570'],
    ['John', 'Smith', '+44 7700 900123'],
  ] as const) {
    await clinic.call('patients.create', { patient: { ...emptyPatient(), firstName, lastName, phone }, allowDuplicate: false });
  }
  await clinic.goto('calendar');
  await expect(page.getByRole('button', { name: /Find a patient/ })).toBeVisible();
  await page.keyboard.press('Control+k');
  const finder = page.getByRole('dialog', { name: 'Find a patient' });
  const box = finder.getByRole('combobox', { name: 'Find a patient' });
  await expect(box).toBeFocused();
  // A caller gives the number in international form; it was saved with the leading 0.
  await box.fill('+44 7859 561570');
  await expect(finder.getByRole('option')).toHaveText([/Maria Fernandez/]);
  await box.fill('7859 561');
  await expect(finder.getByRole('option')).toHaveText([/Maria Fernandez/]);
  await box.fill('07700 900');
  await expect(finder.getByRole('option')).toHaveText([/John Smith/]);
  await box.fill('ferandez');
  await expect(finder.getByRole('option')).toHaveText([/Maria Fernandez/]);
  await box.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Maria Fernandez');
  await expect(finder).toHaveCount(0);
  // Escape closes it without going anywhere.
  await page.keyboard.press('Control+k');
  await box.fill('jonh');
  await expect(finder.getByRole('option')).toHaveText([/John Smith/]);
  await box.press('Escape');
  await expect(finder).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Maria Fernandez');
  // Over a screen full of fields (the recall list's dates) the finder stays on top: its result takes the click.
  await clinic.goto('recall');
  await page.keyboard.press('Control+k');
  await box.fill('+44 7700 900123');
  await finder.getByRole('option', { name: /John Smith/ }).click({ timeout: 5000 });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('John Smith');
});
