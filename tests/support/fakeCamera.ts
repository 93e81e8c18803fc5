import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CHROMIUM_ARGS, chromiumExecutable } from '../harness/chromium';
import { faceScene, render, seeded, type Light } from './lightScenes';

/**
 * Video files for Chromium's fake camera (--use-file-for-fake-video-capture), made from generated
 * frames: Y4M, 4:2:0, BT.601 limited range (what Chromium reads back to the same sRGB colours).
 * - 'face': a face under a chosen light with a little sensor noise, so no two frames are alike
 *   (23 frames: a prime, so the page's sampling never keeps landing on the same one).
 * - 'frozen': the same face, every frame identical: a camera whose picture has stopped.
 * - 'black': black frames: a covered lens.
 */
export type FakeCamera = 'face' | 'frozen' | 'black';

const FRAMES = 23;

function planes(rgb: Uint8Array, w: number, h: number): { y: Uint8Array; u: Uint8Array; v: Uint8Array } {
  const y = new Uint8Array(w * h);
  const u = new Uint8Array((w / 2) * (h / 2));
  const v = new Uint8Array((w / 2) * (h / 2));
  for (let i = 0; i < w * h; i++) {
    const r = rgb[i * 3]!;
    const g = rgb[i * 3 + 1]!;
    const b = rgb[i * 3 + 2]!;
    y[i] = Math.round(16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255);
  }
  for (let j = 0; j < h / 2; j++) {
    for (let k = 0; k < w / 2; k++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ] as const) {
        const i = ((2 * j + dy) * w + 2 * k + dx) * 3;
        r += rgb[i]! / 4;
        g += rgb[i + 1]! / 4;
        b += rgb[i + 2]! / 4;
      }
      u[j * (w / 2) + k] = Math.round(128 + (-37.797 * r - 74.203 * g + 112 * b) / 255);
      v[j * (w / 2) + k] = Math.round(128 + (112 * r - 93.786 * g - 18.214 * b) / 255);
    }
  }
  return { y, u, v };
}

/**
 * The path of a fake camera's video file, written once per kind, size and light into the system's
 * temp folder (atomically, since several test workers may ask at once).
 */
export function fakeCameraFile(kind: FakeCamera, opts: { width?: number; height?: number; light?: Light } = {}): string {
  const w = opts.width ?? 1280;
  const h = opts.height ?? 720;
  const light = opts.light ?? CAMERA_LIGHT;
  const dir = path.join(os.tmpdir(), 'clinic-fake-camera');
  const file = path.join(dir, `${kind}-${w}x${h}-${light.kelvin}K${light.stops.toFixed(3)}-v1.y4m`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(dir, { recursive: true });
  const header = Buffer.from(`YUV4MPEG2 W${w} H${h} F30:1 Ip A1:1 C420jpeg\n`);
  const frame = Buffer.from('FRAME\n');
  const base =
    kind === 'black'
      ? { y: new Uint8Array(w * h).fill(16), u: new Uint8Array((w * h) / 4).fill(128), v: new Uint8Array((w * h) / 4).fill(128) }
      : planes(render(faceScene(w, h, { eyes: CAMERA_EYES(w, h) }), w, h, light).data, w, h);
  const parts: Buffer[] = [header];
  const rnd = seeded(15);
  for (let f = 0; f < FRAMES; f++) {
    const y = Uint8Array.from(base.y);
    if (kind === 'face') {
      // Sensor noise of about ±2 codes: a live picture is never twice the same.
      for (let i = 0; i < y.length; i++) y[i] = Math.min(235, Math.max(16, y[i]! + Math.round((rnd() - 0.5) * 4)));
    }
    parts.push(frame, Buffer.from(y), Buffer.from(base.u), Buffer.from(base.v));
  }
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, Buffer.concat(parts));
  fs.renameSync(tmp, file);
  return file;
}

/** Where the fake camera's face has its pupils, in its own pixels. */
export const CAMERA_EYES = (w: number, h: number): [{ x: number; y: number }, { x: number; y: number }] => [
  { x: w * 0.44, y: h * 0.4 },
  { x: w * 0.56, y: h * 0.4 },
];

/** The light the fake camera's face is lit by: warmer and 2/3 stop less than REFERENCE_LIGHT. */
export const CAMERA_LIGHT: Light = { kelvin: 4300, stops: -2 / 3 };
/** The light of the baseline photos the tests import to compare with. */
export const REFERENCE_LIGHT: Light = { kelvin: 5600, stops: 0 };

/** Playwright launch options for a Chromium whose only camera plays `file`. */
export function fakeCameraLaunch(file: string) {
  const executablePath = chromiumExecutable();
  return {
    args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${file}`],
    ...(executablePath ? { executablePath } : {}),
  };
}
