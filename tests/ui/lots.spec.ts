import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { parseCsv } from '../../shared/csv';
import { expect, HARNESS_OWNER, test } from '../harness/fixtures';
import { seedPatient, seedPractice, seedTreatment } from '../harness/seed';

test('the owner records a lot, sees a refused one explained at its field, and a lot near expiry highlighted', async ({
  clinic,
  page,
}) => {
  await clinic.goto('settings/catalogue');
  await page.getByLabel('Product', { exact: true }).selectOption({ label: 'Dysport' });
  await expect(page.getByLabel('Units per vial')).toHaveValue('300');
  await page.getByLabel('Lot number').fill('DY7781');
  await page.getByLabel('Expiry date').fill('01/01/2026');
  await page.getByLabel('Date received').fill('01/02/2026');
  await page.getByRole('button', { name: 'Record lot' }).click();
  await expect(page.locator('#lot-expiry-error')).toHaveText('The lot expires before it was received');
  expect(clinic.core.db.prepare('SELECT count(*) FROM lots').pluck().get()).toBe(0);

  await page.getByLabel('Expiry date').fill('15/12/2026');
  await page.getByRole('button', { name: 'Record lot' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Lot DY7781 recorded.' })).toBeVisible();
  const row = page.getByRole('table', { name: 'Lots' }).getByRole('row', { name: /DY7781/ });
  await expect(row).toContainText('Expires soon');
  await expect(page.getByRole('note', { name: 'Lots expiring soon' })).toContainText('Dysport DY7781 (15 Dec 2026)');

  await page.getByLabel('Product', { exact: true }).selectOption({ label: 'Dysport' });
  await page.getByLabel('Lot number').fill('DY7781');
  await page.getByLabel('Expiry date').fill('15/12/2027');
  await page.getByRole('button', { name: 'Record lot' }).click();
  await expect(page.locator('#lot-number-error')).toHaveText('This lot is already recorded');
});

test('the team page adds a practitioner who can then be chosen as injector', async ({ clinic, page }) => {
  await clinic.goto('settings/team');
  await page.getByLabel('Name').fill('Dr Priya Raman');
  await page.getByLabel('Registration number').fill('GMC 7098765');
  await page.getByRole('button', { name: 'Add to team' }).click();
  await expect(page.getByRole('table', { name: 'Team' })).toContainText('Dr Priya Raman');
  const patientId = await seedPatient(clinic);
  await clinic.goto(`patients/${patientId}/treatments/new`);
  // The owner may inject too.
  await expect(page.getByLabel('Injector').locator('option')).toHaveText(['Choose…', 'Dr Priya Raman', HARNESS_OWNER.name]);
});

test('lot recall finds every patient treated from a lot, prints cleanly and exports CSV', async ({ clinic, page }) => {
  const ids = await seedPractice(clinic);
  const names = ['Ann Adams', 'Bea Brown', 'Cy Carter'];
  for (const [i, name] of names.entries()) {
    const [firstName, lastName] = name.split(' ') as [string, string];
    const id = await seedPatient(clinic, { firstName, lastName, phone: `07000 00000${i}` });
    await seedTreatment(clinic, id, ids, `2026-10-0${i + 1}`);
  }
  await clinic.goto('settings/catalogue');
  await page.getByRole('table', { name: 'Lots' }).getByRole('link', { name: 'Patients treated' }).click();
  const table = page.getByRole('table', { name: 'Patients treated from this lot' });
  await expect(table.getByRole('link')).toHaveText(names);
  await expect(page.getByRole('heading', { name: 'Patients treated from lot C4521: 3' })).toBeVisible();
  await expect(table).toContainText('Frown lines (glabella) 20 U');

  await page.getByLabel('Lot number').fill('NOPE1');
  await page.getByRole('button', { name: 'Find patients' }).click();
  await expect(table).toContainText('No treatment records name lot NOPE1.');
  await page.getByLabel('Lot number').fill('c4521');
  await page.getByLabel('Lot number').press('Enter');
  await expect(table.getByRole('link')).toHaveText(names);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const rows = parseCsv(fs.readFileSync(await (await download).path(), 'utf8'));
  expect(rows.slice(1).map((r) => r[1])).toEqual(names);

  const pdf = test.info().outputPath('lot.pdf');
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: pdf, format: 'A4' });
  const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
  for (const n of names) expect(text).toContain(n);
  expect(text).toContain('Patients treated from lot c4521: 3');
  expect(text).toMatch(/printed Sunday,? 22 November 2026/);
  expect(text).not.toContain('Find patients');
});

test('charting takes units off a lot; the catalogue and Today flag a lot running low', async ({ clinic, page }) => {
  const ids = await seedPractice(clinic);
  const ann = await seedPatient(clinic);
  // The seeded lot holds 6 vials of 100 U; record a count of 2, then chart 120 U from it.
  await clinic.call('lots.save', {
    id: ids.lotId,
    lot: {
      product: 'botox',
      lotNumber: 'C4521',
      expiry: '2027-08-31',
      receivedOn: '2026-09-01',
      supplier: 'Supplier',
      vials: 2,
      unitsPerVial: 100,
    },
  });
  await seedTreatment(clinic, ann, ids, '2026-11-20', [
    { area: 'glabella', units: 20 },
    { area: 'forehead', units: 100 },
  ]);
  await clinic.goto('settings/catalogue');
  await expect(page.getByTestId('stock-C4521')).toHaveText('80 U of an opened vial Low');
  await expect(page.getByRole('note', { name: 'Stock running low' })).toContainText(
    'Botox Cosmetic C4521: 80 U of an opened vial',
  );
  await clinic.goto('today');
  await expect(page.getByTestId('today-stock')).toContainText('Botox Cosmetic: low, 80 U of an opened vial');
});
