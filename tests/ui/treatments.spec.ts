import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '../harness/fixtures';
import { seedPatient, seedPractice, seedTreatment } from '../harness/seed';

test('a practitioner registers a patient, charts a treatment, sees it in the timeline, and finds the patient again by a partial name', async ({
  clinic,
  page,
}) => {
  await seedPractice(clinic);
  await clinic.goto('patients/new');
  await page.getByLabel('First name').fill('Siobhán');
  await page.getByLabel('Last name').fill('Ní Dhúill');
  await page.getByLabel('Date of birth').fill('1988-03-14');
  await page.getByRole('button', { name: 'Register patient' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Siobhán Ní Dhúill');
  await expect(page.getByTestId('next-recall')).toHaveText('No toxin treatment yet: nothing is due.');

  await page.getByRole('link', { name: 'Chart a treatment' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Chart a treatment');
  const needed = page.getByRole('list', { name: 'Still needed' });
  await expect(needed).toContainText('Product');
  await expect(needed).toContainText('A signed consent in force on 2026-11-22');
  await expect(page.getByRole('button', { name: 'Finalise record' })).toBeDisabled();

  await page.getByLabel('Injector').selectOption({ label: 'Dr Sarah Whitfield' });
  await page.getByLabel('Product').selectOption({ label: 'Botox Cosmetic' });
  await page.getByLabel('Lot', { exact: true }).selectOption({ label: 'C4521 · expires 2027-08-31' });
  await page.getByLabel('Volume (mL)').fill('2.5');
  await expect(page.getByTestId('units-per-tenth')).toHaveText('4 U per 0.1 mL');
  await page.getByLabel('Add area').selectOption({ label: 'Frown lines (glabella)' });
  await page.getByLabel('Units for Frown lines (glabella)').fill('20');
  await page.getByLabel('Add area').selectOption({ label: 'Forehead lines' });
  await page.getByLabel('Units for Forehead lines').fill('8');
  // A point on the face diagram, placed from the keyboard.
  await page.getByRole('application', { name: /Face diagram/ }).focus();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('list', { name: 'Injection points' }).getByRole('listitem')).toHaveCount(1);
  await expect(needed).toHaveText('A signed consent in force on 2026-11-22');

  // Save the draft, record the consent on the patient page, come back and finalise.
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Draft saved.' })).toBeVisible();
  await page.getByRole('link', { name: 'Back to the record' }).click();
  await expect(page.getByRole('list', { name: 'Treatment timeline' })).toContainText('Draft, not finalised');
  await page.getByRole('button', { name: 'Record consent' }).click();
  await page.getByLabel('Version').fill('3.1');
  await page.getByRole('button', { name: 'Save consent' }).click();
  await page.getByRole('link', { name: 'Continue charting' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Continue charting');
  await expect(page.getByText('Everything the record needs is there.')).toBeVisible();
  await page.getByRole('button', { name: 'Finalise record' }).click();

  // A first treatment of these areas: the app offers the take-home plan and to book the two-week review.
  await expect(
    page.getByRole('note', { name: 'The patient’s plan' }).getByRole('link', { name: 'Print or e-mail the patient’s plan' }),
  ).toBeVisible();
  await expect(page.getByRole('note', { name: 'Book the review' })).toContainText('the review is due on 2026-12-06');
  await page.getByRole('button', { name: 'Book the review' }).click();
  const dialog = page.getByRole('dialog', { name: 'Book the review' });
  await expect(dialog.getByTestId('booking-patient')).toHaveText('Siobhán Ní Dhúill');
  await expect(dialog.getByLabel('Type')).toHaveValue('review');
  // 6 December 2026 is a Sunday: the clinic is closed, so take the Monday.
  await expect(dialog.getByRole('list', { name: 'Cannot book yet' })).toContainText('The clinic is closed on Sundays');
  await dialog.getByLabel('Date', { exact: true }).fill('2026-12-07');
  await dialog.getByRole('button', { name: 'Book' }).click();
  await expect(page.locator('.rbc-event', { hasText: 'Siobhán Ní Dhúill' })).toBeVisible();
  expect(clinic.core.db.prepare("SELECT type || ' ' || starts_at_ms FROM appointments").pluck().get()).toBe(
    `review ${Date.parse('2026-12-07T10:00:00Z')}`,
  );
  await clinic.goto(`patients/${clinic.core.db.prepare('SELECT id FROM patients').pluck().get() as number}`);

  const timeline = page.getByRole('list', { name: 'Treatment timeline' });
  await expect(timeline).toContainText('2026-11-22');
  await expect(timeline).toContainText('Frown lines (glabella) 20 U · Forehead lines 8 U');
  await expect(timeline).toContainText('C4521 (expires 2027-08-31)');
  await expect(timeline).toContainText('100 U in 2.5 mL 0.9% sodium chloride: 4 U per 0.1 mL');
  await expect(timeline).not.toContainText('Draft');
  await expect(page.getByRole('table', { name: 'Dose history' })).toContainText('20 U');
  await expect(page.getByTestId('next-recall')).toContainText('Next recall 2027-02-28');

  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Patients' }).click();
  await page.getByLabel('Search patients').fill('siob');
  await page.getByLabel('Search patients').press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Siobhán Ní Dhúill');
});

test('"last time" pre-fills the next treatment; an amendment keeps the original visible', async ({ clinic, page }) => {
  const ids = await seedPractice(clinic);
  const patientId = await seedPatient(clinic);
  await seedTreatment(clinic, patientId, ids, '2026-08-01', [
    { area: 'glabella', units: 20 },
    { area: 'crows_feet', units: 24 },
  ]);
  await clinic.goto(`patients/${patientId}/treatments/new`);
  await expect(page.getByText('Pre-filled from the last treatment')).toBeVisible();
  await expect(page.getByLabel('Units for Frown lines (glabella)')).toHaveValue('20');
  await expect(page.getByLabel('Units for Crow’s feet')).toHaveValue('24');
  await expect(page.getByLabel('Product')).toHaveValue('botox');

  await clinic.goto(`patients/${patientId}`);
  await page.getByRole('link', { name: 'Amend…' }).click();
  await page.getByLabel('Units for Crow’s feet').fill('20');
  await expect(page.getByRole('button', { name: 'Save amendment' })).toBeDisabled();
  await page.getByLabel('Reason for the amendment').fill('Crow’s feet units mis-typed: 20 were given');
  await page.getByRole('button', { name: 'Save amendment' }).click();
  const timeline = page.getByRole('list', { name: 'Treatment timeline' });
  await expect(timeline).toContainText('Amended (version 2)');
  await expect(timeline).toContainText('Crow’s feet 20 U');
  await page.getByRole('button', { name: 'Show earlier version' }).click();
  await expect(page.getByLabel('Version 1')).toContainText('Crow’s feet 24 U');
});

test('an observation on the patient page moves the recall date at once, with its reason', async ({ clinic, page }) => {
  const ids = await seedPractice(clinic);
  const patientId = await seedPatient(clinic);
  await seedTreatment(clinic, patientId, ids, '2026-08-01');
  await clinic.goto(`patients/${patientId}`);
  const card = page.getByRole('article', { name: 'Schedule for Frown lines (glabella)' });
  await expect(card).toContainText('No observations yet: Botox Cosmetic’s usual 105 days.');
  await expect(page.getByTestId('next-recall')).toContainText('Next recall 2026-11-07');

  await page.getByLabel('Observation', { exact: true }).selectOption('movement_returning');
  await page.getByLabel('Date', { exact: true }).fill('2026-11-10');
  await page.getByRole('button', { name: 'Record observation' }).click();
  await expect(page.getByTestId('next-recall')).toContainText('Next recall 2026-11-03');
  await expect(card).toContainText('Based on one of this patient’s own cycles: 101 days.');
  await expect(page.getByRole('table', { name: 'Observations' })).toContainText('Movement returning');

  await page.getByLabel('Date', { exact: true }).fill('2026-12-01');
  await page.getByRole('button', { name: 'Record observation' }).click();
  await expect(page.locator('#obs-date-error')).toHaveText('This date is in the future');
});

test('an event gets a plan with a recommended date', async ({ clinic, page }) => {
  const ids = await seedPractice(clinic);
  const patientId = await seedPatient(clinic);
  await seedTreatment(clinic, patientId, ids, '2026-10-01');
  await clinic.goto(`patients/${patientId}`);
  await page.getByLabel('Event', { exact: true }).fill('Wedding');
  await page.getByLabel('Event date').fill('2027-03-20');
  await page.getByRole('button', { name: 'Plan for event' }).click();
  const plan = page.getByRole('article', { name: 'Plan for Wedding' });
  await expect(plan).toContainText('Ideal timing');
  await expect(plan.getByTestId('event-recommended')).toHaveText('2027-02-06');
});

test('an expired lot needs a written reason, and charting refuses zero units at the field', async ({ clinic, page }) => {
  const ids = await seedPractice(clinic);
  await clinic.call('lots.save', {
    id: null,
    lot: {
      product: 'botox',
      lotNumber: 'OLD9',
      expiry: '2026-10-31',
      receivedOn: '2025-01-01',
      supplier: '',
      vials: 1,
      unitsPerVial: 100,
    },
  });
  const patientId = await seedPatient(clinic);
  await seedTreatment(clinic, patientId, ids, '2026-06-01');
  await clinic.goto(`patients/${patientId}/treatments/new`);
  await expect(page.getByLabel('Lot', { exact: true }).locator('option', { hasText: 'OLD9' })).toHaveCount(0);
  await page.getByLabel('Show expired lots').check();
  await page.getByLabel('Lot', { exact: true }).selectOption({ label: 'OLD9 · expires 2026-10-31 (expired)' });
  await expect(page.getByRole('list', { name: 'Still needed' })).toContainText(
    'A written reason for using a lot that expired on 2026-10-31',
  );
  await page.getByLabel('Reason for using an expired lot').fill('Manufacturer extended the date in writing');
  await expect(page.getByText('Everything the record needs is there.')).toBeVisible();
  await page.getByLabel('Units for Frown lines (glabella)').fill('0');
  await expect(page.getByRole('list', { name: 'Still needed' })).toContainText('Units for Frown lines (glabella)');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByText('Units must be more than 0')).toBeVisible();
  expect(clinic.core.db.prepare("SELECT count(*) FROM treatments WHERE status = 'draft'").pluck().get()).toBe(0);
});

test('axe finds no serious or critical problems on the patient page and the charting screen', async ({ clinic, page }) => {
  const ids = await seedPractice(clinic);
  const patientId = await seedPatient(clinic);
  await seedTreatment(clinic, patientId, ids, '2026-08-01');
  for (const where of [`patients/${patientId}`, `patients/${patientId}/treatments/new`]) {
    await clinic.goto(where);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByText('Loading…')).toHaveCount(0);
    const results = await new AxeBuilder({ page }).analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${where} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  }
});
