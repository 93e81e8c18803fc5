import path from 'node:path';
import { test } from '../harness/fixtures';

/**
 * Not part of `npm test`: `npm run screens` also walks the jobs of issue 17 on the demo clinic
 * (reception's morning, a practitioner's session, photo review) and writes each screen at both
 * sizes to test-results/screens/walk-*, for a person to look at.
 */
const OUT = path.resolve(__dirname, '../../test-results/screens');
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];

test.use({ firstRun: true });

for (const size of SIZES) {
  test(`the jobs walked on the demo clinic at ${size.width}x${size.height}`, async ({ clinic, page }) => {
    test.setTimeout(240_000);
    await page.setViewportSize(size);
    const shot = (name: string, fullPage = false) =>
      page.screenshot({ path: path.join(OUT, `walk-${name}-${size.width}x${size.height}.png`), fullPage });
    await clinic.goto('today');
    await page.getByRole('button', { name: 'Explore with demo data' }).click();
    await page.getByText('Demo clinic', { exact: true }).waitFor({ timeout: 60_000 });
    const db = clinic.core.db;

    // Reception's morning: Today, the recall list, a call logged, a booking from the list.
    await clinic.goto('today');
    await page.getByRole('heading', { name: 'Today’s schedule' }).waitFor();
    await shot('today');
    await clinic.goto('recall');
    const firstRow = page.locator('[data-testid^=recall-row-]').first();
    await firstRow.waitFor();
    await shot('recall');
    await firstRow.getByRole('button', { name: 'Log contact' }).click();
    await shot('recall-contact');
    await firstRow.getByRole('button', { name: 'Book' }).click();
    await page.getByRole('group', { name: /Next free times/ }).waitFor();
    await shot('recall-book');
    await page.keyboard.press('Escape');
    // A caller gives their number in the international form.
    const phone = db.prepare("SELECT phone FROM patients WHERE phone LIKE '07%' LIMIT 1").pluck().get() as string;
    await page.keyboard.press('Control+k');
    await page.getByRole('combobox', { name: 'Find a patient' }).fill(`+44 ${phone.slice(1)}`);
    await page.getByRole('listbox', { name: 'Matching patients' }).getByRole('option').first().waitFor();
    await shot('quick-find');
    await page.keyboard.press('Escape');

    // The practitioner's session: a patient with several cycles, charting, the finalise summary.
    const id = db
      .prepare('SELECT patient_id FROM observations GROUP BY patient_id ORDER BY count(*) DESC, patient_id LIMIT 1')
      .pluck()
      .get() as number;
    await clinic.goto(`patients/${id}`);
    await page.getByRole('heading', { name: 'When due' }).waitFor();
    await shot('patient');
    await shot('patient-full', true);
    await page.getByRole('tab', { name: /Treatments/ }).click();
    await shot('patient-treatments');
    await page.getByRole('tab', { name: /Contacts/ }).click();
    await shot('patient-contacts');
    const snr = db.prepare('SELECT patient_id FROM patient_schedule WHERE snr = 1 LIMIT 1').pluck().get() as number | undefined;
    if (snr) {
      await clinic.goto(`patients/${snr}`);
      await page.getByRole('heading', { name: 'When due' }).waitFor();
      await shot('patient-snr');
    }
    await clinic.goto(`patients/${id}/summary`);
    await page.getByRole('article', { name: 'Patient summary' }).waitFor();
    await shot('patient-summary', true);
    await clinic.goto(`patients/${id}/treatments/new`);
    await page.getByRole('heading', { name: 'Chart a treatment' }).waitFor();
    await shot('chart');
    await shot('chart-full', true);
    for (const box of await page
      .getByRole('group', { name: /tick each/ })
      .getByRole('checkbox')
      .all())
      await box.check();
    await page.getByRole('button', { name: 'Finalise record' }).click();
    await page.getByRole('dialog', { name: 'Finalise this treatment record?' }).waitFor();
    await shot('chart-summary');
    await page.getByRole('button', { name: 'Back to the record' }).click();

    // The calendar and printouts.
    for (const view of ['day', 'week', 'month']) {
      await clinic.goto(`calendar/${view}`);
      await page.waitForTimeout(800);
      await shot(`calendar-${view}`);
    }
    await clinic.goto('calendar/sheet');
    await page.getByRole('article', { name: 'Day sheet' }).waitFor();
    await shot('day-sheet');

    // Photo review.
    const withPhotos = db.prepare('SELECT patient_id FROM photos LIMIT 1').pluck().get() as number;
    await clinic.goto(`patients/${withPhotos}/photos`);
    await page.getByTestId('photo-tile').first().waitFor();
    await shot('photos');
    await clinic.goto('photos');
    await shot('photos-home');
    await clinic.goto('settings/catalogue');
    await page.getByRole('table', { name: 'Lots' }).waitFor();
    await shot('catalogue');
    await clinic.goto('settings');
    await shot('settings');
    await page.getByRole('button', { name: 'About' }).click();
    await shot('about');
  });
}
