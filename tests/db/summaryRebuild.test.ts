import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../electron/core';
import { openDatabase, type Db } from '../../electron/db/connection';
import { ruleObservationsIn } from '../../electron/db/observationsRepo';
import { ruleFactsOfPatientsIn } from '../../electron/db/patientsRepo';
import { readRuleSettings, writeRuleSettings } from '../../electron/db/ruleSettingsRepo';
import { insertTreatment, ruleTreatmentsIn } from '../../electron/db/treatmentsRepo';
import { loadRulesContext } from '../../electron/scheduling/context';
import {
  rebuildScheduleSummaries,
  refreshAllScheduleSummaries,
  refreshScheduleSummary,
} from '../../electron/scheduling/patientSchedule';
import { chart, fullTreatment, testClinic, type TestClinic } from '../support/core';

const TODAY = '2026-11-22';

/** Six treated patients (three with two areas, one with an amended record, one with a draft, one with a draft changed then finalised), each with a summary. */
async function clinic(): Promise<{ c: TestClinic; patients: number[]; sarah: number; lotId: number }> {
  const c = await testClinic(`${TODAY}T10:00:00Z`);
  const sarah = await c.injector();
  const lotId = await c.lot();
  const patients: number[] = [];
  for (let i = 0; i < 6; i++) {
    const id = await c.patient({ firstName: `P${i}` });
    await c.consent(id);
    patients.push(id);
    await chart(c, fullTreatment(id, sarah, lotId, `2026-0${1 + i}-10`));
    if (i % 2 === 0) {
      // The last is charted against the alphabet: the range read must keep the charted order.
      const areas = [
        { area: 'forehead', units: 10 },
        { area: 'glabella', units: 20 },
      ];
      await chart(c, fullTreatment(id, sarah, lotId, `2026-0${5 + i / 2}-20`, i === 4 ? [areas[1]!, areas[0]!] : areas));
    }
  }
  const amended = (await c.call('treatments.list', { patientId: patients[1]! })).at(-1)!;
  await c.call('treatments.amend', {
    id: amended.current.id,
    treatment: { ...fullTreatment(patients[1]!, sarah, lotId, '2026-02-12'), notes: 'date corrected' },
    reason: 'The date was wrong',
  });
  await c.call('treatments.saveDraft', { id: null, treatment: fullTreatment(patients[3]!, sarah, lotId, '2026-11-01') });
  // A draft whose areas change before it is finalised.
  const draft = fullTreatment(patients[5]!, sarah, lotId, '2026-10-01', [{ area: 'forehead', units: 8 }]);
  const saved = await c.call('treatments.saveDraft', { id: null, treatment: draft });
  const areas = [
    { area: 'masseter', units: 25 },
    { area: 'crows_feet', units: 12 },
  ];
  await c.call('treatments.saveDraft', { id: saved.treatment.id, treatment: { ...draft, areas } });
  await c.call('treatments.finalise', { id: saved.treatment.id });
  return { c, patients, sarah, lotId };
}

/** A second connection to the clinic's database, as a worker thread opens one. */
function secondConnection(c: TestClinic): Db {
  const folder = c.core.access.folder;
  return openDatabase(path.join(folder.dir, DATABASE_FILE), folder.dbKey!);
}

const rows = (db: Db) => db.prepare('SELECT * FROM patient_schedule ORDER BY patient_id').all();

/** What every summary should be: each patient worked out afresh, one at a time (then put back). */
function expected(db: Db): unknown[] {
  db.exec('SAVEPOINT expected');
  try {
    refreshAllScheduleSummaries(db, loadRulesContext(db), TODAY);
    return rows(db);
  } finally {
    db.exec('ROLLBACK TO expected');
    db.exec('RELEASE expected');
  }
}

describe('rebuilding every recall summary', () => {
  it('reads a range of patients as the per-patient readers do', async () => {
    const { c, patients } = await clinic();
    const db = c.core.db;
    const from = patients[0]!;
    const to = patients.at(-1)!;
    const treatments = ruleTreatmentsIn(db, from, to);
    for (const id of patients) {
      const list = (await c.call('treatments.list', { patientId: id }))
        .map((r) => r.current)
        .filter((t) => t.status === 'final')
        .sort((x, y) => x.performedOn.localeCompare(y.performedOn) || x.performedAt.localeCompare(y.performedAt) || x.id - y.id);
      expect(treatments.get(id)).toEqual(
        list.map((t) => ({ date: t.performedOn, product: t.product, kind: t.kind, injectorId: t.injectorId, areas: t.areas })),
      );
    }
    // The amended record is read in its latest version only, and the draft not at all.
    expect(treatments.get(patients[1]!)!.map((t) => t.date)).toEqual(['2026-02-12']);
    expect(treatments.get(patients[3]!)).toHaveLength(1);
    expect(treatments.get(patients[0]!)![1]!.areas).toEqual([
      { area: 'forehead', units: 10 },
      { area: 'glabella', units: 20 },
    ]);
    expect(treatments.get(patients[5]!)!.at(-1)!.areas).toEqual([
      { area: 'masseter', units: 25 },
      { area: 'crows_feet', units: 12 },
    ]);
    expect(treatments.get(patients[4]!)![1]!.areas).toEqual([
      { area: 'glabella', units: 20 },
      { area: 'forehead', units: 10 },
    ]);
    await c.call('observations.add', {
      patientId: patients[2]!,
      area: 'glabella',
      observedOn: '2026-10-01',
      kind: 'movement_returning',
      note: '',
    });
    expect(ruleObservationsIn(db, from, to).get(patients[2]!)).toEqual([
      { date: '2026-10-01', area: 'glabella', kind: 'movement_returning' },
    ]);
    expect(ruleObservationsIn(db, from, to).has(patients[0]!)).toBe(false);
    expect(ruleFactsOfPatientsIn(db, from, to).get(patients[4]!)).toEqual({
      dob: '1985-06-15',
      activityLevel: 'normal',
      flags: [],
    });
  });

  it('writes only the summaries that change, and they match each patient worked out afresh', async () => {
    const { c } = await clinic();
    const db = c.core.db;
    const worker = secondConnection(c);
    try {
      const changes = () => worker.prepare('SELECT total_changes()').pluck().get() as number;
      // The same settings: nothing to write.
      let before = changes();
      rebuildScheduleSummaries(worker, TODAY, { chunk: 4 });
      expect(changes() - before).toBe(0);
      // Recalls ten days earlier: every summary is rewritten, as a fresh working out says.
      const settings = readRuleSettings(db);
      writeRuleSettings(db, { ...settings, recallLeadDays: settings.recallLeadDays + 10 }, 1);
      const old = rows(db);
      before = changes();
      expect(rebuildScheduleSummaries(worker, TODAY, { chunk: 4 })).toBe(6);
      expect(changes() - before).toBe(old.length);
      expect(rows(db)).toEqual(expected(db));
      expect(rows(db)).not.toEqual(old);
    } finally {
      worker.close();
    }
  });

  it('a treatment charted on another connection while a chunk is worked out is never overwritten with older facts', async () => {
    const { c, patients, sarah, lotId } = await clinic();
    const db = c.core.db;
    const worker = secondConnection(c);
    try {
      const settings = readRuleSettings(db);
      writeRuleSettings(db, { ...settings, recallLeadDays: settings.recallLeadDays + 10 }, 1);
      let charted = 0;
      rebuildScheduleSummaries(worker, TODAY, {
        chunk: 3,
        between: (part) => {
          // The worst moment: after the worker has worked the chunk out, before it writes. The
          // window charts a new treatment for the first patient of the chunk (and its summary).
          if (charted++ > 0) return;
          const patientId = part[0]!;
          // As the charting handler does it: the treatment and the patient's summary in one transaction.
          db.transaction(() => {
            insertTreatment(
              db,
              {
                fields: fullTreatment(patientId, sarah, lotId, '2026-11-20'),
                lotNumber: 'C1234',
                lotExpiry: '2027-06-30',
                source: 'clinic',
                elsewhere: '',
                createdBy: 'test',
              },
              { status: 'final', recordId: null, version: 1, amendmentReason: '', nowMs: 1 },
            );
            refreshScheduleSummary(db, loadRulesContext(db), patientId, TODAY);
          })();
        },
      });
      expect(charted).toBeGreaterThan(0);
      const summary = db.prepare('SELECT last_treatment_on FROM patient_schedule WHERE patient_id = ?').pluck();
      expect(summary.get(patients[0]!)).toBe('2026-11-20');
      expect(rows(db)).toEqual(expected(db));
    } finally {
      worker.close();
    }
  });
});
