import { describe, expect, it } from 'vitest';
import { chart, fullTreatment, testClinic } from '../support/core';

async function clinic() {
  const c = await testClinic();
  const sarah = await c.injector();
  const ann = await c.patient();
  await c.consent(ann);
  // 10 vials of 100 U each.
  const lotId = await c.lot('botox', 'C1234');
  const stock = async (id = lotId) => (await c.call('catalogue.get', {})).lots.find((l) => l.id === id)!;
  return { c, sarah, ann, lotId, stock };
}

describe('stock on hand', () => {
  it('takes the units charted off the lot when the record is finalised, not while it is a draft', async () => {
    const { c, sarah, ann, lotId, stock } = await clinic();
    expect(await stock()).toMatchObject({ vials: 10, unitsOnHand: 1000 });
    const t = fullTreatment(ann, sarah, lotId, '2026-11-20', [
      { area: 'glabella', units: 20 },
      { area: 'forehead', units: 10 },
    ]);
    const { treatment } = await c.call('treatments.saveDraft', { id: null, treatment: t });
    expect(await stock()).toMatchObject({ unitsOnHand: 1000 });
    await c.call('treatments.finalise', { id: treatment.id });
    // 970 U: nine full vials and the opened one.
    expect(await stock()).toMatchObject({ vials: 10, unitsOnHand: 970 });
    const entry = c.core.db
      .prepare(
        "SELECT before_json, after_json, patient_id FROM audit_log WHERE entity = 'lot' AND action = 'update' ORDER BY id DESC",
      )
      .get() as { before_json: string; after_json: string; patient_id: number | null };
    expect(JSON.parse(entry.before_json)).toEqual({ unitsOnHand: 1000, vials: 10 });
    expect(JSON.parse(entry.after_json)).toMatchObject({
      unitsOnHand: 970,
      because: expect.stringContaining('30 U used') as string,
    });
    // The row is about the lot: it names the treatment that caused it but is not part of the patient's own trail.
    expect(entry.patient_id).toBeNull();
  });

  it('an amendment puts the earlier units back and takes the new ones, from whichever lot each names', async () => {
    const { c, sarah, ann, lotId, stock } = await clinic();
    const other = await c.lot('botox', 'C9999');
    const id = await chart(c, fullTreatment(ann, sarah, lotId, '2026-11-20', [{ area: 'glabella', units: 20 }]));
    expect((await stock()).unitsOnHand).toBe(980);
    const amended = await c.call('treatments.amend', {
      id,
      treatment: fullTreatment(ann, sarah, lotId, '2026-11-20', [{ area: 'glabella', units: 25 }]),
      reason: 'Units miscounted',
    });
    expect((await stock()).unitsOnHand).toBe(975);
    await c.call('treatments.amend', {
      id: amended.id,
      treatment: fullTreatment(ann, sarah, other, '2026-11-20', [{ area: 'glabella', units: 25 }]),
      reason: 'Wrong lot chosen',
    });
    expect((await stock()).unitsOnHand).toBe(1000);
    expect((await stock(other)).unitsOnHand).toBe(975);
  });

  it('a stock count on the lot sets it again; other changes keep what was used', async () => {
    const { c, sarah, ann, lotId, stock } = await clinic();
    await chart(c, fullTreatment(ann, sarah, lotId, '2026-11-20', [{ area: 'glabella', units: 40 }]));
    const lot = await stock();
    const base = {
      product: 'botox',
      lotNumber: 'C1234',
      expiry: lot.expiry,
      receivedOn: lot.receivedOn,
      vials: 10,
      unitsPerVial: 100,
    };
    await c.call('lots.save', { id: lotId, lot: { ...base, supplier: 'New supplier' } });
    expect(await stock()).toMatchObject({ unitsOnHand: 960, supplier: 'New supplier' });
    await c.call('lots.save', { id: lotId, lot: { ...base, supplier: 'New supplier', vials: 2 } });
    expect(await stock()).toMatchObject({ unitsOnHand: 200, vials: 2 });
  });

  it('runs out: an empty lot is no longer offered, and Today lists what is low or gone', async () => {
    const { c, sarah, ann, lotId, stock } = await clinic();
    const base = {
      product: 'botox',
      lotNumber: 'C1234',
      expiry: '2027-06-30',
      receivedOn: '2026-01-05',
      supplier: '',
      unitsPerVial: 100,
    };
    await c.call('lots.save', { id: lotId, lot: { ...base, vials: 2 } });
    expect((await c.call('today.summary', {})).lowStock).toEqual([]);
    await chart(c, fullTreatment(ann, sarah, lotId, '2026-11-20', [{ area: 'glabella', units: 50 }]));
    expect((await c.call('today.summary', {})).lowStock).toEqual([
      { product: 'Botox Cosmetic', level: 'low', left: '1 vial and 50 U of an opened one', lots: ['C1234'] },
    ]);
    await chart(c, fullTreatment(ann, sarah, lotId, '2026-11-21', [{ area: 'glabella', units: 160 }]));
    // 10 U more were charted than the stock held: the lot shows none left and asks for a count.
    expect(await stock()).toMatchObject({ vials: 0, unitsOnHand: -10 });
    expect((await c.call('today.summary', {})).lowStock).toEqual([
      { product: 'Botox Cosmetic', level: 'empty', left: 'none left', lots: [] },
    ]);
    const prefill = await c.call('treatments.prefill', { patientId: ann });
    expect(prefill.lotId).toBeNull();
  });
});
