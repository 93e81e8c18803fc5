import fs from 'node:fs';
import { parseCsv } from '../../shared/csv';
import { expect, test } from '../harness/fixtures';
import { seedPatient } from '../harness/seed';

test('importing patients shows the mapping and every row, imports nothing until confirmed, then only the good rows', async ({
  clinic,
  page,
}) => {
  await seedPatient(clinic, { firstName: 'Ann', lastName: 'Okafor', dob: '1985-06-15' });
  await clinic.goto('patients');
  await page.getByRole('link', { name: 'Import' }).click();
  const csv = ['Given name;Family', 'x'].join('\n');
  await page
    .getByLabel('CSV file')
    .setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(`${csv}\n"unclosed`) });
  await expect(page.getByRole('alert')).toContainText('The file is not valid CSV. Line 3: a quoted field is never closed.');

  const sheet =
    'Name,Surname,Born,Tel,Notes\nJane,Doe,03/04/1980,07111 222333,VIP\nAnn,Okafor,15/06/1985,,\nBad,Date,31/02/1990,,\n';
  await page.getByLabel('CSV file').setInputFiles({ name: 'old-system.csv', mimeType: 'text/csv', buffer: Buffer.from(sheet) });
  // "Name" is not recognised as the first name: nothing can be imported until it is mapped.
  await expect(page.getByRole('alert')).toContainText('Choose the columns that hold the first name and the last name.');
  await page.getByLabel('Column Name').selectOption({ label: 'First name' });
  await expect(page.getByTestId('import-counts')).toHaveText('1 will be imported · 1 have problems · 1 already patients');
  const preview = page.getByRole('table', { name: 'Import preview' });
  await expect(preview).toContainText('Date of birth "31/02/1990" is not a date');
  await expect(preview).toContainText('Already a patient: Ann Okafor');
  expect(clinic.core.db.prepare('SELECT count(*) FROM patients').pluck().get()).toBe(1);

  await page.getByRole('button', { name: 'Import 1 patient' }).click();
  await expect(page.getByRole('status')).toContainText('1 patient imported.');
  expect(
    clinic.core.db
      .prepare("SELECT first_name || ' ' || last_name || ' ' || dob || ' ' || notes FROM patients ORDER BY id")
      .pluck()
      .all(),
  ).toEqual(['Ann Okafor 1985-06-15 ', 'Jane Doe 1980-04-03 VIP']);

  await clinic.goto('patients');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export patients' }).click();
  const rows = parseCsv(fs.readFileSync(await (await download).path(), 'utf8'));
  expect(rows.map((r) => `${r[1]} ${r[2]}`)).toEqual(['first_name last_name', 'Ann Okafor', 'Jane Doe']);
});
