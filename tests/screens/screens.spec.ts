import path from 'node:path';
import { emptyPatient } from '../../shared/patients';
import { test } from '../harness/fixtures';

/**
 * Not part of `npm test`: `npm run screens` writes screenshots of the main screens at
 * both target sizes to test-results/screens, for a person to look at.
 */
const OUT = path.resolve(__dirname, '../../test-results/screens');
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];

for (const size of SIZES) {
  test(`screens at ${size.width}x${size.height}`, async ({ clinic, page }) => {
    await page.setViewportSize(size);
    const shot = (name: string) => page.screenshot({ path: path.join(OUT, `${name}-${size.width}x${size.height}.png`) });
    await clinic.goto('today');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await shot('today-new-clinic');
    await clinic.goto('settings');
    await page.getByLabel('Clinic name').fill('Harbour Aesthetics');
    await page.getByLabel('Phone').fill('+44 20 7946 0018');
    await page.getByLabel('Address').fill('12 Quay Street\nBristol BS1 4DJ');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved').waitFor();
    await shot('settings-saved');
    await page.getByLabel('Time zone').fill('Europe/Lodnon');
    await page.getByLabel('Monday closes').fill('08:00');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Nothing was saved').waitFor();
    await shot('settings-errors');
    await clinic.goto('today');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await shot('today');
    await clinic.goto('settings/rules');
    await page.getByLabel('Minimum interval').fill('90');
    await page.getByLabel('Touch-up window from day').fill('21');
    await page.getByLabel('Touch-up window to day').fill('10');
    await page.getByRole('button', { name: 'Save scheduling rules' }).click();
    await page.getByText('Nothing was saved').waitFor();
    await shot('settings-rules-errors');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByLabel('Touch-up window from day').fill('10');
    await page.getByLabel('Touch-up window to day').fill('21');
    await page.getByRole('button', { name: 'Save scheduling rules' }).click();
    await page.getByText('Scheduling rules saved').waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot('settings-rules');
    const people = [
      ['Hannah', 'Ó Briain', '1990-04-02', '07123 456789', ['anticoagulants']],
      ['Amara', 'Okafor', '1984-11-30', '07700 900123', []],
      ['Zoë', 'Ångström', '1979-02-14', '+44 20 7946 0018', ['milk_protein_allergy']],
      ['Priya', 'Raman', '1995-07-21', '07911 123456', []],
      ['Margaret', 'Ellis', '1958-03-09', '01632 960001', ['neuromuscular_disorder']],
    ] as const;
    for (const [firstName, lastName, dob, phone, flags] of people) {
      await clinic.core.dispatch({ url: `${clinic.origin}/`, isMainFrame: true }, 'patients.create', {
        patient: {
          ...emptyPatient(),
          firstName,
          lastName,
          dob,
          phone,
          flags: [...flags],
          email: `${firstName.toLowerCase()}@example.com`,
          allergies: flags.length ? 'Latex' : '',
        },
        allowDuplicate: false,
      });
    }
    await clinic.goto('patients');
    await page.getByRole('table', { name: 'Patients' }).waitFor();
    await page.getByText('5 patients').waitFor();
    await shot('patients');
    await clinic.core.dispatch({ url: `${clinic.origin}/`, isMainFrame: true }, 'consents.add', {
      patientId: 2,
      consent: {
        formName: 'Botulinum toxin treatment consent',
        formVersion: '3.1',
        signedOn: '2026-03-02',
        photoScope: 'education',
      },
    });
    await clinic.goto('patients/2');
    await page.getByRole('table', { name: 'Consents' }).waitFor();
    await shot('patient-record-consent');
    await clinic.goto('patients/1');
    await page.getByTestId('patient-age').waitFor();
    await shot('patient-record');
    await clinic.goto('patients/new');
    await page.getByLabel('First name').waitFor();
    await shot('patient-new');
    await clinic.goto('calendar');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await shot('calendar-upcoming');
    // The import preview of a file saved by older European Excel: semicolons, Windows-1252.
    await clinic.goto('patients/import');
    const cp1252 = Buffer.from('First name;Surname;Phone\r\nJos\xe9;M\xfcller;+49 30 1234567\r\nZo\xeb;;\r\n', 'latin1');
    await page.getByLabel('CSV file').setInputFiles({ name: 'patients.csv', mimeType: 'text/csv', buffer: cp1252 });
    await page.getByText('Columns separated by semicolons').waitFor();
    await shot('import-preview');
  });
}
