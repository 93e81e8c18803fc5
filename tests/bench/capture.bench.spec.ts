import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { readPhotoFile } from '../../electron/photos/store';
import { measureLighting } from '../../electron/photos/lighting';
import { printResults, recordResults, type BenchResult } from '../../scripts/benchResults';
import { expect, test } from '../harness/fixtures';
import { seedPatient } from '../harness/seed';
import { CAMERA_EYES, CAMERA_LIGHT, fakeCameraFile, fakeCameraLaunch, REFERENCE_LIGHT } from '../support/fakeCamera';
import { litFaceJpeg } from '../support/images';

/**
 * The speed goals of issue 15, measured in Chromium with a fake 720p camera:
 * - capture_to_stored_ms: from pressing Take photo to the photo stored (the frame encoded, sent,
 *   cleaned, its copies made and written encrypted), without the person's pause before Save;
 * - lighting_check_ms: the main process measuring one stored photo's light (goal 100 ms);
 * - match_lighting_ms: Match lighting applied on screen to a 2048-pixel preview (goal 200 ms): from
 *   the decoded preview to the frame that shows it matched (data-match-ms); the time from asking
 *   for the preview (fetch and decode too) is printed beside it;
 * - capture_frame_ms: the interval between painted frames of the capture view with the ghost of the
 *   earlier photo shown over the live picture (30 fps or better is 33 ms or less); the interval
 *   between the camera's frames as presented (requestVideoFrameCallback) is printed beside it.
 *
 * Playwright's trace is off here: its recorder takes a screenshot of every frame, which in a
 * headless, software-rendered Chromium holds a page showing video to 4–10 frames a second (measured:
 * 167–250 ms between frames with it, 16.7 ms without, ghost or none). That is the test's recorder,
 * not the app.
 */
test.use({ launchOptions: fakeCameraLaunch(fakeCameraFile('face')), trace: 'off' });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

test('capture, lighting check and match lighting', async ({ clinic, page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  const patientId = await seedPatient(clinic);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-capture-'));
  // Two camera-sized photos (3072 × 2048, so their previews are 2048 pixels wide) in two lights.
  const files = [
    ['a.jpg', REFERENCE_LIGHT, '2026:03:14 10:00:00'],
    ['b.jpg', CAMERA_LIGHT, '2026:05:14 10:00:00'],
  ] as const;
  for (const [name, light, takenOn] of files) {
    fs.writeFileSync(path.join(dir, name), await litFaceJpeg(3072, 2048, light, { eyes: CAMERA_EYES(3072, 2048), takenOn }));
  }
  const ids: number[] = [];
  for (const s of clinic.core.stagePaths(files.map(([n]) => path.join(dir, n)))) {
    const photo = await clinic.call('photos.import', {
      patientId,
      token: s.token!,
      tags: { area: null, view: 'front', expression: 'rest', phase: ids.length === 0 ? 'baseline' : 'review', treatmentId: null },
    });
    ids.push(photo.id);
  }

  // The light of a stored photo, measured as at import and capture, ten times.
  const store = clinic.core.access.folder.photos!;
  const sha = clinic.core.db.prepare('SELECT sha256 FROM photos WHERE id = ?').pluck().get(ids[1]) as string;
  const preview = readPhotoFile(store, sha, 'preview');
  const checks: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    await measureLighting(preview);
    checks.push(performance.now() - t0);
  }

  // Match lighting on screen, five openings, each drawing a new canvas (a saved view can open with
  // Match lighting already on: it is turned off first, so the canvas measured is never an earlier one).
  const matches: number[] = [];
  const totals: number[] = [];
  const box = page.getByLabel('Match lighting');
  const canvas = page.getByTestId('matched-photo');
  for (let i = 0; i < 5; i++) {
    await clinic.goto(`patients/${patientId}/photos`);
    await expect(page.getByTestId('photo-tile')).toHaveCount(2);
    await clinic.goto(`patients/${patientId}/photos/compare/${ids[0]},${ids[1]}`);
    await expect(box).toBeVisible();
    if (await box.isChecked()) await box.uncheck();
    await expect(canvas).toHaveCount(0);
    await box.check();
    await expect(canvas).toHaveAttribute('data-match-ms', /\d/);
    expect(await canvas.evaluate((c: HTMLCanvasElement) => Math.max(c.width, c.height))).toBe(2048);
    matches.push(Number(await canvas.getAttribute('data-match-ms')));
    totals.push(Number(await canvas.getAttribute('data-match-total-ms')));
  }

  // Capture: four shots, each taken and saved.
  await clinic.goto(`patients/${patientId}/photos/capture`);
  const take = page.getByRole('button', { name: /^Take photo/ });
  await expect(take).toBeEnabled({ timeout: 30_000 });
  // The proposed shot (Front · Frown) has no earlier photo: the frames are measured on Front · At
  // rest, whose baseline is shown as the ghost.
  await page.getByRole('button', { name: 'Front · At rest' }).click();
  await expect(page.getByTestId('capture-ghost')).toBeVisible();
  await expect(page.getByTestId('capture-ghost')).toHaveJSProperty('complete', true);
  const videoFrame = await page.evaluate(async () => {
    const v = document.querySelector<HTMLVideoElement>('[data-testid=capture-video]')!;
    const stamps: number[] = [];
    await new Promise<void>((done) => {
      const step = (t: number) => {
        stamps.push(t);
        if (stamps.length < 60) v.requestVideoFrameCallback(step);
        else done();
      };
      v.requestVideoFrameCallback(step);
    });
    const gaps = stamps.slice(1).map((t, i) => t - stamps[i]!);
    return gaps.sort((a, b) => a - b)[Math.floor(gaps.length / 2)]!;
  });
  const frame = await page.evaluate(async () => {
    const stamps: number[] = [];
    await new Promise<void>((done) => {
      const step = (t: number) => {
        stamps.push(t);
        if (stamps.length < 90) requestAnimationFrame(step);
        else done();
      };
      requestAnimationFrame(step);
    });
    const gaps = stamps.slice(1).map((t, i) => t - stamps[i]!);
    return gaps.sort((a, b) => a - b)[Math.floor(gaps.length / 2)]!;
  });
  await page.getByRole('button', { name: 'Front · Frown' }).click();
  console.log(
    `match lighting ${matches.join(', ')} ms (from asking for the preview: ${totals.join(', ')} ms); ` +
      `capture frame interval ${frame.toFixed(1)} ms, camera frames presented every ${videoFrame.toFixed(1)} ms`,
  );
  const captures: number[] = [];
  const status = page.getByTestId('capture-status');
  while (captures.length < 4) {
    await expect(take).toBeEnabled({ timeout: 30_000 });
    await take.click();
    await page.getByRole('button', { name: 'Save photo' }).click();
    await expect(status).toContainText(/Saved:|already in this patient/);
    if (/already in this patient/.test((await status.textContent()) ?? '')) {
      // The fake camera loops 23 frames: a shot can land on the very frame an earlier one stored
      // (the same bytes are refused as a duplicate). Not a capture to time: take another.
      await page.getByRole('button', { name: 'Take again' }).click();
      continue;
    }
    captures.push(Number(await status.getAttribute('data-capture-to-stored-ms')));
    await page.getByRole('button', { name: /^Take photo/ }).waitFor();
  }

  const results: BenchResult[] = [
    { name: 'capture_to_stored_ms', value: median(captures), unit: 'ms', goal: null },
    { name: 'lighting_check_ms', value: median(checks), unit: 'ms', goal: 100 },
    { name: 'match_lighting_ms', value: median(matches), unit: 'ms', goal: 200 },
    { name: 'capture_frame_ms', value: frame, unit: 'ms', goal: 34 },
  ];
  printResults('capture and lighting in Chromium (fake 720p camera; 2048-pixel previews)', results);
  recordResults(results);
  expect(median(checks)).toBeLessThan(100);
  expect(median(matches)).toBeLessThan(200);
});
