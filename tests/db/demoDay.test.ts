import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/db/connection';
import { generateDemoClinic } from '../../electron/demo/generateDemo';
import { tempDir } from '../support/tempDir';

describe('the demo clinic’s day', () => {
  it('looks like a real day at the demo’s "now": the morning done, someone in the chair, the afternoon still booked', () => {
    const db = openDatabase(path.join(tempDir(), 'demo.sqlite'));
    // Tuesday 24 November 2026 at 13:10 in London (UTC in winter).
    const nowMs = Date.parse('2026-11-24T13:10:00Z');
    generateDemoClinic(db, { today: '2026-11-24', nowMs, patients: 120, seed: 7 });
    const today = db
      .prepare('SELECT starts_at_ms AS s, ends_at_ms AS e, status FROM appointments WHERE starts_at_ms >= ? AND starts_at_ms < ?')
      .all(Date.parse('2026-11-24T00:00:00Z'), Date.parse('2026-11-25T00:00:00Z')) as { s: number; e: number; status: string }[];
    expect(today.length).toBeGreaterThan(10);
    const later = today.filter((a) => a.s > nowMs);
    const done = today.filter((a) => a.e <= nowMs);
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((a) => a.status === 'booked' || a.status === 'confirmed')).toBe(true);
    expect(done.every((a) => a.status === 'completed' || a.status === 'no_show')).toBe(true);
    // Only those whose appointment is under way have arrived.
    for (const a of today.filter((x) => x.status === 'arrived')) expect(a.s <= nowMs && a.e > nowMs - 30 * 60_000).toBe(true);
    db.close();
  });
});
