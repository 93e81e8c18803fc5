import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '../harness/fixtures';
import { seedPatient, seedPractice, seedTreatment } from '../harness/seed';

test('a practitioner registers a patient, charts a treatment, sees it in the timeline, and finds the patient again by a partial name', async ({
  clinic,
  page,
}) => {
  test.setTimeout(60_000);
  await seedPractice(clinic);
  await clinic.goto('patients/new');
  await page.getByLabel('First name').fill('Siobhán');
  await page.getByLabel('Last name').fill('Ní Dhúill');
  await page.getByLabel('Date of birth').fill('14/03/1988');
  await page.getByRole('button', { name: 'Register patient' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Siobhán Ní Dhúill');
  await expect(page.getByTestId('next-recall')).toHaveText('No toxin treatment yet: nothing is due.');

  await page.getByRole('link', { name: 'Chart a treatment' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Chart a treatment');
  const needed = page.getByRole('list', { name: 'Still needed' });
  await expect(needed).toContainText('Product');
  await expect(needed).toContainText('A signed consent in force on 22 Nov 2026');
  await expect(page.getByRole('button', { name: 'Finalise record' })).toBeDisabled();
  // Nothing was filled in for a first treatment, so there is nothing to tick: what is missing is listed.
  await expect(page.getByRole('group', { name: /tick each/ })).toHaveCount(0);

  await page.getByLabel('Injector').selectOption({ label: 'Dr Sarah Whitfield' });
  await page.getByLabel('Product').selectOption({ label: 'Botox Cosmetic' });
  await page.getByLabel('Lot', { exact: true }).selectOption({ label: 'C4521 · expires 31 Aug 2027' });
  await expect(page.getByTestId('lot-stock')).toHaveText('Lot C4521: 6 vials in stock; this record uses 0 U.');
  await page.getByLabel('Volume (mL)').fill('2.5');
  await expect(page.getByTestId('units-per-tenth')).toHaveText('4 U per 0.1 mL');
  await page.getByLabel('Add area').selectOption({ label: 'Frown lines (glabella)' });
  await page.getByLabel('Units for Frown lines (glabella)').fill('20');
  await page.getByLabel('Add area').selectOption({ label: 'Forehead lines' });
  await page.getByLabel('Units for Forehead lines').fill('8');
  // A point on the face diagram for the glabella, placed from the keyboard, with its units.
  await page.getByLabel('Points for').selectOption({ label: 'Frown lines (glabella)' });
  await page.getByRole('application', { name: /Face diagram: click to place an injection point for Frown lines/ }).focus();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('list', { name: 'Injection points' }).getByRole('listitem')).toHaveCount(1);
  await page.getByLabel('Units at point 1').fill('4');
  // The point's units do not add up to the area's: a warning says so, and finalising stays possible.
  await expect(page.getByRole('note', { name: 'Units at the injection points' })).toHaveText(
    'Frown lines (glabella): the points add up to 4 U, the area has 20 U',
  );
  await expect(needed).toHaveText('A signed consent in force on 22 Nov 2026');

  // Save the draft, record the consent on the patient page, come back and finalise.
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Draft saved.' })).toBeVisible();
  await page.getByRole('link', { name: 'Back to the record' }).click();
  // Back on the record's Treatments tab.
  await expect(page.getByRole('tab', { name: /Treatments/ })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('list', { name: 'Treatment timeline' })).toContainText('Draft, not finalised');
  await page.getByRole('tab', { name: /Consents/ }).click();
  await page.getByRole('button', { name: 'Record consent' }).click();
  await page.getByLabel('Version').fill('3.1');
  await page.getByRole('button', { name: 'Save consent' }).click();
  await page.getByRole('tab', { name: /Treatments/ }).click();
  await page.getByRole('link', { name: 'Continue charting' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Continue charting');
  // The draft opens filled in: nothing is "ready" until each required field is changed or ticked.
  await expect(page.getByRole('heading', { name: 'Check before finalising' })).toBeVisible();
  const finalise = page.getByRole('button', { name: 'Finalise record' });
  await expect(finalise).toBeDisabled();
  const checks = page.getByRole('group', { name: /tick each once you have checked it/ });
  await expect(checks.getByRole('checkbox')).toHaveCount(5);
  await checks.getByRole('checkbox', { name: /Lot C4521, expires 31 Aug 2027/ }).check();
  // Changing a field counts as checking it.
  await page.getByLabel('Time', { exact: true }).fill('11:15');
  await expect(checks.getByRole('checkbox', { name: /Date and time/ })).toBeChecked();
  await expect(finalise).toBeDisabled();
  for (const item of ['Injector', 'Product', 'Areas and units'])
    await checks.getByRole('checkbox', { name: new RegExp(item) }).check();
  await expect(page.getByText('Everything the record needs is there and checked.')).toBeVisible();

  // Finalising shows what becomes permanent first.
  await finalise.click();
  const summary = page.getByRole('dialog', { name: 'Finalise this treatment record?' });
  await expect(summary).toContainText('22 Nov 2026, 11:15');
  await expect(summary).toContainText('Dr Sarah Whitfield');
  await expect(summary).toContainText('Botox Cosmetic · full treatment');
  await expect(summary).toContainText('C4521, expires 31 Aug 2027');
  await expect(summary.getByRole('table', { name: 'Units per area' })).toContainText('Frown lines (glabella)20');
  await expect(summary.getByTestId('finalise-total')).toHaveText('28 U');
  await expect(summary).toContainText('The injection points do not add up');
  const summaryScan = await new AxeBuilder({ page }).include('[role=dialog]').analyze();
  expect(summaryScan.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await summary.getByRole('button', { name: 'Back to the record' }).click();
  expect(clinic.core.db.prepare("SELECT count(*) FROM treatments WHERE status = 'final'").pluck().get()).toBe(0);
  await finalise.click();
  await page.getByRole('button', { name: 'Finalise permanently' }).click();

  // A first treatment of these areas: the app offers the take-home plan and to book the two-week review.
  await expect(
    page.getByRole('note', { name: 'The patient’s plan' }).getByRole('link', { name: 'Print or e-mail the patient’s plan' }),
  ).toBeVisible();
  await expect(page.getByRole('note', { name: 'Book the review' })).toContainText('the review is due on 6 Dec 2026');
  // The units came off the lot: 600 U less 28.
  expect(clinic.core.db.prepare("SELECT units_on_hand FROM lots WHERE lot_number = 'C4521'").pluck().get()).toBe(572);
  await page.getByRole('button', { name: 'Book the review' }).click();
  const dialog = page.getByRole('dialog', { name: 'Book the review' });
  await expect(dialog.getByTestId('booking-patient')).toHaveText('Siobhán Ní Dhúill');
  await expect(dialog.getByLabel('Type')).toHaveValue('review');
  // 6 December 2026 is a Sunday, when the clinic is closed: the dialog starts on the first free time after it.
  await expect(dialog.getByLabel('Date', { exact: true })).toHaveValue('07/12/2026');
  await expect(dialog.getByLabel('Start')).toHaveValue('09:00');
  await dialog.getByRole('button', { name: 'Book' }).click();
  await expect(page.locator('.rbc-event', { hasText: 'Siobhán Ní Dhúill' })).toBeVisible();
  expect(clinic.core.db.prepare("SELECT type || ' ' || starts_at_ms FROM appointments").pluck().get()).toBe(
    `review ${Date.parse('2026-12-07T09:00:00Z')}`,
  );
  await clinic.goto(`patients/${clinic.core.db.prepare('SELECT id FROM patients').pluck().get() as number}`);

  await page.getByRole('tab', { name: /Treatments/ }).click();
  const timeline = page.getByRole('list', { name: 'Treatment timeline' });
  await expect(timeline).toContainText('22 Nov 2026');
  await expect(timeline).toContainText('Frown lines (glabella) 20 U · Forehead lines 8 U');
  await expect(timeline).toContainText('C4521 (expires 31 Aug 2027)');
  await expect(timeline).toContainText('100 U in 2.5 mL 0.9% sodium chloride: 4 U per 0.1 mL');
  await expect(timeline).not.toContainText('Draft');
  await expect(page.getByRole('table', { name: 'Dose history' })).toContainText('20 U');
  await page.getByRole('tab', { name: 'When due' }).click();
  await expect(page.getByTestId('next-recall')).toContainText('Next recall 28 Feb 2027');

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
  await expect(page.getByLabel('Product', { exact: true })).toHaveValue('botox');

  await clinic.goto(`patients/${patientId}`);
  await page.getByRole('tab', { name: /Treatments/ }).click();
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
  await expect(page.getByTestId('next-recall')).toContainText('Next recall 7 Nov 2026');
  // Each cycle at a glance, beside the dates.
  await expect(
    card.getByRole('img', {
      name: /Frown lines \(glabella\), cycle by cycle: Botox Cosmetic 1 Aug 2026: not yet seen wearing off/,
    }),
  ).toBeVisible();
  // The chart never covers the dates: beside them where the card has room, else below them.
  const facts = card.locator('dl.schedule-facts');
  expect(await facts.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
  const f = (await facts.boundingBox())!;
  const c = (await card.getByRole('img', { name: /cycle by cycle/ }).boundingBox())!;
  expect(c.y >= f.y + f.height || c.x >= f.x + f.width).toBe(true);

  await page.getByLabel('Observation', { exact: true }).selectOption('movement_returning');
  await page.getByLabel('Date', { exact: true }).fill('10/11/2026');
  await page.getByRole('button', { name: 'Record observation' }).click();
  await expect(page.getByTestId('next-recall')).toContainText('Next recall 3 Nov 2026');
  await expect(card).toContainText('Based on one of this patient’s own cycles: 101 days.');
  // What the observation did, in words.
  await expect(page.getByTestId('schedule-change')).toHaveText(
    'Frown lines (glabella): the expected return moves from 14 Nov 2026 to 10 Nov 2026. Based on one of this patient’s own cycles: 101 days.',
  );
  await expect(card.getByRole('img', { name: /Botox Cosmetic 1 Aug 2026: 101 days/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Observations' })).toContainText('Movement returning');

  await page.getByLabel('Date', { exact: true }).fill('01/12/2026');
  await page.getByRole('button', { name: 'Record observation' }).click();
  await expect(page.locator('#obs-date-error')).toHaveText('This date is in the future');
});

test('an event gets a plan with a recommended date', async ({ clinic, page }) => {
  const ids = await seedPractice(clinic);
  const patientId = await seedPatient(clinic);
  await seedTreatment(clinic, patientId, ids, '2026-10-01');
  await clinic.goto(`patients/${patientId}`);
  await page.getByLabel('Event', { exact: true }).fill('Wedding');
  await page.getByLabel('Event date').fill('20/03/2027');
  await page.getByRole('button', { name: 'Plan for event' }).click();
  const plan = page.getByRole('article', { name: 'Plan for Wedding' });
  await expect(plan).toContainText('Ideal timing');
  await expect(plan.getByTestId('event-recommended')).toHaveText('6 Feb 2027');
  // "Book" opens the booking dialog on that date, with the patient chosen.
  await plan.getByRole('button', { name: 'Book 6 Feb 2027…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Book: Ann Okafor' });
  await expect(dialog.getByLabel('Type')).toHaveValue('treatment');
  await expect(dialog.getByLabel('Date', { exact: true })).toHaveValue('06/02/2027');
  await dialog.getByRole('button', { name: 'Book' }).click();
  // Now the plan knows the treatment is booked, and says so instead of proposing another date.
  await expect(plan.getByTestId('event-booked')).toContainText('A treatment is booked on 6 Feb 2027');
  await expect(plan).toContainText('Treatment booked');
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
  await page.getByLabel('Lot', { exact: true }).selectOption({ label: 'OLD9 · expires 31 Oct 2026 (expired)' });
  await expect(page.getByRole('list', { name: 'Still needed' })).toContainText(
    'A written reason for using a lot that expired on 31 Oct 2026',
  );
  await page.getByLabel('Reason for using an expired lot').fill('Manufacturer extended the date in writing');
  await expect(page.getByRole('list', { name: 'Still needed' })).toHaveCount(0);
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
