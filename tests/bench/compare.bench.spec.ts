import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '../harness/fixtures';
import { seedPatient } from '../harness/seed';
import { drawnFace } from '../../electron/demo/demoFaces';

/**
 * The comparison's speed goal: opening a comparison shows its previews within 500 ms.
 * Timed inside the page from the address change until every preview is decoded and a
 * frame has been painted, each time with photos the browser has not loaded before. The
 * photos are 24-megapixel camera-sized files, so the previews are full 2048-pixel copies.
 */
const GOAL_MS = 500;

test('opening a comparison of 24-megapixel photos', async ({ clinic, page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  const patientId = await seedPatient(clinic);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-compare-'));
  const files: string[] = [];
  for (let i = 0; i < 12; i++) {
    const file = path.join(dir, `face-${i}.jpg`);
    const eyes = [
      { x: 2400 + i * 20, y: 2500 },
      { x: 3600 + i * 20, y: 2540 - i * 10 },
    ] as [{ x: number; y: number }, { x: number; y: number }];
    fs.writeFileSync(
      file,
      await drawnFace(4000, 6000, { eyes, frown: i % 2 === 0, takenOn: `2026:0${1 + (i % 9)}:1${i % 9} 10:00:00` }),
    );
    files.push(file);
  }
  for (const s of clinic.core.stagePaths(files)) {
    const photo = await clinic.call('photos.import', {
      patientId,
      token: s.token!,
      tags: { area: null, view: 'front', expression: 'rest', phase: null, treatmentId: null },
    });
    await clinic.call('photos.setLandmarks', {
      id: photo.id,
      landmarks: [
        { x: 0.6, y: 0.42 },
        { x: 0.9, y: 0.42 },
      ],
    });
  }
  const ids = (await clinic.call('photos.library', { patientId })).photos.map((p) => p.id);
  await clinic.goto(`patients/${patientId}/photos`);
  await expect(page.getByTestId('photo-tile')).toHaveCount(12);

  const open = (hash: string) =>
    page.evaluate(async (h) => {
      const t0 = performance.now();
      window.location.hash = h;
      const frame = () => new Promise((r) => requestAnimationFrame(r));
      let view = document.querySelector<HTMLElement>('[data-testid=compare-view]');
      while (view?.dataset.ready !== 'true') {
        await frame();
        view = document.querySelector<HTMLElement>('[data-testid=compare-view]');
      }
      const imgs = [...view.querySelectorAll<HTMLImageElement>('img')];
      await Promise.all(imgs.map((i) => i.decode()));
      await frame();
      return { ms: performance.now() - t0, shown: imgs.filter((i) => i.naturalWidth >= 1300).length };
    }, hash);

  const runs = [
    { name: 'pair, side by side', hash: `#/patients/${patientId}/photos/compare/${ids[0]},${ids[1]}`, photos: 2 },
    { name: '2 × 2 grid', hash: `#/patients/${patientId}/photos/compare/${ids.slice(2, 6).join(',')}`, photos: 4 },
    { name: 'pair, another two', hash: `#/patients/${patientId}/photos/compare/${ids[6]},${ids[7]}`, photos: 2 },
    { name: '2 × 2 grid, another four', hash: `#/patients/${patientId}/photos/compare/${ids.slice(8, 12).join(',')}`, photos: 4 },
  ];
  console.log('\ncomparison in Chromium: previews of 24-megapixel photos, first opening');
  let slow = 0;
  for (const r of runs) {
    await clinic.goto(`patients/${patientId}/photos`);
    await expect(page.getByTestId('photo-tile')).toHaveCount(12);
    const { ms, shown } = await open(r.hash);
    expect(shown).toBe(r.photos);
    if (ms > GOAL_MS) slow++;
    console.log(`${r.name.padEnd(26)} ${ms.toFixed(1).padStart(6)} ms  <${GOAL_MS} ms ${ms > GOAL_MS ? 'SLOW' : 'ok'}`);
  }
  expect(slow, 'comparisons over their goal').toBe(0);

  // Moving the picture: a drag and wheel zoom on every frame for two seconds, timed by the
  // page's own frame clock. Transforms only, so frames keep to the display's rhythm.
  await clinic.goto(`patients/${patientId}/photos/compare/${ids.slice(0, 4).join(',')}`);
  await expect(page.getByTestId('compare-view')).toHaveAttribute('data-ready', 'true');
  const frames = await page.evaluate(async () => {
    const panes = document.querySelector<HTMLElement>('[data-testid=compare-panes]')!;
    const pane = panes.querySelector<HTMLElement>('.compare-pane')!;
    const r = pane.getBoundingClientRect();
    const imgs = [...panes.querySelectorAll('img')];
    let mutations = 0;
    const watch = new MutationObserver((list) => {
      mutations += list.filter((m) => m.type === 'childList').length;
    });
    watch.observe(panes, { childList: true, subtree: true });
    const at = { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    panes.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, clientX: at.x, clientY: at.y, pointerId: 7 }));
    const stamps: number[] = [];
    await new Promise<void>((done) => {
      const step = (t: number) => {
        stamps.push(t);
        const i = stamps.length;
        if (i % 2 === 0) {
          pane.dispatchEvent(
            new WheelEvent('wheel', { bubbles: true, cancelable: true, deltaY: i < 60 ? -30 : 30, clientX: at.x, clientY: at.y }),
          );
        } else {
          at.x += Math.sin(i / 10) * 6;
          at.y += Math.cos(i / 10) * 4;
          panes.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, clientX: at.x, clientY: at.y, pointerId: 7 }));
        }
        if (i < 120) requestAnimationFrame(step);
        else done();
      };
      requestAnimationFrame(step);
    });
    panes.dispatchEvent(new PointerEvent('pointerup', { bubbles: true, pointerId: 7 }));
    watch.disconnect();
    const gaps = stamps.slice(1).map((t, i) => t - stamps[i]!);
    gaps.sort((a, b) => a - b);
    const transforms = [...panes.querySelectorAll<HTMLElement>('.compare-stage')].map((s) => s.style.transform);
    return {
      median: gaps[Math.floor(gaps.length / 2)]!,
      p95: gaps[Math.floor(gaps.length * 0.95)]!,
      mutations,
      sameImages: imgs.every((img) => img.isConnected),
      moved: transforms.every((t) => t === transforms[0]) && transforms[0] !== '',
    };
  });
  console.log(
    `pan and zoom, 2 × 2 grid: frame interval median ${frames.median.toFixed(1)} ms, 95th percentile ${frames.p95.toFixed(1)} ms (60 fps is 16.7 ms); ${frames.mutations} DOM insertions or removals`,
  );
  expect(frames.moved).toBe(true);
  expect(frames.sameImages).toBe(true);
  expect(frames.mutations).toBe(0);
  expect(frames.median, 'median frame interval').toBeLessThan(20);
});
