import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from '../harness/fixtures';
import { seedPatient, seedPractice, seedTreatment } from '../harness/seed';
import { drawnFace } from '../../electron/demo/demoFaces';

/** `npm run screens`: the photo library, the comparison modes and an exported composite, at both sizes. */
const OUT = path.resolve(__dirname, '../../test-results/screens');
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];

for (const size of SIZES) {
  test(`photo screens at ${size.width}x${size.height}`, async ({ clinic, page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize(size);
    const shot = (name: string) => page.screenshot({ path: path.join(OUT, `${name}-${size.width}x${size.height}.png`) });
    const practice = await seedPractice(clinic);
    const pid = await seedPatient(clinic);
    await seedTreatment(clinic, pid, practice, '2026-03-14');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'photo-screens-'));
    const faces = [
      [
        'baseline-front.jpg',
        1600,
        2000,
        [
          { x: 640, y: 820 },
          { x: 960, y: 820 },
        ],
        true,
        '2026:03:14 09:40:00',
      ],
      [
        'review-front.jpg',
        2000,
        1600,
        [
          { x: 860, y: 640 },
          { x: 1200, y: 700 },
        ],
        false,
        '2026:04:01 11:05:00',
      ],
      [
        'baseline-frown.jpg',
        1600,
        2000,
        [
          { x: 650, y: 800 },
          { x: 950, y: 810 },
        ],
        true,
        '2026:03:14 09:41:00',
      ],
      [
        'review-frown.jpg',
        1600,
        2000,
        [
          { x: 600, y: 860 },
          { x: 980, y: 830 },
        ],
        false,
        '2026:04:01 11:06:00',
      ],
    ] as const;
    const files = [];
    for (const [name, w, h, eyes, frown, taken] of faces) {
      const f = path.join(dir, name);
      fs.writeFileSync(f, await drawnFace(w, h, { eyes: [eyes[0], eyes[1]], frown, takenOn: taken }));
      files.push(f);
    }
    await clinic.goto(`patients/${pid}/photos`);
    await page.getByLabel('Area').first().selectOption({ label: 'Frown lines (glabella)' });
    await page.getByLabel('View').first().selectOption({ label: 'Front' });
    await page.getByTestId('photo-files').setInputFiles(files);
    await page.getByText('4 imported.').waitFor();
    await page.waitForFunction(() =>
      [...document.querySelectorAll('.photo-tile img')].every((i) => (i as HTMLImageElement).complete),
    );
    await shot('photos-library');
    await page
      .getByRole('button', { name: /Open .*1 April 2026/ })
      .first()
      .click();
    await page.locator('.photo-editor-preview').waitFor();
    await shot('photos-editor');
    await page.getByRole('button', { name: 'Close' }).click();
    const lib = await clinic.call('photos.library', { patientId: pid });
    const byName = (n: string) => lib.photos.find((p) => p.originalName === n)!;
    for (const [name, w, h, eyes] of faces) {
      await clinic.call('photos.setLandmarks', {
        id: byName(name).id,
        landmarks: [
          { x: eyes[0].x / w, y: eyes[0].y / h },
          { x: eyes[1].x / w, y: eyes[1].y / h },
        ],
      });
    }
    const pair = `${byName('baseline-front.jpg').id},${byName('review-front.jpg').id}`;
    await clinic.goto(`patients/${pid}/photos/compare/${pair}`);
    await page.locator('[data-ready="true"]').waitFor();
    await shot('compare-side');
    await page.getByRole('checkbox', { name: 'Align on marked points' }).check();
    await shot('compare-aligned');
    await page.getByText('Slider', { exact: true }).click();
    await page.locator('[data-ready="true"]').waitFor();
    await page.getByLabel('Slider position').fill('45');
    await shot('compare-slider');
    await page.getByText('Overlay', { exact: true }).click();
    await page.locator('[data-ready="true"]').waitFor();
    await shot('compare-overlay');
    await page.getByText('Side by side', { exact: true }).click();
    await page.getByRole('button', { name: 'Mark points again' }).click();
    await page.getByTestId('marker-image').waitFor();
    await shot('compare-marking');
    await page.getByRole('button', { name: 'Stop marking' }).click();
    await page.getByLabel('As').selectOption('png');
    await page.getByRole('button', { name: 'Export…' }).click();
    await page.getByText(/Exported to/).waitFor();
    const grid = ['baseline-front.jpg', 'review-front.jpg', 'baseline-frown.jpg', 'review-frown.jpg'].map((n) => byName(n).id);
    await clinic.goto(`patients/${pid}/photos/compare/${grid.join(',')}`);
    await page.locator('[data-ready="true"]').waitFor();
    await page.getByRole('checkbox', { name: 'Align on marked points' }).check();
    await shot('compare-grid');
    // What Print gives: the comparison in the print layout, once the main process has checked the consent.
    await page.getByRole('button', { name: 'Print for this use' }).click();
    await shot('compare-export-or-print');
    await page.emulateMedia({ media: 'print' });
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    await page.pdf({ path: path.join(OUT, `compare-print-${size.width}.pdf`), printBackground: true });
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    await page.emulateMedia({ media: 'screen' });
    for (const f of fs.readdirSync(path.join(clinic.dataDir, 'exports'))) {
      fs.copyFileSync(path.join(clinic.dataDir, 'exports', f), path.join(OUT, `export-${size.width}-${f}`));
    }
    await clinic.goto('photos');
    await page.getByText('Recently imported').waitFor();
    await shot('photos-home');
  });
}
