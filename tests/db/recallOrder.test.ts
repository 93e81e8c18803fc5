import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_KDF } from '../../electron/auth/crypto';
import { buildDemoFolder } from '../../electron/demo/demoFolder';
import { openDatabase, type Db } from '../../electron/db/connection';
import { DATABASE_FILE } from '../../electron/core';
import { recallList, type RecallQuery } from '../../electron/db/scheduleRepo';
import { addDays } from '../../shared/time';
import { tempDir } from '../support/tempDir';

const TODAY = '2026-11-22';
const NOW_MS = Date.parse(`${TODAY}T10:00:00Z`);

/**
 * The recall list's order and counts worked out the plain way, as one statement that reads and
 * sorts every match: what the app's three steps must agree with.
 */
function reference(db: Db, q: RecallQuery): { ids: number[]; total: number; counts: Record<string, number> } {
  const rows = db
    .prepare(
      `SELECT d.patient_id, c.outcome, c.snoozed_until FROM patient_schedule d
       JOIN patients p ON p.id = d.patient_id
       LEFT JOIN recall_contacts c ON c.id = (
         SELECT c1.id FROM recall_contacts c1 WHERE c1.patient_id = d.patient_id AND c1.contacted_on >= d.last_treatment_on
         ORDER BY c1.at_ms DESC, c1.id DESC LIMIT 1)
       WHERE (d.recall_on BETWEEN @from AND @to OR d.soft_reminder_on BETWEEN @from AND @to)
         AND p.archived_at_ms IS NULL AND p.contact_preference <> 'do_not_contact'
         AND (@practitionerId IS NULL OR d.last_injector_id = @practitionerId)
         AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.patient_id = d.patient_id AND a.starts_at_ms >= @nowMs
           AND a.type IN ('treatment', 'touch_up') AND a.status IN ('booked', 'confirmed'))
       ORDER BY d.recall_on, p.last_name COLLATE NOCASE, p.first_name COLLATE NOCASE, d.patient_id`,
    )
    .raw()
    .all({ from: q.from, to: q.to, nowMs: q.nowMs, practitionerId: q.practitionerId }) as [
    number,
    string | null,
    string | null,
  ][];
  const status = (outcome: string | null, snoozed: string | null) =>
    outcome === null
      ? 'due'
      : outcome === 'snoozed'
        ? snoozed !== null && snoozed > q.today
          ? 'snoozed'
          : 'due'
        : ['booked', 'declined'].includes(outcome)
          ? outcome
          : 'contacted';
  const counts: Record<string, number> = { due: 0, contacted: 0, booked: 0, declined: 0, snoozed: 0 };
  for (const [, o, s] of rows) counts[status(o, s)]! += 1;
  const wanted = rows.filter(([, o, s]) => {
    const st = status(o, s);
    return q.status === 'all' || (q.status === 'open' ? st === 'due' || st === 'contacted' : st === q.status);
  });
  return { ids: wanted.slice(0, q.limit).map((r) => r[0]), total: wanted.length, counts };
}

describe('the recall list of a generated clinic', () => {
  it('sends the first rows in date-then-name order and counts every match, as one sorted statement would', async () => {
    const dir = path.join(tempDir(), 'clinic');
    const built = await buildDemoFolder(dir, {
      today: TODAY,
      nowMs: NOW_MS,
      patients: 800,
      years: 4,
      seed: 21,
      rebuild: true,
      photos: false,
      kdf: TEST_KDF,
    });
    const db = openDatabase(path.join(dir, DATABASE_FILE), built!.keys.database);
    try {
      const practitioner = db
        .prepare('SELECT last_injector_id FROM patient_schedule WHERE last_injector_id IS NOT NULL LIMIT 1')
        .pluck()
        .get() as number;
      let compared = 0;
      for (const status of ['open', 'all', 'due', 'contacted', 'booked', 'declined', 'snoozed'] as const) {
        for (const limit of [1, 7, 50, 1000]) {
          for (const practitionerId of [null, practitioner]) {
            const q: RecallQuery = {
              from: addDays(TODAY, -90),
              to: addDays(TODAY, 28),
              today: TODAY,
              nowMs: NOW_MS,
              practitionerId,
              area: null,
              overdueOnly: false,
              status,
              limit,
              timeZone: 'Europe/London',
            };
            const got = recallList(db, q);
            const want = reference(db, q);
            expect(
              got.rows.map((r) => r.patientId),
              `${status} ${limit} ${practitionerId}`,
            ).toEqual(want.ids);
            expect(got.total).toBe(want.total);
            expect(got.counts).toEqual(want.counts);
            compared += want.ids.length;
          }
        }
      }
      // The clinic is large enough for the order to matter: many patients share a recall date.
      expect(compared).toBeGreaterThan(500);
      const sameDay = db
        .prepare('SELECT max(n) FROM (SELECT count(*) AS n FROM patient_schedule GROUP BY recall_on)')
        .pluck()
        .get() as number;
      expect(sameDay).toBeGreaterThan(2);
    } finally {
      db.close();
    }
  }, 120_000);
});
