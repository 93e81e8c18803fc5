import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { insertPatient } from '../../electron/db/patientsRepo';
import { writeScheduleSummary } from '../../electron/db/scheduleRepo';
import { parseCsv } from '../../shared/csv';
import { emptyPatient, type PatientFields } from '../../shared/patients';
import type { Page } from '@playwright/test';
import { expect, test, type ClinicHarness } from '../harness/fixtures';
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
  await expect(page.getByTestId(`recall-row-${ann}`)).toContainText('7 Oct 2026');
  await expect(page.getByTestId(`recall-row-${ann}`)).toContainText('46 days overdue');
  const tabs = page.getByRole('navigation', { name: 'Recall status' });
  await expect(tabs.getByRole('button', { name: /Not contacted/ })).toContainText('2');

  await page.getByTestId(`recall-row-${ann}`).getByRole('button', { name: 'Log contact' }).click();
  const form = page.getByRole('group', { name: 'Log contact with Ann Adams' });
  // Logged by whoever is signed in, now unless an earlier time is given.
  await expect(form.getByText('Olivia Owner')).toBeVisible();
  await form.getByLabel('Note').fill('Rang twice');
  await form.getByRole('button', { name: 'Earlier…' }).click();
  await form.getByLabel('Time').fill('9:15');
  await form.getByRole('button', { name: 'No answer' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Contact with Ann Adams logged: no answer (22 Nov 2026, 09:15).' }),
  ).toBeVisible();
  await expect(page.getByTestId(`recall-row-${ann}`)).toContainText('Contacted');
  await expect(page.getByTestId(`recall-row-${ann}`)).toContainText('No answer 22 Nov 2026, 09:15');
  await expect(page.getByTestId(`recall-row-${ann}`)).toContainText('“Rang twice”');
  // All seven columns fit beside the sidebar at 1280 px: nothing is scrolled out of sight sideways.
  const card = page.locator('.table-card', { has: page.getByRole('table', { name: 'Recall list' }) });
  expect(await card.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
  // The patient's own history lists it too.
  await page.getByRole('link', { name: 'Ann Adams' }).click();
  await page.getByRole('tab', { name: 'Contacts' }).click();
  const history = page.getByRole('table', { name: 'Contact history' });
  await expect(history).toContainText('22 Nov 2026');
  await expect(history).toContainText('09:15');
  await expect(history).toContainText('No answer');
  await expect(history).toContainText('Rang twice');
  await expect(history).toContainText('Olivia Owner');
  await clinic.goto('recall');
  await expect(tabs.getByRole('button', { name: /^Contacted/ })).toContainText('1');
  await expect(tabs.getByRole('button', { name: /Not contacted/ })).toContainText('1');

  await page.getByTestId(`recall-row-${bea}`).getByRole('button', { name: 'Log contact' }).click();
  const beaForm = page.getByRole('group', { name: 'Log contact with Bea Brown' });
  await beaForm.getByLabel('Snooze until').fill('10/12/2026');
  await beaForm.getByRole('button', { name: 'Snooze' }).click();
  await expect(table.getByRole('link')).toHaveText(['Ann Adams']);
  await tabs.getByRole('button', { name: /Snoozed/ }).click();
  await expect(page.getByTestId(`recall-row-${bea}`)).toContainText('until 10 Dec 2026');

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
  await page.getByLabel('To', { exact: true }).fill('28/02/2027');
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
  expect(text).toMatch(/Harbour Aesthetics · Recall list printed Sunday,? 22 November 2026/);
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
  // "Last time" fills in what will be given, with the practitioner who treated her last.
  await expect(dialog.getByLabel('Units for Frown lines (glabella)')).toHaveValue('20');
  await expect(dialog.getByLabel('Practitioner')).toHaveValue(String(ids.injectorId));
  // The recall date has passed: the first free time from now (Sunday, closed) is Monday 09:00, already filled in.
  const free = dialog.getByRole('group', { name: 'Next free times with Dr Sarah Whitfield' });
  await expect(free.getByRole('button')).toHaveText(['Mon 23 Nov 09:00', 'Mon 23 Nov 09:30', 'Mon 23 Nov 10:00']);
  await expect(dialog.getByLabel('Date', { exact: true })).toHaveValue('23/11/2026');
  await expect(dialog.getByLabel('Start')).toHaveValue('09:00');
  await free.getByRole('button', { name: 'Mon 23 Nov 09:30' }).click();
  await expect(dialog.getByLabel('Start')).toHaveValue('09:30');
  // A treatment's dialog is taller than 800 pixels: its buttons stay in sight without scrolling to them.
  await expect(dialog.getByRole('button', { name: 'Book' })).toBeInViewport({ ratio: 1 });
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeInViewport({ ratio: 1 });
  await dialog.getByRole('button', { name: 'Book' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Booked: Ann Adams, 23 Nov 2026 at 09:30 with Dr Sarah Whitfield.' }),
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
  await dialog.getByLabel('Date', { exact: true }).fill('25/11/2026');
  await dialog.getByLabel('Start').fill('2pm');
  await dialog.getByRole('button', { name: 'Book' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Booked: Ann Adams, 25 Nov 2026 at 14:00' })).toBeVisible();
});

/**
 * Ann Adams's booking dialog opened from her page, with its first free time (Monday 23rd, 09:00)
 * held back until the test releases it, as a slow answer on a loaded computer would arrive.
 */
async function bookingWithFreeTimesHeld(clinic: ClinicHarness, page: Page) {
  await seedPractice(clinic);
  const ann = await seedPatient(clinic, { firstName: 'Ann', lastName: 'Adams' });
  await clinic.goto(`patients/${ann}`);
  const freeSlots = clinic.holdAnswers('appointments.freeSlots');
  await page.getByRole('button', { name: 'Book appointment' }).click();
  const dialog = page.getByRole('dialog', { name: 'Book: Ann Adams' });
  return {
    ann,
    freeSlots,
    dialog,
    date: dialog.getByLabel('Date', { exact: true }),
    start: dialog.getByLabel('Start'),
    free: dialog.getByRole('group', { name: 'Next free times with Dr Sarah Whitfield' }),
  };
}

test('a date the user is typing over is kept when the first free time arrives late: it is neither replaced nor joined', async ({
  clinic,
  page,
}) => {
  // The dialog asks for the first free time as it opens; the answer is held until the user is in the date field.
  const { ann, freeSlots, dialog, date, start, free } = await bookingWithFreeTimesHeld(clinic, page);
  await expect(date).toHaveValue('22/11/2026');
  await freeSlots.arrived;
  // fill() in its two steps, with the answer landing between them: select what is in the field, then type over it.
  await date.selectText();
  freeSlots.release();
  await expect(free.getByRole('button').first()).toHaveText('Mon 23 Nov 09:00');
  await page.keyboard.insertText('25/11/2026');
  await expect(date).toHaveValue('25/11/2026');
  await expect(start).toHaveValue('10:00');
  await start.fill('2pm');
  await dialog.getByRole('button', { name: 'Book' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Booked: Ann Adams, 25 Nov 2026 at 14:00' })).toBeVisible();
  expect(clinic.core.db.prepare('SELECT starts_at_ms FROM appointments WHERE patient_id = ?').pluck().all(ann)).toEqual([
    Date.parse('2026-11-25T14:00:00Z'),
  ]);
});

test('a keyboard user passing through the date and start fields with Tab still gets the first free time that arrived meanwhile', async ({
  clinic,
  page,
}) => {
  const { freeSlots, dialog, date, start, free } = await bookingWithFreeTimesHeld(clinic, page);
  // Opened with the patient known, the keyboard starts at the booking's first field.
  await expect(dialog.getByLabel('Type')).toBeFocused();
  await freeSlots.arrived;
  await date.focus();
  freeSlots.release();
  // Listed at once; the fields wait while the user is in them.
  await expect(free.getByRole('button').first()).toHaveText('Mon 23 Nov 09:00');
  await expect(date).toHaveValue('22/11/2026');
  // From the date to the start field is still in them: nothing moves under the user.
  await page.keyboard.press('Tab');
  await expect(start).toBeFocused();
  await expect(date).toHaveValue('22/11/2026');
  await expect(start).toHaveValue('10:00');
  // Out of both without typing: the first free time is taken, and its list stays.
  await page.keyboard.press('Tab');
  await expect(date).toHaveValue('23/11/2026');
  await expect(start).toHaveValue('09:00');
  await expect(free.getByRole('button').first()).toHaveText('Mon 23 Nov 09:00');
  await dialog.getByRole('button', { name: 'Book' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Booked: Ann Adams, 23 Nov 2026 at 09:00' })).toBeVisible();
});

test('a free time clicked while the first free time waits for the user to leave the date field is the one booked', async ({
  clinic,
  page,
}) => {
  const { freeSlots, dialog, date, start, free } = await bookingWithFreeTimesHeld(clinic, page);
  await freeSlots.arrived;
  await date.focus();
  freeSlots.release();
  // Pressing a listed time while the first free time waits: the time pressed is the one taken.
  await free.getByRole('button', { name: 'Mon 23 Nov 09:30' }).click();
  await expect(date).toHaveValue('23/11/2026');
  await expect(start).toHaveValue('09:30');
  await dialog.getByRole('button', { name: 'Book' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Booked: Ann Adams, 23 Nov 2026 at 09:30' })).toBeVisible();
});

test('a long recall list draws its first rows at once and the rest on asking; printing and the CSV have every row', async ({
  clinic,
  page,
}) => {
  const db = clinic.core.db;
  db.transaction(() => {
    for (let i = 0; i < 130; i++) {
      const patientId = insertPatient(
        db,
        { ...(emptyPatient() as PatientFields), firstName: 'Pat', lastName: `Due${String(i).padStart(3, '0')}`, dob: null },
        Date.parse('2026-07-01T10:00:00Z'),
      );
      writeScheduleSummary(db, {
        patientId,
        lastTreatmentOn: '2026-07-01',
        recallOn: '2026-11-01',
        softReminderOn: '2026-10-25',
        earliestRetreatmentOn: '2026-09-29',
        reviewOn: null,
        expectedReturnOn: '2026-11-08',
        areas: ['glabella'],
        lastInjectorId: null,
        snr: false,
      });
    }
  })();
  await clinic.goto('recall');
  const rows = page.locator('[data-testid^=recall-row-]');
  await expect(rows).toHaveCount(50);
  await expect(rows.last()).toContainText('Pat Due049');
  await expect(page.getByText('Showing 50 of 130, most overdue first.')).toBeVisible();
  await page.getByRole('button', { name: 'Show 80 more' }).click();
  await expect(rows).toHaveCount(130);
  await expect(rows.last()).toContainText('Pat Due129');
  await expect(page.getByRole('button', { name: /^Show \d+ more$/ })).toHaveCount(0);

  // Another filter starts from the top again; the CSV has every row all the same.
  await page.getByLabel('Overdue only').check();
  await expect(rows).toHaveCount(50);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const csv = parseCsv(fs.readFileSync(await (await download).path(), 'utf8'));
  expect(csv).toHaveLength(131);

  // Printing draws every row first (Chromium tells the page before it lays it out for paper).
  const pdf = test.info().outputPath('recall.pdf');
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: pdf, format: 'A4' });
  const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
  expect(text).toContain('Pat Due000');
  expect(text).toContain('Pat Due129');
  await page.emulateMedia({ media: 'screen' });
});
