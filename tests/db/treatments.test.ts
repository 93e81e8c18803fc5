import { describe, expect, it } from 'vitest';
import { chart, fullTreatment, testClinic } from '../support/core';

describe('treatment records', () => {
  it('a draft lists exactly what is missing, and the gate refuses to finalise until everything is there', async () => {
    const c = await testClinic();
    const patientId = await c.patient();
    const injectorId = await c.injector();
    const lotId = await c.lot();
    const empty = {
      ...fullTreatment(patientId, injectorId, lotId, '2026-11-20'),
      product: null,
      lotId: null,
      injectorId: null,
      areas: [],
    };
    const draft = await c.call('treatments.saveDraft', { id: null, treatment: empty });
    expect(draft.treatment.status).toBe('draft');
    expect(draft.missing).toEqual([
      'Product',
      'Lot number',
      'At least one treated area with its units',
      'Injector',
      'A signed consent in force on 2026-11-20',
    ]);
    const refused = await c.raw('treatments.finalise', { id: draft.treatment.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(!refused.ok && refused.error.message).toContain('Still missing: Product; Lot number');
    expect(c.core.db.prepare('SELECT status FROM treatments').pluck().all()).toEqual(['draft']);

    await c.consent(patientId);
    const complete = await c.call('treatments.saveDraft', {
      id: draft.treatment.id,
      treatment: fullTreatment(patientId, injectorId, lotId, '2026-11-20'),
    });
    expect(complete.missing).toEqual([]);
    const final = await c.call('treatments.finalise', { id: draft.treatment.id });
    expect(final).toMatchObject({
      status: 'final',
      lotNumber: 'C1234',
      lotExpiry: '2027-06-30',
      injectorName: 'Dr Sarah Whitfield',
    });
    expect(final.areas).toEqual([{ area: 'glabella', units: 20 }]);
  });

  it('a consent withdrawn before the treatment date does not count, and an expired lot needs a written reason', async () => {
    const c = await testClinic();
    const patientId = await c.patient();
    const injectorId = await c.injector();
    const expired = await c.lot('botox', 'OLD1', '2026-10-31');
    await c.consent(patientId, '2025-01-01');
    const consents = await c.call('consents.list', { patientId });
    await c.call('consents.withdraw', { id: consents[0]!.id, on: '2026-11-01' });
    const draft = await c.call('treatments.saveDraft', {
      id: null,
      treatment: fullTreatment(patientId, injectorId, expired, '2026-11-20'),
    });
    expect(draft.missing).toEqual([
      'A written reason for using a lot that expired on 2026-10-31',
      'A signed consent in force on 2026-11-20',
    ]);
    await c.consent(patientId, '2026-11-15');
    const withReason = await c.call('treatments.saveDraft', {
      id: draft.treatment.id,
      treatment: {
        ...fullTreatment(patientId, injectorId, expired, '2026-11-20'),
        expiredLotReason: 'Only vial left; manufacturer confirmed stability',
      },
    });
    expect(withReason.missing).toEqual([]);
  });

  it('refuses bad input with a message at the field and saves nothing', async () => {
    const c = await testClinic();
    const patientId = await c.patient();
    const injectorId = await c.injector();
    const lotId = await c.lot();
    const cases: [Record<string, unknown>, string][] = [
      [{ performedOn: '2026-02-30' }, 'treatment.performedOn'],
      [{ performedOn: '2026-11-23' }, 'treatment.performedOn'],
      [{ areas: [{ area: 'glabella', units: 0 }] }, 'treatment.areas.0.units'],
      [{ areas: [{ area: 'glabella', units: -5 }] }, 'treatment.areas.0.units'],
      [{ areas: [{ area: 'elbow', units: 5 }] }, 'treatment.areas.0.area'],
      [{ product: 'acme' }, 'treatment.product'],
      [{ product: 'dysport' }, 'treatment.lotId'],
      [{ notes: 'x'.repeat(5001) }, 'treatment.notes'],
    ];
    for (const [change, field] of cases) {
      const r = await c.raw('treatments.saveDraft', {
        id: null,
        treatment: { ...fullTreatment(patientId, injectorId, lotId, '2026-11-20'), ...change },
      });
      expect(r.ok, JSON.stringify(change)).toBe(false);
      expect(!r.ok && r.error.fields?.[field], JSON.stringify(change)).toBeTruthy();
    }
    expect(c.core.db.prepare('SELECT count(*) FROM treatments').pluck().get()).toBe(0);
  });

  it('a finalised record is never changed: an amendment is a new version with its reason, and the original stays', async () => {
    const c = await testClinic();
    const patientId = await c.patient();
    const injectorId = await c.injector();
    const lotId = await c.lot();
    await c.consent(patientId);
    const id = await chart(c, fullTreatment(patientId, injectorId, lotId, '2026-11-02'));
    expect(
      await c.raw('treatments.saveDraft', { id, treatment: fullTreatment(patientId, injectorId, lotId, '2026-11-02') }),
    ).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    expect(await c.raw('treatments.discardDraft', { id })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(
      await c.raw('treatments.amend', { id, treatment: fullTreatment(patientId, injectorId, lotId, '2026-11-02'), reason: ' ' }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: { reason: 'Say why the record is amended' } } });

    const amended = await c.call('treatments.amend', {
      id,
      treatment: fullTreatment(patientId, injectorId, lotId, '2026-11-02', [{ area: 'glabella', units: 24 }]),
      reason: 'Units mis-typed: 24 were given',
    });
    expect(amended).toMatchObject({
      version: 2,
      recordId: id,
      amendmentReason: 'Units mis-typed: 24 were given',
      supersededBy: null,
    });
    const [record] = await c.call('treatments.list', { patientId });
    expect(record!.current.id).toBe(amended.id);
    expect(record!.earlier).toHaveLength(1);
    expect(record!.earlier[0]).toMatchObject({
      id,
      version: 1,
      supersededBy: amended.id,
      areas: [{ area: 'glabella', units: 20 }],
    });
    // The superseded version cannot be amended again; the one in force can.
    expect(
      await c.raw('treatments.amend', {
        id,
        treatment: fullTreatment(patientId, injectorId, lotId, '2026-11-02'),
        reason: 'again',
      }),
    ).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const audit = c.core.db.prepare("SELECT action FROM audit_log WHERE entity = 'treatment' ORDER BY id").pluck().all();
    expect(audit).toEqual(['create', 'update', 'update']);
  });

  it('"last time": a new treatment starts from the previous one, with a lot that is still usable', async () => {
    const c = await testClinic();
    const patientId = await c.patient();
    const injectorId = await c.injector();
    const oldLot = await c.lot('botox', 'A1', '2026-11-10');
    const newLot = await c.lot('botox', 'B2', '2027-09-30');
    await c.consent(patientId);
    expect((await c.call('treatments.prefill', { patientId })).areas).toEqual([]);
    await chart(
      c,
      fullTreatment(patientId, injectorId, oldLot, '2026-08-01', [
        { area: 'glabella', units: 20 },
        { area: 'forehead', units: 8 },
      ]),
    );
    const next = await c.call('treatments.prefill', { patientId });
    expect(next).toMatchObject({
      product: 'botox',
      injectorId,
      performedOn: '2026-11-22',
      performedAt: '10:00',
      lotId: newLot,
      kind: 'full',
    });
    expect(next.areas).toEqual([
      { area: 'glabella', units: 20 },
      { area: 'forehead', units: 8 },
    ]);
  });

  it('lot recall finds every patient treated from a lot, by lot number in any case, in the version in force', async () => {
    const c = await testClinic();
    const injectorId = await c.injector();
    const lotA = await c.lot('botox', 'C1234');
    const lotB = await c.lot('botox', 'D999');
    const ids: number[] = [];
    for (const [first, last] of [
      ['Ann', 'Okafor'],
      ['Bea', 'Ellis'],
      ['Cy', 'Adams'],
    ] as const) {
      const p = await c.patient({ firstName: first, lastName: last });
      await c.consent(p);
      ids.push(p);
    }
    await chart(c, fullTreatment(ids[0]!, injectorId, lotA, '2026-10-01'));
    const wrong = await chart(c, fullTreatment(ids[1]!, injectorId, lotA, '2026-10-02'));
    await chart(c, fullTreatment(ids[2]!, injectorId, lotB, '2026-10-03'));
    // Bea's record was amended to the other lot: she is no longer on lot C1234's list.
    await c.call('treatments.amend', {
      id: wrong,
      treatment: fullTreatment(ids[1]!, injectorId, lotB, '2026-10-02'),
      reason: 'Wrong lot recorded',
    });
    const recall = await c.call('lots.recall', { lotNumber: 'c1234' });
    expect(recall.rows.map((r) => r.name)).toEqual(['Ann Okafor']);
    expect((await c.call('lots.recall', { lotNumber: 'D999' })).rows.map((r) => r.name)).toEqual(['Cy Adams', 'Bea Ellis']);
    const csv = await c.call('lots.recallCsv', { lotNumber: 'D999' });
    expect(csv.csv.split('\r\n')[0]).toBe(
      '\uFEFFpatient_id,patient,dob,phone,email,treatment_date,product,lot,areas_units,injector,record_status',
    );
    expect(csv.csv).toContain('Bea Ellis');
    expect(csv.csv).toContain('Cy Adams');
  });

  it('a treatment given elsewhere counts for the rules without lot or injector', async () => {
    const c = await testClinic();
    const patientId = await c.patient();
    const t = await c.call('treatments.recordElsewhere', {
      patientId,
      performedOn: '2026-09-01',
      product: 'dysport',
      kind: 'full',
      areas: [{ area: 'glabella', units: 50 }],
      where: 'City Skin Clinic',
      notes: '',
    });
    expect(t).toMatchObject({ status: 'final', source: 'elsewhere', elsewhere: 'City Skin Clinic' });
    const schedule = await c.call('schedule.get', { patientId });
    expect(schedule.areas[0]).toMatchObject({
      area: 'glabella',
      product: 'dysport',
      lastTreatmentDate: '2026-09-01',
      expectedReturnDate: '2026-12-15',
    });
  });

  it('an archived patient cannot be charted', async () => {
    const c = await testClinic();
    const patientId = await c.patient();
    const injectorId = await c.injector();
    const lotId = await c.lot();
    await c.call('patients.setArchived', { id: patientId, archived: true });
    expect(
      await c.raw('treatments.saveDraft', { id: null, treatment: fullTreatment(patientId, injectorId, lotId, '2026-11-20') }),
    ).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
  });
});
