import type { Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { readPhotoFile } from '../../electron/photos/store';
import { expect, test, type ClinicHarness } from '../harness/fixtures';
import { seedPatient, seedPractice, seedTreatment } from '../harness/seed';
import { CAMERA_EYES, fakeCameraFile, fakeCameraLaunch, REFERENCE_LIGHT } from '../support/fakeCamera';
import { litFaceJpeg } from '../support/images';

// Chromium's only camera plays a generated face, warmer and 2/3 stop darker than REFERENCE_LIGHT.
test.use({ launchOptions: fakeCameraLaunch(fakeCameraFile('face')) });
// A live 720p picture, sampled four times a second, beside axe: slow on a busy two-core machine.
test.describe.configure({ timeout: 300_000 });

const W = 1280;
const H = 720;
const SHOTS = path.resolve(__dirname, '../../test-results/capture');

/** What the page gets when it asks for the camera itself: 'allowed', or the refusal's name. */
function askForCamera(page: Page): Promise<string> {
  return page.evaluate(async () => {
    try {
      const s = await navigator.mediaDevices.getUserMedia({ video: true });
      s.getTracks().forEach((t) => t.stop());
      return 'allowed';
    } catch (err) {
      return (err as Error).name;
    }
  });
}

/** A patient treated on 1 November with a front-at-rest baseline from an earlier cycle (14 March), its pupils marked. */
async function patientWithBaseline(clinic: ClinicHarness) {
  const practice = await seedPractice(clinic);
  const patientId = await seedPatient(clinic);
  const treatment = await seedTreatment(clinic, patientId, practice, '2026-11-01');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clinic-capture-'));
  const file = path.join(dir, 'baseline.jpg');
  fs.writeFileSync(file, await litFaceJpeg(W, H, REFERENCE_LIGHT, { eyes: CAMERA_EYES(W, H) }));
  const [staged] = clinic.core.stagePaths([file]);
  const baseline = await clinic.call('photos.import', {
    patientId,
    token: staged!.token!,
    tags: { area: 'glabella', view: 'front', expression: 'rest', phase: 'baseline', treatmentId: null },
  });
  await clinic.call('photos.setLandmarks', {
    id: baseline.id,
    landmarks: [
      { x: 0.44, y: 0.4 },
      { x: 0.56, y: 0.4 },
    ],
  });
  return { patientId, baseline, treatmentId: treatment.id };
}

test('capture with the ghost of the baseline: the light is checked, the photo stored with its tags and no metadata, the next shot proposed; the camera is refused outside the view', async ({
  clinic,
  page,
}) => {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  const { patientId, baseline, treatmentId } = await patientWithBaseline(clinic);
  await clinic.goto(`patients/${patientId}/photos`);
  await expect(page.getByRole('heading', { name: 'Photos', level: 1 })).toBeVisible();
  // Outside the capture view the main process refuses the camera.
  expect(await askForCamera(page)).toBe('NotAllowedError');

  await page.getByRole('link', { name: 'Take photos…' }).click();
  await expect(page.getByRole('heading', { name: 'Take photos', level: 1 })).toBeVisible();
  const take = page.getByRole('button', { name: /^Take photo/ });
  await expect(take).toBeEnabled({ timeout: 15_000 });
  // The protocol's first missing shot of the baseline set for the current treatment.
  await expect(take).toHaveText('Take photo: Front · At rest');
  await expect(page.getByLabel('Phase')).toHaveValue('baseline');
  await expect(page.getByLabel('Treatment')).toHaveValue(String(treatmentId));
  expect(await page.getByTestId('capture-video').evaluate((v: HTMLVideoElement) => [v.videoWidth, v.videoHeight])).toEqual([
    W,
    H,
  ]);
  expect(await askForCamera(page)).toBe('allowed');

  // The ghost is the latest baseline of this view and expression, at 40 % until the slider moves it.
  const ghost = page.getByTestId('capture-ghost');
  await expect(ghost).toHaveAttribute('src', `/photo/${baseline.id}/preview`);
  await expect(ghost).toHaveCSS('opacity', '0.4');
  await page.getByLabel(/Ghost opacity/).fill('75');
  await expect(ghost).toHaveCSS('opacity', '0.75');
  await page.getByLabel(/Ghost opacity/).fill('10');
  await expect(ghost).toHaveCSS('opacity', '0.1');
  await page.getByLabel(/Ghost opacity/).fill('40');
  // The guides sit on the baseline's marked pupils.
  await expect(page.getByText('Eye line and midline (from the marked points)')).toBeVisible();
  await expect(page.getByTestId('capture-guides').locator('line.guide-eye')).toHaveAttribute('y1', '40');
  // The live picture's light is already compared with the baseline's.
  await expect(page.getByTestId('live-light')).toContainText('darker than the baseline of 14 Mar 2026');
  const top = () => page.getByRole('heading', { name: 'Take photos', level: 1 }).scrollIntoViewIfNeeded();
  await top();
  await page.screenshot({ path: path.join(SHOTS, 'capture-live-1280.png') });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await top();
  await page.screenshot({ path: path.join(SHOTS, 'capture-live-1920.png') });

  // Grabbing and encoding a 720p frame waits its turn behind the live sampling on a busy machine.
  await take.click();
  await expect(page.getByTestId('capture-still')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('lighting-check')).toHaveText(
    /About 2\/3 stop darker than the baseline of 14 Mar 2026; warmer light\./,
  );
  await top();
  await page.screenshot({ path: path.join(SHOTS, 'capture-warning-1920.png') });
  await page.setViewportSize({ width: 1280, height: 800 });
  await top();
  await page.screenshot({ path: path.join(SHOTS, 'capture-warning-1280.png') });
  // Nothing is stored before Save.
  expect((await clinic.call('photos.library', { patientId })).photos).toHaveLength(1);
  await page.getByRole('button', { name: 'Save photo' }).click();
  await expect(page.getByTestId('capture-status')).toContainText(/Saved: Front · At rest, Baseline, Sunday,? 22 November 2026\./);
  // On to the next missing shot.
  await expect(take).toHaveText('Take photo: Front · Frown', { timeout: 15_000 });
  await expect(page.getByTestId('capture-protocol').getByRole('listitem').first()).toContainText('Taken');
  await expect(page.getByTestId('no-reference')).toContainText('No earlier photo of Front · Frown');

  const photos = (await clinic.call('photos.library', { patientId })).photos;
  const captured = photos.find((p) => p.source === 'capture')!;
  expect(captured).toMatchObject({
    view: 'front',
    expression: 'rest',
    phase: 'baseline',
    area: null,
    treatmentId,
    takenOn: '2026-11-22',
    takenOnSource: 'camera',
    format: 'jpeg',
    width: W,
    height: H,
    lightingCheck: { state: 'checked', referenceId: baseline.id, consistent: false },
  });
  const sha = clinic.core.db.prepare('SELECT sha256 FROM photos WHERE id = ?').pluck().get(captured.id) as string;
  for (const kind of ['original', 'preview', 'thumb'] as const) {
    const meta = await sharp(readPhotoFile(clinic.core.access.folder.photos!, sha, kind)).metadata();
    expect([meta.exif, meta.xmp, meta.iptc, meta.icc], kind).toEqual([undefined, undefined, undefined, undefined]);
  }

  // A shot with no earlier photo: nothing to compare the light with, said so; Take again discards it.
  await take.click();
  await expect(page.getByTestId('lighting-check')).toContainText('Nothing to compare the light with yet', { timeout: 20_000 });
  await page.getByRole('button', { name: 'Take again' }).click();
  await expect(take).toBeEnabled();
  expect((await clinic.call('photos.library', { patientId })).photos).toHaveLength(2);

  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious')).toEqual([]);

  // Leaving the view gives the camera up: the page is refused again.
  await page.getByRole('link', { name: 'Done' }).click();
  await expect(page.getByRole('heading', { name: 'Photos', level: 1 })).toBeVisible();
  await expect.poll(() => askForCamera(page)).toBe('NotAllowedError');
  expect(
    clinic.core.allowPermission({ permission: 'media', url: `${clinic.origin}/`, isMainFrame: true, mediaTypes: ['video'] }),
  ).toBe(false);
  // The timeline marks the captured photo's light as different from the baseline's.
  await expect(page.getByTestId('light-mark')).toContainText('Light differs');
});

test('the camera disconnected mid-capture, or refused by the system: a clear message, nothing stored, and Try again', async ({
  clinic,
  page,
}) => {
  const { patientId } = await patientWithBaseline(clinic);
  await clinic.goto(`patients/${patientId}/photos/capture`);
  const take = page.getByRole('button', { name: /^Take photo/ });
  await expect(take).toBeEnabled({ timeout: 15_000 });
  // Unplugged: the track stops and says it ended, as Chromium does when a device goes.
  await page.getByTestId('capture-video').evaluate((v: HTMLVideoElement) => {
    const track = (v.srcObject as MediaStream).getVideoTracks()[0]!;
    track.stop();
    track.dispatchEvent(new Event('ended'));
  });
  await expect(page.getByTestId('camera-problem')).toContainText('The camera was disconnected');
  await expect(page.getByTestId('camera-problem')).toContainText('Nothing was saved from it.');
  await expect(take).toBeDisabled();
  expect((await clinic.call('photos.library', { patientId })).photos).toHaveLength(1);
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(take).toBeEnabled({ timeout: 15_000 });

  // The operating system's camera switch is off: the app would allow it, the system does not.
  await page.getByRole('link', { name: 'Done' }).click();
  await expect(page.getByRole('heading', { name: 'Photos', level: 1 })).toBeVisible();
  clinic.systemCameraAllowed = false;
  await page.getByRole('link', { name: 'Take photos…' }).click();
  await expect(page.getByTestId('camera-problem')).toContainText('The camera is not allowed');
  await expect(page.getByTestId('camera-problem')).toContainText('System Settings → Privacy & Security → Camera');
  await expect(take).toBeDisabled();
  clinic.systemCameraAllowed = true;
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(take).toBeEnabled({ timeout: 15_000 });
  expect((await clinic.call('photos.library', { patientId })).photos).toHaveLength(1);
});
