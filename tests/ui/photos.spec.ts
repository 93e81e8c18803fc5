import type { Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { expect, test, type ClinicHarness } from '../harness/fixtures';
import { seedPatient, seedPractice, seedTreatment } from '../harness/seed';
import { facePhoto } from '../support/images';

const HEIC = path.resolve(__dirname, '../fixtures/photos/iphone.heic');

/** Eyes of the two test faces, in their own pixels: the second is bigger, turned and moved. */
const BEFORE = {
  w: 800,
  h: 1000,
  eyes: [
    { x: 300, y: 400 },
    { x: 500, y: 400 },
  ] as const,
};
const AFTER = {
  w: 1000,
  h: 800,
  eyes: [
    { x: 420, y: 300 },
    { x: 600, y: 380 },
  ] as const,
};

async function photoFiles(): Promise<{ dir: string; files: Record<string, string> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clinic-photos-'));
  const write = (name: string, bytes: Buffer) => {
    fs.writeFileSync(path.join(dir, name), bytes);
    return path.join(dir, name);
  };
  const before = await facePhoto(BEFORE.w, BEFORE.h, [...BEFORE.eyes], '2026:03:14 09:30:00');
  return {
    dir,
    files: {
      before: write('before.jpg', before),
      after: write('after.jpg', await facePhoto(AFTER.w, AFTER.h, [...AFTER.eyes], '2026:04:01 10:00:00')),
      heic: write('IMG_4410.HEIC', fs.readFileSync(HEIC)),
      notes: write('notes.jpg', Buffer.from('not a photo\n'.repeat(50))),
      truncated: write('cut-short.jpg', before.subarray(0, Math.floor(before.length / 3))),
    },
  };
}

async function setUp(clinic: ClinicHarness) {
  const practice = await seedPractice(clinic);
  const patientId = await seedPatient(clinic);
  await seedTreatment(clinic, patientId, practice, '2026-03-14');
  return patientId;
}

test('import with progress and per-file messages, tag, compare, align on marked points, save and export', async ({
  clinic,
  page,
}) => {
  test.setTimeout(60_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  const patientId = await setUp(clinic);
  const { files } = await photoFiles();
  await clinic.goto(`patients/${patientId}`);
  await page.getByRole('main').getByRole('link', { name: 'Photos' }).click();
  await expect(page.getByRole('heading', { name: 'Photos', level: 1 })).toBeVisible();
  // Spoken in this patient's terms: she has been treated already, so no talk of a first treatment.
  await expect(page.getByTestId('photos-empty')).toHaveText(
    'No photos yet for Ann Okafor: 1 treatment on record, the latest on 14 Mar 2026. Import today’s photos, or earlier ones with their dates.',
  );
  await expect(page.getByTestId('protocol')).not.toContainText('first treatment');
  // The treatment a photo belongs to is chosen by its date and product, not a code.
  await expect(page.getByLabel('Treatment').first().locator('option')).toHaveText(['—', '14 Mar 2026 · Botox Cosmetic']);

  // Tags for the whole import, then five files: two faces, an iPhone HEIC and two bad files.
  await page.getByLabel('View').first().selectOption({ label: 'Front' });
  await page.getByLabel('Expression').first().selectOption({ label: 'At rest' });
  await page.getByTestId('photo-files').setInputFiles(Object.values(files));
  // Five files, a HEIC among them decoded in WebAssembly: on a busy machine this outlasts 5 s (CI saw it).
  await expect(page.getByRole('status').filter({ hasText: 'imported' })).toHaveText('3 imported, 2 not imported.', {
    timeout: 30_000,
  });
  const outcomes = page.getByTestId('import-outcomes');
  await expect(outcomes).toContainText('before.jpg imported, taken 14 Mar 2026');
  await expect(outcomes).toContainText('IMG_4410.HEIC imported, taken 14 Mar 2026');
  await expect(outcomes).toContainText('notes.jpg this is not an image the app can read');
  await expect(outcomes).toContainText('cut-short.jpg the image is damaged or incomplete and cannot be read');
  await expect(page.getByTestId('photo-tile')).toHaveCount(3);
  // Every thumbnail arrives by id over the app's own route.
  const thumbs = await page
    .locator('.photo-tile img')
    .evaluateAll((imgs) => imgs.map((i) => ({ src: (i as HTMLImageElement).src, w: (i as HTMLImageElement).naturalWidth })));
  for (const t of thumbs) expect(t.src).toMatch(/\/photo\/\d+\/thumb$/);

  // The same file again is refused by name.
  await page.getByTestId('photo-files').setInputFiles([files.before!]);
  await expect(outcomes).toContainText('before.jpg already in this patient’s photos');

  // Tag the later photo as the review.
  await page.getByRole('button', { name: /Open Front · At rest, Wednesday,? 1 April 2026/ }).click();
  await page.getByLabel('Phase').last().selectOption({ label: 'Review' });
  // "Save and next photo" goes on through the timeline, for tagging a set in one go.
  await page.getByRole('button', { name: 'Save and next photo' }).click();
  await expect(page.getByRole('dialog').getByRole('heading', { name: /^Saturday,? 14 March 2026$/ })).toBeVisible();
  await expect(page.getByTestId('photo-tile').filter({ hasText: 'Review' })).toHaveCount(1);
  await page.getByLabel('Phase').last().selectOption({ label: 'Baseline' });
  await page.getByRole('button', { name: 'Save tags' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
  await page.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('protocol')).toContainText('Review 1 taken · missing 6');
  await expect(page.getByTestId('protocol')).toContainText('Baseline 1 taken · missing 6');

  // Pick the two faces and compare.
  await page.getByTestId('photo-tile').filter({ hasText: 'Review' }).getByRole('checkbox').check();
  // 14 March has the face and the iPhone photo: pick the face by its shape (4:5).
  // The day is found by its heading: a later photo's light mark can name 14 March too.
  const march = page
    .locator('.photo-day')
    .filter({ has: page.getByRole('heading', { name: /14 March 2026/ }) })
    .getByTestId('photo-tile');
  expect(await march.count()).toBe(2);
  const shapes = await march
    .locator('img')
    .evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth / (i as HTMLImageElement).naturalHeight));
  await march
    .nth(shapes.findIndex((r) => Math.abs(r - 0.8) < 0.01))
    .getByRole('checkbox')
    .check();
  await page.getByRole('link', { name: 'Compare side by side' }).click();
  await expect(page.getByTestId('compare-view')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('compare-pane')).toHaveCount(2);

  // Mark the pupils on each photo by clicking where they are.
  await page.getByRole('button', { name: 'Mark points…' }).click();
  const boxes = new Map<typeof BEFORE | typeof AFTER, { x: number; y: number; width: number; height: number }>();
  for (const face of [BEFORE, AFTER]) {
    // The marker shows the photos in the comparison's order: the oldest first. Both 14 Mar photos
    // could be first; read which one this is from its size.
    const img = page.getByTestId('marker-image');
    await expect(img).toBeVisible();
    await expect.poll(() => img.evaluate((i) => (i as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    const natural = await img.evaluate((i) => (i as HTMLImageElement).naturalWidth / (i as HTMLImageElement).naturalHeight);
    const f = Math.abs(natural - BEFORE.w / BEFORE.h) < 0.01 ? BEFORE : AFTER;
    expect(f).toBe(face);
    // Both points are clicked where the photo was before the first click: nothing on the page may move in between.
    const box = (await img.boundingBox())!;
    boxes.set(face, box);
    for (const eye of f.eyes) {
      await page.mouse.click(box.x + (eye.x / f.w) * box.width, box.y + (eye.y / f.h) * box.height);
    }
  }
  await expect(page.getByRole('checkbox', { name: 'Align on marked points' })).toBeChecked();
  // Each point is stored within 2 px (on the screen) of where it was clicked.
  const library = await clinic.call('photos.library', { patientId });
  for (const f of [BEFORE, AFTER]) {
    const photo = library.photos.find((p) => p.landmarks !== null && Math.abs(p.width / p.height - f.w / f.h) < 0.01)!;
    const box = boxes.get(f)!;
    f.eyes.forEach((eye, i) => {
      expect(Math.abs(photo.landmarks![i]!.x - eye.x / f.w) * box.width).toBeLessThanOrEqual(2);
      expect(Math.abs(photo.landmarks![i]!.y - eye.y / f.h) * box.height).toBeLessThanOrEqual(2);
    });
  }
  await expect(page.getByTestId('compare-view')).toHaveAttribute('data-ready', 'true');

  // Aligned: the second photo's pupils sit where the first photo's sit, pane for pane (within a pixel or two).
  const dots = async () =>
    page.locator('.compare-pane').evaluateAll((panes) =>
      panes.map((pane) => {
        const r = pane.getBoundingClientRect();
        return Array.from(pane.querySelectorAll('.lm-dot')).map((d) => {
          const b = d.getBoundingClientRect();
          return { x: b.x + b.width / 2 - r.x, y: b.y + b.height / 2 - r.y };
        });
      }),
    );
  const [first, second] = await dots();
  expect(first).toHaveLength(2);
  for (let i = 0; i < 2; i++) {
    expect(Math.abs(first![i]!.x - second![i]!.x)).toBeLessThan(2);
    expect(Math.abs(first![i]!.y - second![i]!.y)).toBeLessThan(2);
  }

  // Zoom with the wheel and the keyboard: both panes move together, by transforms only.
  const pane = page.getByTestId('compare-pane').first();
  const pb = (await pane.boundingBox())!;
  await page.mouse.move(pb.x + pb.width / 2, pb.y + pb.height / 3);
  await page.mouse.wheel(0, -400);
  await page.getByTestId('compare-panes').focus();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('+');
  await expect
    .poll(() => page.locator('.compare-stage').evaluateAll((s) => s.map((e) => (e as HTMLElement).style.transform)))
    .toEqual([expect.stringMatching(/scale\((?!1\))/), expect.anything()]);
  const transforms = await page.locator('.compare-stage').evaluateAll((s) => s.map((e) => (e as HTMLElement).style.transform));
  expect(transforms[0]).toBe(transforms[1]);
  // Still aligned when zoomed in.
  const [z1, z2] = await dots();
  expect(Math.abs(z1![0]!.x - z2![0]!.x)).toBeLessThan(3);

  // Slider and overlay: one pane, the top photo cut or faded.
  await page.getByText('Slider', { exact: true }).click();
  await expect(page.getByTestId('compare-pane')).toHaveCount(1);
  await page.getByLabel('Slider position').fill('30');
  await expect
    .poll(() => page.locator('.compare-top').evaluate((e) => (e as HTMLElement).style.clipPath))
    .toBe('inset(0px 0px 0px 30%)');
  await page.getByText('Overlay', { exact: true }).click();
  await page.getByLabel('Opacity of the top photo').fill('40');
  await expect.poll(() => page.locator('.compare-top').evaluate((e) => (e as HTMLElement).style.opacity)).toBe('0.4');
  await page.getByRole('button', { name: 'Swap' }).click();
  await expect(page.locator('.compare-captions-two')).toContainText(/Underneath · Wednesday,? 1 April 2026/);
  await page.getByText('Side by side', { exact: true }).click();

  // Save it; it is listed with the patient's photos.
  await page.getByLabel('Name').fill('Glabella, review at 18 days');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('compare-message')).toHaveText('Saved “Glabella, review at 18 days”.');

  // Export: the clinical record is covered by the consent; marketing is not.
  await page.getByLabel('For').selectOption({ label: 'Marketing' });
  await page.getByRole('button', { name: 'Export…' }).click();
  await expect(page.getByTestId('compare-message')).toHaveText(
    /Export refused: the patient’s consent .* allows “Clinical record only”, which does not cover marketing\./,
  );
  await page.getByLabel('For').selectOption({ label: 'The clinical record' });
  await page.getByLabel('As').selectOption({ label: 'PNG picture' });
  await page.getByRole('button', { name: 'Export…' }).click();
  await expect(page.getByTestId('compare-message')).toHaveText(/Exported to .*comparison-2026-04-01-vs-2026-03-14\.png/);
  const exported = path.join(clinic.dataDir, 'exports', 'comparison-2026-04-01-vs-2026-03-14.png');
  const meta = await sharp(exported).metadata();
  expect([meta.format, meta.exif, meta.xmp]).toEqual(['png', undefined, undefined]);
  expect(meta.width).toBe(24 * 2 + 900 * 2 + 16);

  await page.getByRole('main').getByRole('link', { name: 'Photos' }).click();
  await expect(page.getByRole('link', { name: 'Glabella, review at 18 days' })).toBeVisible();
  await page.getByRole('link', { name: 'Glabella, review at 18 days' }).click();
  await expect(page.getByTestId('compare-view')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByRole('checkbox', { name: 'Align on marked points' })).toBeChecked();

  // Removing a saved comparison asks first; the photos stay.
  await page.getByRole('main').getByRole('link', { name: 'Photos' }).click();
  await page.getByRole('button', { name: 'Remove Glabella, review at 18 days…' }).click();
  await page.getByRole('group', { name: 'Remove Glabella, review at 18 days?' }).getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByRole('link', { name: 'Glabella, review at 18 days' })).toHaveCount(0);
  await expect(page.getByTestId('photo-tile')).toHaveCount(3);
});

test('photos come by id only; traversal and originals get nothing; delete keeps the record', async ({ clinic, page }) => {
  const patientId = await setUp(clinic);
  const { files, dir } = await photoFiles();
  await clinic.goto(`patients/${patientId}/photos`);
  await page.getByTestId('photo-files').setInputFiles([files.before!]);
  await expect(page.getByTestId('photo-tile')).toHaveCount(1);
  const id = (await clinic.call('photos.library', { patientId })).photos[0]!.id;
  const statuses = await page.evaluate(async (pid) => {
    const paths = [
      `/photo/${pid}/thumb`,
      `/photo/${pid}/original`,
      `/photo/${pid}/%2e%2e/%2e%2e/clinic.sqlite`,
      `/photo/${pid}/..%2F..%2Fclinic%2Fclinic.sqlite`,
      `/photo/%2e%2e%2fclinic.sqlite`,
      '/photo/999/preview',
    ];
    return Promise.all(paths.map(async (p) => [p, (await fetch(p)).status, (await fetch(p)).headers.get('content-type')]));
  }, id);
  expect(statuses.map(([, s]) => s)).toEqual([200, 404, 404, 404, 404, 404]);
  expect(statuses[0]![2]).toBe('image/jpeg');

  // An empty folder gets its own message.
  const empty = path.join(dir, 'empty');
  fs.mkdirSync(empty);
  await page.getByTestId('photo-folder').setInputFiles(empty);
  await expect(page.getByTestId('import-outcomes')).toContainText('The folder has no files in it.');

  // Drag-and-drop: a file dropped on the panel is imported like a chosen one.
  const bytes = fs.readFileSync(files.after!).toString('base64');
  const transfer = await page.evaluateHandle((b64) => {
    const dt = new DataTransfer();
    const raw = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    dt.items.add(new File([raw], 'dropped.jpg', { type: 'image/jpeg' }));
    return dt;
  }, bytes);
  await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer: transfer });
  await expect(page.getByTestId('photo-tile')).toHaveCount(2);

  // Delete: asks for a reason, then the photo leaves the library and its address answers nothing.
  await page.getByRole('button', { name: /Open .*14 March 2026/ }).click();
  await page.getByRole('button', { name: 'Delete photo…' }).click();
  await expect(page.getByRole('button', { name: 'Delete photo', exact: true })).toBeDisabled();
  await page.getByLabel('Reason').fill('Duplicate taken in poor light');
  await page.getByRole('button', { name: 'Delete photo', exact: true }).click();
  await expect(page.getByTestId('photo-tile')).toHaveCount(1);
  expect(await page.evaluate(async (pid) => (await fetch(`/photo/${pid}/thumb`)).status, id)).toBe(404);
  const row = clinic.core.db.prepare('SELECT delete_reason FROM photos WHERE id = ?').pluck().get(id);
  expect(row).toBe('Duplicate taken in poor light');

  // The Photos section: the latest import, and a patient found by name.
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Photos' }).click();
  await expect(page.getByRole('region', { name: 'Recently imported' }).locator('img')).toHaveCount(1);
  await page.getByLabel('Find a patient by name, phone or email').fill('oka');
  await page.getByTestId('photo-patient-results').getByRole('link', { name: 'Ann Okafor' }).click();
  await expect(page.getByRole('heading', { name: 'Photos', level: 1 })).toBeVisible();
  await expect(page.getByTestId('photo-tile')).toHaveCount(1);
});

test('cancel stops the import between files; points can be marked from the keyboard; axe finds no serious problems', async ({
  clinic,
  page,
}) => {
  // Several full-page axe scans: each takes seconds on a busy two-core machine.
  test.setTimeout(90_000);
  const patientId = await setUp(clinic);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clinic-cancel-'));
  const many: string[] = [];
  for (let i = 0; i < 12; i++) {
    const f = path.join(dir, `series-${i}.jpg`);
    fs.writeFileSync(
      f,
      await facePhoto(
        3000,
        3750,
        [
          { x: 1100 + i, y: 1500 },
          { x: 1900, y: 1500 },
        ],
        `2026:03:${String(i + 1).padStart(2, '0')} 10:00:00`,
      ),
    );
    many.push(f);
  }
  await clinic.goto(`patients/${patientId}/photos`);
  await page.getByTestId('photo-files').setInputFiles(many);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Import cancelled.' })).toBeVisible();
  const lines = page.getByTestId('import-outcomes').locator('li');
  await expect(lines).toHaveCount(12);
  const cancelled = await lines.filter({ hasText: 'not imported: the import was cancelled' }).count();
  expect(cancelled).toBeGreaterThan(0);
  // What was imported is whole and listed; nothing half-stored for the rest.
  const imported = 12 - cancelled;
  await expect(page.getByTestId('photo-tile')).toHaveCount(imported);
  expect((await clinic.call('photos.library', { patientId })).photos).toHaveLength(imported);

  // Two photos to compare, points placed with the arrow keys and Enter.
  const { files } = await photoFiles();
  await page.getByTestId('photo-files').setInputFiles([files.before!, files.after!]);
  await expect(page.getByTestId('photo-tile')).toHaveCount(imported + 2);
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  const lib = await clinic.call('photos.library', { patientId });
  const ids = lib.photos.filter((p) => p.originalName === 'before.jpg' || p.originalName === 'after.jpg').map((p) => p.id);
  await page.getByRole('button', { name: /Open photo, Wednesday,? 1 April 2026/ }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  const dialogScan = await new AxeBuilder({ page }).analyze();
  expect(dialogScan.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  // The Photos section lists the latest imports as links to each patient's photos: every one is named
  // (axe had only ever seen this screen empty, so an unnamed picture link went unnoticed).
  await clinic.goto('photos');
  await expect(page.getByRole('link', { name: /Ann Okafor’s photos \(photo taken 1 Apr 2026\)/ })).toBeVisible();
  const homeScan = await new AxeBuilder({ page }).analyze();
  expect(homeScan.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

  await clinic.goto(`patients/${patientId}/photos/compare/${ids.join(',')}`);
  await expect(page.getByTestId('compare-view')).toHaveAttribute('data-ready', 'true');
  const compareScan = await new AxeBuilder({ page }).analyze();
  expect(compareScan.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await page.getByRole('button', { name: 'Mark points…' }).click();
  for (let photo = 0; photo < 2; photo++) {
    const frame = page.getByRole('application');
    await frame.focus();
    // The cross starts at the middle, 40% down; move it and place two points apart.
    await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('marker-instruction')).toContainText('left pupil');
    for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Enter');
  }
  await expect(page.getByRole('checkbox', { name: 'Align on marked points' })).toBeChecked();
  const marked = (await clinic.call('photos.library', { patientId })).photos.filter((p) => ids.includes(p.id));
  for (const p of marked) {
    expect(p.landmarks![0].x).toBeCloseTo(0.48, 3);
    expect(p.landmarks![1].x).toBeCloseTo(0.56, 3);
    expect(p.landmarks![0].y).toBeCloseTo(0.4, 3);
  }
});

async function importPair(clinic: Parameters<typeof seedPatient>[0], patientId: number): Promise<number[]> {
  const { files } = await photoFiles();
  const ids: number[] = [];
  for (const s of clinic.core.stagePaths([files.before!, files.after!])) {
    ids.push(
      (
        await clinic.call('photos.import', {
          patientId,
          token: s.token!,
          tags: { area: null, view: null, expression: null, phase: null, treatmentId: null },
        })
      ).id,
    );
  }
  return ids;
}

/** The page as Chromium would print it now, its text and how many pictures are on it. */
async function printed(page: Page, file: string) {
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: file });
  await page.emulateMedia({ media: 'screen' });
  return {
    text: execFileSync('pdftotext', [file, '-']).toString(),
    pictures: execFileSync('pdfimages', ['-list', file]).toString().trim().split('\n').length - 2, // less the header lines
  };
}

test('without a photo-use consent a comparison is neither printed nor exported: the main process refuses both', async ({
  clinic,
  page,
}) => {
  const patientId = await seedPatient(clinic, { firstName: 'Noor', lastName: 'Haddad' }, null);
  const ids = await importPair(clinic, patientId);
  await clinic.goto(`patients/${patientId}/photos/compare/${ids.join(',')}`);
  await expect(page.getByTestId('compare-view')).toHaveAttribute('data-ready', 'true');
  await page.getByRole('button', { name: 'Print', exact: true }).click();
  await expect(page.getByTestId('compare-message')).toHaveText(
    'Not printed. Print refused: this patient has no photo-use consent in force. Record a signed consent that covers the clinical record first.',
  );
  // Printing started another way (the system's shortcut) gives a page with the notice and no photo.
  const sheet = await printed(page, path.join(clinic.dataDir, 'print.pdf'));
  expect(sheet.text).toContain('Not printed: a comparison is printed with its Print button');
  expect(sheet.pictures).toBe(0);
  await page.getByRole('button', { name: 'Export…' }).click();
  await expect(page.getByTestId('compare-message')).toContainText(
    'Export refused: this patient has no photo-use consent in force.',
  );
  // The page's own check is not what stops it: asked directly, the main process refuses with its code.
  const direct = await clinic.core.dispatch({ url: `${clinic.origin}/`, isMainFrame: true }, 'photos.print', {
    photoIds: ids,
    purpose: 'clinical',
  });
  expect(direct).toMatchObject({ ok: false, error: { code: 'NOT_PERMITTED' } });
});

test('a consent for the clinical record prints the comparison for the record, not for marketing, and each print is audited', async ({
  clinic,
  page,
}) => {
  const patientId = await seedPatient(clinic, { firstName: 'Ines', lastName: 'Carvalho' }, '2026-01-10');
  const ids = await importPair(clinic, patientId);
  await clinic.goto(`patients/${patientId}/photos/compare/${ids.join(',')}`);
  await expect(page.getByTestId('compare-view')).toHaveAttribute('data-ready', 'true');
  await page.getByLabel('For').selectOption('marketing');
  await page.getByRole('button', { name: 'Print for this use' }).click();
  await expect(page.getByTestId('compare-message')).toContainText('Print refused: the patient’s consent');
  const prints = () => page.evaluate(() => (window as unknown as { __prints?: number }).__prints ?? 0);
  expect(await prints()).toBe(0);
  expect((await printed(page, path.join(clinic.dataDir, 'refused.pdf'))).pictures).toBe(0);

  await page.getByLabel('For').selectOption('clinical');
  await page.getByRole('button', { name: 'Print for this use' }).click();
  await expect(page.getByTestId('compare-message')).toHaveCount(0);
  expect(await prints()).toBe(1);
  const sheet = await printed(page, path.join(clinic.dataDir, 'granted.pdf'));
  expect(sheet.text).toContain('Ines Carvalho');
  expect(sheet.text).not.toContain('Not printed');
  expect(sheet.pictures).toBeGreaterThanOrEqual(2);
  const audited = clinic.core.db
    .prepare("SELECT entity, patient_id AS patientId, after_json AS after FROM audit_log WHERE action = 'print'")
    .all();
  expect(audited).toEqual([{ entity: 'comparison', patientId, after: JSON.stringify({ photoIds: ids, purpose: 'clinical' }) }]);
});
