// The benchmark's quick smoke run: the very functions `npm run bench` times, run once on a small
// generated clinic, so a change that breaks the bench fails `npm test` instead of the next bench.
// No time is asserted here (speed goals live in the bench); what is asserted is that each figure
// is measured on what it claims to measure.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { TEST_KDF } from '../../electron/auth/crypto';
import { fixedClock } from '../../electron/clock';
import { createClinicCore } from '../../electron/core';
import { buildDemoFolder } from '../../electron/demo/demoFolder';
import {
  calendarWeekMs,
  call,
  initialJsGzipKb,
  patientPageMs,
  patientWithTreatments,
  recallListMs,
  rulesPerPatientUs,
  searchFigures,
  searchQueries,
  type Clinic,
} from '../../scripts/benchFigures';
import { meetsGoal } from '../../scripts/benchResults';
import { tempDir } from '../support/tempDir';

const TODAY = '2026-11-22';

async function smallClinic(): Promise<Clinic> {
  const dir = path.join(tempDir(), 'clinic');
  await buildDemoFolder(dir, {
    today: TODAY,
    nowMs: Date.parse(`${TODAY}T10:00:00Z`),
    patients: 300,
    years: 10,
    seed: 18,
    rebuild: true,
    photos: false,
    kdf: TEST_KDF,
  });
  const core = createClinicCore({
    dataDir: dir,
    trustedOrigin: 'app://clinic',
    clock: fixedClock(`${TODAY}T10:00:00Z`),
    systemTimeZone: 'Europe/London',
    kdf: TEST_KDF,
  });
  const clinic = { core, page: { url: 'app://clinic/index.html', isMainFrame: true }, today: TODAY };
  await call(clinic, 'auth.exploreDemo', {});
  return clinic;
}

describe('the benchmark, run small', () => {
  it('measures search, the patient page, the recall list, a full calendar week and the rules on a real clinic', async () => {
    const clinic = await smallClinic();
    try {
      // 200 searches of every kind the front desk types, most of which find someone.
      const queries = searchQueries(clinic, 200);
      expect(queries).toHaveLength(200);
      expect(queries.some((q) => q.startsWith('+44 '))).toBe(true);
      expect(queries.some((q) => q.startsWith('0044'))).toBe(true);
      expect(queries.filter((q) => /^\p{L}$/u.test(q)).length).toBeGreaterThanOrEqual(20);
      const search = await searchFigures(clinic, 40);
      expect(search.queries).toBe(40);
      expect(search.foundPct).toBeGreaterThan(80);
      expect(search.p95).toBeGreaterThan(0);
      expect(search.likeP95).toBeGreaterThan(0);
      expect(search.firstShortP95).toBeGreaterThan(0);

      const patient = patientWithTreatments(clinic, 40);
      const most = clinic.core.db
        .prepare(
          "SELECT max(c) FROM (SELECT count(*) AS c FROM treatments WHERE superseded_by IS NULL AND status = 'final' GROUP BY patient_id)",
        )
        .pluck()
        .get() as number;
      expect(patient.treatments).toBe(Math.min(40, most));
      expect(await patientPageMs(clinic, patient.id, 2)).toBeGreaterThan(0);
      await expect(patientPageMs(clinic, 999_999, 1)).rejects.toThrow(/patients.get/);

      const recall = await recallListMs(clinic, 2);
      expect(recall.total).toBeGreaterThan(0);

      // The week is filled to 500 for the measure, then put back as it was.
      const before = clinic.core.db.prepare('SELECT count(*) FROM appointments').pluck().get();
      const week = await calendarWeekMs(clinic, 2);
      expect(week.appointments).toBeGreaterThanOrEqual(500);
      expect(clinic.core.db.prepare('SELECT count(*) FROM appointments').pluck().get()).toBe(before);

      expect(rulesPerPatientUs(clinic, patient.id, 20)).toBeGreaterThan(0);
    } finally {
      clinic.core.close();
    }
  });

  it('counts the entry script and what it preloads, gzipped, and says so when nothing is built', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'assets'));
    const entry = Buffer.from('export const a = 1;\n'.repeat(2000));
    const chunk = Buffer.from('export const b = 2;\n'.repeat(500));
    const lazy = Buffer.from('export const c = 3;\n'.repeat(9000));
    fs.writeFileSync(path.join(dir, 'assets', 'index.js'), entry);
    fs.writeFileSync(path.join(dir, 'assets', 'vendor.js'), chunk);
    fs.writeFileSync(path.join(dir, 'assets', 'photos.js'), lazy);
    fs.writeFileSync(
      path.join(dir, 'index.html'),
      '<script type="module" crossorigin src="./assets/index.js"></script>\n' +
        '<link rel="modulepreload" crossorigin href="./assets/vendor.js">\n',
    );
    const expected = (zlib.gzipSync(entry).length + zlib.gzipSync(chunk).length) / 1024;
    expect(initialJsGzipKb(dir)).toBeCloseTo(expected, 6);
    fs.writeFileSync(path.join(dir, 'index.html'), '<div id="root"></div>');
    expect(() => initialJsGzipKb(dir)).toThrow(/npm run build/);
  });

  it('reads a goal as a ceiling unless the figure says higher is better', () => {
    expect(meetsGoal({ name: 'a', value: 9, unit: 'ms', goal: 10 })).toBe(true);
    expect(meetsGoal({ name: 'a', value: 11, unit: 'ms', goal: 10 })).toBe(false);
    expect(meetsGoal({ name: 'b', value: 11, unit: 'x', goal: 10, better: 'higher' })).toBe(true);
    expect(meetsGoal({ name: 'b', value: 9, unit: 'x', goal: 10, better: 'higher' })).toBe(false);
    expect(meetsGoal({ name: 'c', value: 1e9, unit: 'ms', goal: null })).toBe(true);
  });
});
