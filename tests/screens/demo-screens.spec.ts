import path from 'node:path';
import { test } from '../harness/fixtures';

/**
 * Not part of `npm test`: `npm run screens` writes screenshots of the screens filled with
 * the demo clinic, at both target sizes, to test-results/screens for a person to look at.
 */
const OUT = path.resolve(__dirname, '../../test-results/screens');
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];

test.use({ firstRun: true });

for (const size of SIZES) {
  test(`demo clinic screens at ${size.width}x${size.height}`, async ({ clinic, page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize(size);
    const shot = (name: string, fullPage = false) =>
      page.screenshot({ path: path.join(OUT, `demo-${name}-${size.width}x${size.height}.png`), fullPage });
    await clinic.goto('today');
    await page.getByRole('button', { name: 'Explore with demo data' }).waitFor();
    await shot('first-run');
    await page.getByRole('button', { name: 'Explore with demo data' }).click();
    await page.getByText('Demo clinic', { exact: true }).waitFor();
    await clinic.goto('patients');
    await page.getByText('300 patients').waitFor();
    await shot('patients');
    // A patient with several cycles and observations.
    const id = clinic.core.db
      .prepare('SELECT patient_id FROM observations GROUP BY patient_id ORDER BY count(*) DESC, patient_id LIMIT 1')
      .pluck()
      .get() as number;
    await clinic.goto(`patients/${id}`);
    await page.getByRole('heading', { name: 'When due' }).waitFor();
    await shot('patient');
    await shot('patient-full', true);
    const snr = clinic.core.db.prepare('SELECT patient_id FROM patient_schedule WHERE snr = 1 LIMIT 1').pluck().get() as
      number | undefined;
    if (snr) {
      await clinic.goto(`patients/${snr}`);
      await page.getByRole('heading', { name: 'When due' }).waitFor();
      await shot('patient-snr');
    }
    await clinic.goto(`patients/${id}/treatments/new`);
    await page.getByRole('heading', { name: 'Chart a treatment' }).waitFor();
    await shot('chart');
    await shot('chart-full', true);
    await clinic.goto('recall');
    await page.getByRole('table', { name: 'Recall list' }).waitFor();
    await page.locator('[data-testid^=recall-row-]').first().waitFor();
    await shot('recall');
    await clinic.goto('settings/catalogue');
    await page.getByRole('table', { name: 'Lots' }).waitFor();
    await shot('catalogue');
    await clinic.goto('settings/team');
    await page.getByRole('table', { name: 'Team' }).waitFor();
    await shot('team');
    const lot = clinic.core.db
      .prepare("SELECT lot_number FROM treatments WHERE lot_number <> '' GROUP BY lot_number ORDER BY count(*) DESC LIMIT 1")
      .pluck()
      .get() as string;
    await clinic.goto(`patients/lot-recall/${lot}`);
    await page.getByRole('table', { name: 'Patients treated from this lot' }).waitFor();
    await shot('lot-recall');
    await clinic.goto('today');
    await page.getByRole('heading', { name: 'Today’s schedule' }).waitFor();
    await shot('today');
    for (const view of ['day', 'week', 'month', 'agenda']) {
      await clinic.goto(`calendar/${view}/2026-11-24`);
      await page.locator('.rbc-event, .lean-event, .lean-chip, .lean-agenda').first().waitFor();
      await shot(`calendar-${view}`);
    }
    await page.getByRole('button', { name: 'New booking' }).click();
    const dialog = page.getByRole('dialog', { name: 'New booking' });
    await dialog.getByLabel('Patient').fill('smi');
    await dialog.getByRole('listbox', { name: 'Matching patients' }).getByRole('option').first().click();
    await dialog.getByLabel('Type').selectOption('treatment');
    await dialog.getByLabel('Start').fill('16:30');
    await dialog
      .getByRole('list', { name: 'Booking check' })
      .or(dialog.getByRole('group', { name: 'Suggested dates' }))
      .first()
      .waitFor();
    await shot('booking');
    // A day the clinic is closed: said under the date as it is typed.
    await dialog.getByLabel('Date', { exact: true }).fill('29/11/2026');
    await dialog.locator('#booking-date-error').waitFor();
    await shot('booking-closed');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await clinic.goto('calendar/day/2026-11-24');
    await page.locator('.rbc-event').first().click();
    await page.getByRole('complementary', { name: /^Appointment:/ }).waitFor();
    await shot('calendar-selected');
    await clinic.goto('calendar/sheet/2026-11-24/1');
    await page.getByRole('article', { name: 'Day sheet' }).waitFor();
    await shot('day-sheet', true);
    await page.pdf({ path: path.join(OUT, `demo-day-sheet-${size.width}.pdf`), preferCSSPageSize: true, printBackground: true });
    await clinic.goto('settings/calendar');
    await page.getByRole('heading', { name: 'Appointment lengths' }).waitFor();
    await shot('settings-calendar');
    await clinic.goto('patients/import');
    await page.getByLabel('CSV file').setInputFiles({
      name: 'old-system.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'Forename,Surname,DOB,Mobile,Email\nJane,Doe,03/04/1980,07111 222333,jane@example.com\nBad,Date,31/02/1990,,\nNo,,1990-01-01,,\n',
      ),
    });
    await page.getByRole('table', { name: 'Import preview' }).waitFor();
    await shot('import');
    const recent = await clinic.call('photos.recent', {});
    const withPhotos = recent[0]!.patientId;
    await clinic.goto(`patients/${withPhotos}/photos`);
    await page.getByTestId('photo-tile').first().waitFor();
    await page.waitForFunction(() =>
      [...document.querySelectorAll('.photo-tile img')].every((i) => (i as HTMLImageElement).complete),
    );
    await shot('photos');
    await page.getByRole('link', { name: 'Frown lines: baseline and two-week review' }).click();
    await page.locator('[data-ready="true"]').waitFor();
    await shot('photos-compare');
  });
}
