import { describe, expect, it } from 'vitest';
import { addDays } from '../../shared/time';
import { chart, fullTreatment, testClinic, type TestClinic } from '../support/core';

// Today is Sunday 22 November 2026 (the clinic is closed on Sundays), 10:00 in London.
async function patientWithCycles(durations: number[], starts: string[]) {
  const c = await testClinic();
  const sarah = await c.injector();
  const lot = await c.lot();
  const ann = await c.patient();
  await c.consent(ann);
  for (const [i, start] of starts.entries()) {
    await chart(c, fullTreatment(ann, sarah, lot, start));
    const d = durations[i];
    if (d !== undefined) await observe(c, ann, addDays(start, d));
  }
  return { c, sarah, ann };
}

const observe = (
  c: TestClinic,
  patientId: number,
  observedOn: string,
  kind: 'movement_returning' | 'no_response' = 'movement_returning',
) => c.call('observations.add', { patientId, area: 'glabella', observedOn, kind, note: '' });

describe('saying what an observation did to the dates', () => {
  it('says why an early observation leaves the expected return where it was', async () => {
    const { c, ann } = await patientWithCycles([92, 100, 92], ['2025-05-01', '2025-09-01', '2026-01-10', '2026-10-01']);
    const before = (await c.call('schedule.get', { patientId: ann })).areas[0]!;
    const after = await observe(c, ann, '2026-10-27');
    expect(after.areas[0]!.expectedReturnDate).toBe(before.expectedReturnDate);
    expect(after.change).toBe(
      'Frown lines (glabella): One early observation (26 days) does not move the expected return: it follows the median of the last three cycles, 100, 92 and 26 days → 92.',
    );
    expect(after.change).not.toMatch(/updated/);
  });

  it('says where the expected return moves, and why', async () => {
    const { c, ann } = await patientWithCycles([], ['2026-08-01']);
    const after = await observe(c, ann, '2026-11-10');
    expect(after.change).toBe(
      'Frown lines (glabella): the expected return moves from 2026-11-14 to 2026-11-10. Based on one of this patient’s own cycles: 101 days.',
    );
  });

  it('says that a second observation in a cycle does not count', async () => {
    const { c, ann } = await patientWithCycles([], ['2026-08-01']);
    await observe(c, ann, '2026-11-10');
    const again = await observe(c, ann, '2026-11-15');
    expect(again.change).toBe(
      'Frown lines (glabella): movement was already recorded returning 101 days after the treatment of 2026-08-01; only the first observation of a cycle counts, so the dates stay as they were.',
    );
  });

  it('says a possible non-response is flagged and never shortens the interval', async () => {
    const { c, ann } = await patientWithCycles([], ['2026-08-01']);
    const after = await observe(c, ann, '2026-08-20', 'no_response');
    expect(after.change).toBe(
      'Frown lines (glabella): No response does not move the expected return: a possible non-response never shortens the interval, so it stays at 105 days; flagged for review: possible non-response.',
    );
  });

  it('draws each cycle with its product and days, and the review threshold', async () => {
    const { c, ann } = await patientWithCycles([92, 100, 92], ['2025-05-01', '2025-09-01', '2026-01-10', '2026-10-01']);
    const area = (await c.call('schedule.get', { patientId: ann })).areas[0]!;
    expect(area.cycles.map((x) => [x.start, x.productName, x.units, x.observedDays])).toEqual([
      ['2025-05-01', 'Botox Cosmetic', 20, 92],
      ['2025-09-01', 'Botox Cosmetic', 20, 100],
      ['2026-01-10', 'Botox Cosmetic', 20, 92],
      ['2026-10-01', 'Botox Cosmetic', 20, null],
    ]);
    // 0.6 × the median of the cycles before the last two (92): 55 days.
    expect(area.reviewBelowDays).toBe(55);
  });
});

describe('the event plan on the patient page', () => {
  it('never recommends a day the clinic cannot treat: today is Sunday and closed, so Monday', async () => {
    const c = await testClinic();
    const ann = await c.patient();
    await c.call('events.add', { patientId: ann, eventOn: '2026-12-30', label: 'Wedding' });
    const plan = (await c.call('schedule.get', { patientId: ann })).events[0]!.plan;
    expect(plan).toMatchObject({ recommendedDate: '2026-11-23', status: 'ideal' });
  });

  it('does not claim the treatment lasts until the event once movement is seen returning', async () => {
    const { c, ann } = await patientWithCycles([], ['2026-11-01']);
    await c.call('events.add', { patientId: ann, eventOn: '2026-12-01', label: 'Holiday' });
    const quiet = (await c.call('schedule.get', { patientId: ann })).events[0]!.plan.findings.map((f) => f.code);
    expect(quiet).toContain('CURRENT_EFFECT_COVERS_EVENT');
    const after = await observe(c, ann, '2026-11-20');
    const findings = after.events[0]!.plan.findings;
    expect(findings.map((f) => f.code)).not.toContain('CURRENT_EFFECT_COVERS_EVENT');
    expect(findings.find((f) => f.code === 'MOVEMENT_ALREADY_RETURNING')?.message).toBe(
      'Movement is already returning (Frown lines (glabella), seen on 2026-11-20): the current treatment will not last until the event.',
    );
  });

  it('knows about a treatment already booked before the event', async () => {
    const { c, sarah, ann } = await patientWithCycles([], ['2026-07-01']);
    await c.call('events.add', { patientId: ann, eventOn: '2027-01-20', label: 'Wedding' });
    expect((await c.call('schedule.get', { patientId: ann })).events[0]!.booked).toBeNull();
    const a = await c.call('appointments.book', {
      patientId: ann,
      practitionerId: sarah,
      roomId: null,
      type: 'treatment',
      planned: { product: 'botox', areas: [{ area: 'glabella', units: 20 }] },
      date: '2026-12-08',
      start: '11:00',
      end: '11:30',
      notes: '',
      overrideReason: '',
      allowPast: false,
    });
    expect((await c.call('schedule.get', { patientId: ann })).events[0]!.booked).toEqual({
      appointmentId: a.id,
      date: '2026-12-08',
      start: '11:00',
      practitionerName: 'Dr Sarah Whitfield',
    });
  });
});
