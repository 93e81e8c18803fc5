import path from 'node:path';
import { addDays } from '../../shared/time';
import type { PhotoExpression, PhotoPhase } from '../../shared/photos';
import { openDatabase } from '../db/connection';
import { demoPhotoCandidates } from '../db/demoRepo';
import { insertComparison, insertPhoto, setPhotoLandmarks } from '../db/photosRepo';
import { measureLighting } from '../photos/lighting';
import { preparePhoto } from '../photos/pipeline';
import { storePhoto, type PhotoStore } from '../photos/store';
import { DATABASE_FILE } from '../auth/convert';
import { drawnFace } from './demoFaces';

const TONES = ['#e6bfa3', '#d9a887', '#f0cfb5', '#b98566', '#8d5a3f', '#e9c2a0'];
const SHOTS: { phase: PhotoPhase; expression: PhotoExpression; after: number }[] = [
  { phase: 'baseline', expression: 'rest', after: 0 },
  { phase: 'baseline', expression: 'frown', after: 0 },
  { phase: 'review', expression: 'rest', after: 14 },
  { phase: 'review', expression: 'frown', after: 14 },
];

/**
 * Gives a few demo patients drawn before/after photos of their latest glabella treatment
 * (baseline on the day, review two weeks later, with the frown lines gone), landmarks on
 * the pupils and a saved comparison, through the same pipeline and store as an import.
 * Deterministic: the same clinic gets the same pictures.
 */
export async function addDemoPhotos(
  dir: string,
  opts: { today: string; nowMs: number; patients?: number; keys: { database: Buffer }; store: PhotoStore },
): Promise<number> {
  const db = openDatabase(path.join(dir, DATABASE_FILE), opts.keys.database);
  let count = 0;
  try {
    const candidates = demoPhotoCandidates(db, addDays(opts.today, -14), opts.patients ?? 6);
    for (const [n, c] of candidates.entries()) {
      const w = 1200;
      const h = 1500;
      // Drawing and preparing run on sharp's thread pool, the four shots of a patient at once;
      // the rows are then written in order, so the clinic comes out the same every time.
      const made = await Promise.all(
        SHOTS.map(async (shot, s) => {
          // The camera is never quite where it was: each shot sits a little differently.
          const shift = ((n * 7 + s * 13) % 9) - 4;
          const eyes: [{ x: number; y: number }, { x: number; y: number }] = [
            { x: 450 + shift * 6, y: 620 + shift * 4 },
            { x: 750 + shift * 5, y: 620 - shift * 3 + (s % 2) * 8 },
          ];
          const day = addDays(c.on, shot.after);
          const bytes = await drawnFace(w, h, {
            eyes,
            frown: shot.phase === 'baseline' && shot.expression === 'frown',
            tone: TONES[n % TONES.length]!,
            takenOn: `${day.replaceAll('-', ':')} 10:${String(10 + s).padStart(2, '0')}:00`,
          });
          const photo = await preparePhoto(bytes, `demo-${c.patientId}-${s + 1}.jpg`);
          return { shot, s, eyes, day, photo, lighting: await measureLighting(photo.preview) };
        }),
      );
      const ids: number[] = [];
      for (const { shot, s, eyes, day, photo, lighting } of made) {
        storePhoto(opts.store, photo);
        const id = insertPhoto(db, {
          patientId: c.patientId,
          sha256: photo.sha256,
          originalName: `IMG_${String(4000 + n * 10 + s)}.JPG`,
          format: photo.format,
          width: photo.width,
          height: photo.height,
          bytes: photo.original.length,
          takenOn: photo.takenOn ?? day,
          takenOnSource: 'camera',
          tags: { area: 'glabella', view: 'front', expression: shot.expression, phase: shot.phase, treatmentId: c.treatmentId },
          importedAtMs: opts.nowMs,
          importedBy: 'Demo data',
          source: 'import',
          lighting,
        });
        setPhotoLandmarks(db, id, [
          { x: eyes[0].x / w, y: eyes[0].y / h },
          { x: eyes[1].x / w, y: eyes[1].y / h },
        ]);
        ids.push(id);
        count++;
      }
      insertComparison(db, {
        patientId: c.patientId,
        name: 'Frown lines: baseline and two-week review',
        view: { photoIds: [ids[1]!, ids[3]!], layout: 'pair', mode: 'side', aligned: true, mix: 0.5 },
        atMs: opts.nowMs,
        by: 'Demo data',
      });
    }
  } finally {
    db.close();
  }
  return count;
}
