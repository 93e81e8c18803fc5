// The figures `npm run bench` measures on an open clinic, each through the real dispatcher as the
// screens call it. Kept apart from scripts/bench.ts so the smoke test in `npm test`
// (tests/db/benchSmoke.test.ts) runs the very same code on a small clinic.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { ClinicCore } from '../electron/core';
import { insertAppointment } from '../electron/db/appointmentsRepo';
import { patientTextChanged } from '../electron/db/patientSearch';
import type { Sender } from '../electron/dispatch';
import { evaluateRules } from '../electron/rules';
import { loadRulesContext } from '../electron/scheduling/context';
import { rulesRequestFor } from '../electron/scheduling/patientSchedule';
import type { InputOf, MethodName, OutputOf } from '../shared/contract';
import { addDays, zonedToEpochMs } from '../shared/time';

export interface Clinic {
  core: ClinicCore;
  page: Sender;
  today: string;
}

export async function call<M extends MethodName>(c: Clinic, method: M, input: InputOf<M>): Promise<OutputOf<M>> {
  const r = await c.core.dispatch(c.page, method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as OutputOf<M>;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export function percentile(xs: readonly number[], f: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(f * s.length))]!;
}

/** Runs `fn` once to warm the statement and page caches (as a running app has them), then `runs` times. */
export async function timed(runs: number, fn: () => unknown): Promise<number[]> {
  await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  return ms;
}

/** A word with one typo: a letter dropped, or two neighbours swapped. */
function typo(word: string, i: number): string {
  const at = 1 + (i % Math.max(1, word.length - 2));
  return i % 2 === 0 ? word.slice(0, at) + word.slice(at + 1) : word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
}

/**
 * What a front desk types, `count` searches in all: one to three letters of a surname as it is
 * typed, a whole name, a name with a typo, and a phone number's end, middle, as saved, and in the
 * two international forms (+44 and 0044 for a clinic in the United Kingdom).
 */
export function searchQueries(c: Clinic, count = 200): string[] {
  const kinds = 10;
  const people = Math.ceil(count / kinds);
  const total = c.core.db.prepare("SELECT count(*) FROM patients WHERE phone <> ''").pluck().get() as number;
  const step = Math.max(1, Math.floor(total / people));
  const sample = c.core.db
    .prepare(
      `SELECT first_name, last_name, phone FROM (
         SELECT first_name, last_name, phone, row_number() OVER (ORDER BY id) AS n FROM patients WHERE phone <> ''
       ) WHERE n % ? = 1 LIMIT ?`,
    )
    .all(step, people) as { first_name: string; last_name: string; phone: string }[];
  const queries: string[] = [];
  sample.forEach((p, i) => {
    const digits = p.phone.replace(/\D/g, '');
    const national = digits.replace(/^0/, '');
    queries.push(
      p.last_name.slice(0, 1),
      p.last_name.slice(0, 2),
      p.last_name.slice(0, 3),
      `${p.first_name} ${p.last_name}`,
      typo(p.last_name.toLowerCase(), i),
      digits.slice(-6),
      `${digits.slice(1, 5)} ${digits.slice(5, 8)}`,
      p.phone,
      `+44 ${national}`,
      `0044${national}`,
    );
  });
  return queries.slice(0, count);
}

/**
 * Patient search, and beside it the anchor a developer would otherwise write: a plain
 * `LIKE '%…%'` scan over the same patients, run directly on the connection (no dispatcher,
 * no envelope, so the anchor is if anything flattered). Each query three times after a warm-up.
 */
export async function searchFigures(c: Clinic, count = 200, opts: { anchor?: boolean } = {}) {
  const anchor = opts.anchor ?? true;
  const queries = searchQueries(c, count);
  const ours = async (text: string) =>
    (await call(c, 'patients.list', { text, sort: 'name', includeArchived: false })).patients.length;
  const like = c.core.db.prepare(
    `SELECT p.id, p.first_name, p.last_name, p.dob, p.phone FROM patients p
      WHERE p.archived_at_ms IS NULL AND (p.first_name || ' ' || p.last_name LIKE @q OR p.phone LIKE @q)
      ORDER BY p.last_name COLLATE NOCASE, p.first_name COLLATE NOCASE, p.id LIMIT 200`,
  );
  for (const q of queries) {
    await ours(q);
    if (anchor) like.all({ q: `%${q}%` });
  }
  const oursMs: number[] = [];
  const likeMs: number[] = [];
  let found = 0;
  for (let round = 0; round < 3; round++) {
    for (const q of queries) {
      let t = performance.now();
      found += (await ours(q)) > 0 ? 1 : 0;
      oursMs.push(performance.now() - t);
      if (!anchor) continue;
      t = performance.now();
      like.all({ q: `%${q}%` });
      likeMs.push(performance.now() - t);
    }
  }
  // The answers of one- to three-letter searches are kept until a patient changes (patientSearch.ts),
  // so the rounds above time kept answers for those. Here each is timed as the first after a change.
  const firstShortMs: number[] = [];
  for (const q of queries.filter((text) => /^\p{L}{1,3}$/u.test(text))) {
    patientTextChanged(c.core.db);
    const t = performance.now();
    await ours(q);
    firstShortMs.push(performance.now() - t);
  }
  return {
    queries: queries.length,
    p95: percentile(oursMs, 0.95),
    likeP95: anchor ? percentile(likeMs, 0.95) : null,
    foundPct: Math.round((100 * found) / oursMs.length),
    firstShortP95: percentile(firstShortMs, 0.95),
  };
}

/** The patient whose number of treatments is nearest `n` (the most treated when none reaches it). */
export function patientWithTreatments(c: Clinic, n = 40): { id: number; treatments: number } {
  const row = c.core.db
    .prepare(
      `SELECT patient_id AS id, count(*) AS treatments FROM treatments
        WHERE superseded_by IS NULL AND status = 'final'
        GROUP BY patient_id ORDER BY abs(count(*) - ?), count(*) DESC, patient_id LIMIT 1`,
    )
    .get(n) as { id: number; treatments: number } | undefined;
  if (!row) throw new Error('The clinic has no treatments to bench.');
  return row;
}

/** Everything the patient page asks for when it opens on a patient (PatientPage.tsx), one after another. */
export async function patientPageMs(c: Clinic, patientId: number, runs = 15): Promise<number> {
  return median(
    await timed(runs, async () => {
      await call(c, 'patients.get', { id: patientId });
      await call(c, 'consents.list', { patientId });
      await call(c, 'schedule.get', { patientId });
      await call(c, 'treatments.list', { patientId });
      await call(c, 'catalogue.get', {});
      await call(c, 'recall.contacts', { patientId });
    }),
  );
}

/** The recall list's default view (the last 90 days to four weeks ahead, still to contact). */
export async function recallListMs(c: Clinic, runs = 15): Promise<{ ms: number; total: number }> {
  let total = 0;
  const ms = await timed(runs, async () => {
    const r = await call(c, 'recall.list', {
      from: addDays(c.today, -90),
      to: addDays(c.today, 28),
      practitionerId: null,
      area: null,
      overdueOnly: false,
      status: 'open',
    });
    total = r.total;
  });
  return { ms: median(ms), total };
}

/**
 * A week of 500 appointments asked for as the calendar asks (`appointments.range`, every
 * practitioner). The week after today is filled up to 500 inside a savepoint that is rolled back.
 */
export async function calendarWeekMs(c: Clinic, runs = 15): Promise<{ ms: number; appointments: number }> {
  const db = c.core.db;
  const monday = addDays(c.today, (8 - new Date(`${c.today}T12:00:00Z`).getUTCDay()) % 7 || 7);
  const sunday = addDays(monday, 6);
  const zone = 'Europe/London';
  const from = zonedToEpochMs(monday, '00:00', zone)!;
  const to = zonedToEpochMs(addDays(sunday, 1), '00:00', zone)!;
  const practitioners = db.prepare("SELECT id FROM staff WHERE role = 'practitioner' AND active = 1").pluck().all() as number[];
  const patients = db.prepare('SELECT id FROM patients ORDER BY id LIMIT 400').pluck().all() as number[];
  db.exec('SAVEPOINT bench_week');
  try {
    const have = db
      .prepare('SELECT count(*) FROM appointments WHERE starts_at_ms >= ? AND starts_at_ms < ?')
      .pluck()
      .get(from, to) as number;
    for (let i = have; i < 500; i++) {
      const day = addDays(monday, i % 7);
      const slot = Math.floor(i / 7) % 22;
      const startsAtMs = zonedToEpochMs(
        day,
        `${String(8 + Math.floor(slot / 2)).padStart(2, '0')}:${slot % 2 ? '30' : '00'}`,
        zone,
      )!;
      insertAppointment(
        db,
        {
          patientId: patients[i % patients.length]!,
          practitionerId: practitioners[i % practitioners.length]!,
          type: i % 3 ? 'treatment' : 'consultation',
          startsAtMs,
          endsAtMs: startsAtMs + 30 * 60_000,
          status: 'booked',
        },
        Date.now(),
      );
    }
    let appointments = 0;
    const ms = await timed(runs, async () => {
      appointments = (await call(c, 'appointments.range', { from: monday, to: sunday, practitionerId: null })).length;
    });
    return { ms: median(ms), appointments };
  } finally {
    db.exec('ROLLBACK TO bench_week');
    db.exec('RELEASE bench_week');
  }
}

/** The rules engine alone on one patient's history (RULES.md), in microseconds per evaluation. */
export function rulesPerPatientUs(c: Clinic, patientId: number, runs = 2000): number {
  const ctx = loadRulesContext(c.core.db);
  const req = rulesRequestFor(c.core.db, ctx, patientId, c.today);
  if (!req) throw new Error(`No patient ${patientId}`);
  for (let i = 0; i < 50; i++) evaluateRules(req);
  const t = performance.now();
  for (let i = 0; i < runs; i++) evaluateRules(req);
  return ((performance.now() - t) * 1000) / runs;
}

/**
 * The JavaScript the window loads before it can draw anything: the entry script and whatever it
 * preloads (later chunks are loaded on demand), gzipped, in KiB. Reads the built renderer.
 */
export function initialJsGzipKb(dir = path.resolve('build', 'renderer')): number {
  const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  const files = [
    ...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
  ].map((m) => m[1]!);
  if (files.length === 0) throw new Error(`No script in ${dir}/index.html: run npm run build first.`);
  const bytes = files.reduce((sum, f) => sum + zlib.gzipSync(fs.readFileSync(path.join(dir, f))).length, 0);
  return bytes / 1024;
}
