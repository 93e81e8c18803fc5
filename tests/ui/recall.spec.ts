import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { parseCsv } from '../../shared/csv';
import { expect, test } from '../harness/fixtures';
import { seedPatient, seedPractice, seedTreatment } from '../harness/seed';

test('reception logs contact attempts on the recall list and sees each patient’s status and the counts change', async ({
  clinic,
  page,
}) => {
  const ids = await seedPractice(clinic);
  const ann = await seedPatient(clinic, { firstName: 'Ann', lastName: 'Adams', phone: '07000 000001' });
  const bea = await seedPatient(clinic, { firstName: 'Bea', lastName: 'Brown', phone: '07000 000002' });
  await seedPatient(clinic, { firstName: 'Cy', lastName: 'Quiet', contactPreference: 'do_not_contact' });
  await seedTreatment(clinic, ann, ids, '2026-07-01');
  await seedTreatment(clinic, bea, ids, '2026-08-10');
  await seedTreatment(clinic, 3, ids, '2026-07-05');

  await clinic.goto('recall');
  const table = page.getByRole('table', { name: 'Recall list' });
  await expect(table.getByRole('link')).toHaveText(['Ann Adams', 'Bea Brown']);
  await expect(page.getByTestId(`recall-row-${ann}`)).toContainText('2026-10-07');
  await expect(page.getByTestId(`recall-row-${ann}`)).toContainText('46 days overdue');
  const tabs = page.getByRole('navigation', { name: 'Recall status' });
  await expect(tabs.getByRole('button', { name: /Not contacted/ })).toContainText('2');

  await page.getByTestId(`recall-row-${ann}`).getByRole('button', { name: 'Log contact' }).click();
  const form = page.getByRole('group', { name: 'Log contact with Ann Adams' });
  await form.getByLabel('Note').fill('Rang twice');
  await form.getByRole('button', { name: 'No answer' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'No answer recorded for Ann Adams.' })).toBeVisible();
  await expect(page.getByTestId(`recall-row-${ann}`)).toContainText('Contacted');
  await expect(page.getByTestId(`recall-row-${ann}`)).toContainText('No answer 2026-11-22');
  await expect(tabs.getByRole('button', { name: /^Contacted/ })).toContainText('1');
  await expect(tabs.getByRole('button', { name: /Not contacted/ })).toContainText('1');

  await page.getByTestId(`recall-row-${bea}`).getByRole('button', { name: 'Log contact' }).click();
  const beaForm = page.getByRole('group', { name: 'Log contact with Bea Brown' });
  await beaForm.getByLabel('Snooze until').fill('2026-12-10');
  await beaForm.getByRole('button', { name: 'Snooze' }).click();
  await expect(table.getByRole('link')).toHaveText(['Ann Adams']);
  await tabs.getByRole('button', { name: /Snoozed/ }).click();
  await expect(page.getByTestId(`recall-row-${bea}`)).toContainText('until 2026-12-10');

  await tabs.getByRole('button', { name: /To contact/ }).click();
  await page.getByTestId(`recall-row-${ann}`).getByRole('button', { name: 'Log contact' }).click();
  await page.getByRole('group', { name: 'Log contact with Ann Adams' }).getByRole('button', { name: 'Booked' }).click();
  await expect(table.getByRole('link')).toHaveCount(0);
  await tabs.getByRole('button', { name: /Booked/ }).click();
  await expect(page.getByTestId(`recall-row-${ann}`)).toContainText('Booked');
});

test('the recall list filters by practitioner and area, prints, exports CSV and passes axe', async ({ clinic, page }) => {
  const ids = await seedPractice(clinic);
  const james = (await clinic.call('team.add', { name: 'Nurse James Okoro', role: 'practitioner', registration: '' })).find(
    (m) => m.name === 'Nurse James Okoro',
  )!.id;
  const ann = await seedPatient(clinic, { firstName: 'Ann', lastName: 'Adams' });
  const bea = await seedPatient(clinic, { firstName: 'Bea', lastName: 'Brown' });
  await seedTreatment(clinic, ann, ids, '2026-07-01');
  await seedTreatment(clinic, bea, { ...ids, injectorId: james }, '2026-08-10', [{ area: 'masseter', units: 50 }]);
  await clinic.call('settings.update', { ...(await clinic.call('settings.get', {})), name: 'Harbour Aesthetics' });
  await clinic.goto('recall');
  const table = page.getByRole('table', { name: 'Recall list' });
  await expect(table.getByRole('link')).toHaveCount(1);
  // Bea's masseter lasts 180 days: her recall (2027-01-30) is after the default range; widen it.
  await page.getByLabel('To', { exact: true }).fill('2027-02-28');
  await expect(table.getByRole('link')).toHaveText(['Ann Adams', 'Bea Brown']);
  await page.getByLabel('Practitioner').selectOption({ label: 'Nurse James Okoro' });
  await expect(table.getByRole('link')).toHaveText(['Bea Brown']);
  await page.getByLabel('Practitioner').selectOption({ label: 'Everyone' });
  await page.getByLabel('Area').selectOption({ label: 'Frown lines (glabella)' });
  await expect(table.getByRole('link')).toHaveText(['Ann Adams']);
  await page.getByLabel('Area').selectOption({ label: 'All areas' });
  await page.getByLabel('Overdue only').check();
  await expect(table.getByRole('link')).toHaveText(['Ann Adams']);
  await page.getByLabel('Overdue only').uncheck();

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('recall-2026-11-22.csv');
  const rows = parseCsv(fs.readFileSync(await file.path(), 'utf8'));
  expect(rows.map((r) => r[1])).toEqual(['patient', 'Ann Adams', 'Bea Brown']);

  const pdf = test.info().outputPath('recall.pdf');
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: pdf, format: 'A4' });
  const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
  expect(text).toContain('Harbour Aesthetics · Recall list printed Sunday 22 November 2026');
  expect(text).toContain('Ann Adams');
  expect(text).toContain('Bea Brown');
  expect(text).not.toContain('Log contact');
  expect(text).not.toContain('Sections');
  await page.emulateMedia({ media: 'screen' });

  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  void path;
});

test('reception books a due patient straight from the recall list, and the patient leaves the list', async ({ clinic, page }) => {
  const ids = await seedPractice(clinic);
  const ann = await seedPatient(clinic, { firstName: 'Ann', lastName: 'Adams' });
  await seedTreatment(clinic, ann, ids, '2026-07-01');
  await clinic.goto('recall');
  const row = page.getByTestId(`recall-row-${ann}`);
  await row.getByRole('button', { name: 'Book' }).click();
  const dialog = page.getByRole('dialog', { name: 'Book: Ann Adams' });
  await expect(dialog.getByTestId('booking-patient')).toHaveText('Ann Adams');
  await expect(dialog.getByLabel('Type')).toHaveValue('treatment');
  // "Last time" fills in what will be given; the recall date has passed, so the dialog starts on today.
  await expect(dialog.getByLabel('Units for Frown lines (glabella)')).toHaveValue('20');
  await dialog.getByLabel('Date', { exact: true }).fill('2026-11-24');
  await dialog.getByRole('button', { name: 'Book' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Booked: Ann Adams, 2026-11-24 at 10:00 with Dr Sarah Whitfield.' }),
  ).toBeVisible();
  await expect(row).toHaveCount(0);
  expect(clinic.core.db.prepare("SELECT type || ' ' || status FROM appointments WHERE patient_id = ?").pluck().get(ann)).toBe(
    'treatment booked',
  );
});

test('an appointment can be booked from the patient page', async ({ clinic, page }) => {
  await seedPractice(clinic);
  const ann = await seedPatient(clinic, { firstName: 'Ann', lastName: 'Adams' });
  await clinic.goto(`patients/${ann}`);
  await page.getByRole('button', { name: 'Book appointment' }).click();
  const dialog = page.getByRole('dialog', { name: 'Book: Ann Adams' });
  // No toxin yet: a consultation first.
  await expect(dialog.getByLabel('Type')).toHaveValue('consultation');
  await dialog.getByLabel('Date', { exact: true }).fill('2026-11-25');
  await dialog.getByLabel('Start').fill('14:00');
  await dialog.getByRole('button', { name: 'Book' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Booked: Ann Adams, 2026-11-25 at 14:00' })).toBeVisible();
});
