import { execFileSync } from 'node:child_process';
import { expect, test } from '../harness/fixtures';
import { seedPatient, seedPractice, seedTreatment } from '../harness/seed';

test('a clinic in the United States prints on US Letter and writes dates and times its way, on screen and on paper', async ({
  clinic,
  page,
}) => {
  const ids = await seedPractice(clinic);
  const ann = await seedPatient(clinic);
  await seedTreatment(clinic, ann, ids, '2026-08-10');
  await clinic.call('settings.update', {
    ...(await clinic.call('settings.get', {})),
    country: 'US',
    timeZone: 'America/New_York',
  });
  await clinic.goto(`patients/${ann}`);
  await expect(page.getByTestId('next-recall')).toContainText('Next recall Nov 16, 2026');
  await page.getByRole('link', { name: 'Print summary' }).click();
  await expect(page.getByRole('article', { name: 'Patient summary' })).toContainText('Born Jun 15, 1985');
  await expect(page.getByText('Printed on US Letter paper.')).toBeVisible();
  await page.getByRole('button', { name: 'Save as PDF' }).click();
  await expect(page.getByRole('status')).toContainText('Saved to');
  const pdf = (await page.getByRole('status').textContent())!.replace(/^Saved to /, '');
  expect(execFileSync('pdfinfo', [pdf]).toString()).toMatch(/Page size:\s+612 x 792 pts \(letter\)/);
  const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
  expect(text).toContain('Ann Okafor');
  expect(text).toContain('Aug 10, 2026');
  expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  // The cycle chart is on the paper too, read by its label.
  expect(text).toContain('Frown lines (glabella)');

  // The day sheet: times on the US clock, the same paper.
  await clinic.call('appointments.book', {
    patientId: ann,
    practitionerId: ids.injectorId,
    roomId: null,
    type: 'consultation',
    planned: null,
    date: '2026-11-24',
    start: '14:30',
    end: '15:00',
    notes: '',
    overrideReason: '',
    allowPast: false,
  });
  await clinic.goto('calendar/sheet/2026-11-24/1');
  await expect(page.getByRole('article', { name: 'Day sheet' })).toContainText('2:30 PM–3:00 PM');
  await page.getByRole('button', { name: 'Save as PDF' }).click();
  await expect(page.getByRole('status')).toContainText('Saved to');
  const sheet = (await page.getByRole('status').textContent())!.replace(/^Saved to /, '');
  expect(execFileSync('pdfinfo', [sheet]).toString()).toMatch(/\(letter\)/);
  // A time never breaks across two lines; nor does the day of the last toxin, written the clinic's way.
  const sheetText = execFileSync('pdftotext', ['-layout', sheet, '-']).toString();
  expect(sheetText).toMatch(/2:30\sPM–3:00\sPM/);
  expect(sheetText).toMatch(/Aug 10, 2026/);
  expect(sheetText).not.toMatch(/\d{4}-\d{2}-\d{2}/);
});
