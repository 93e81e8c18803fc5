import { describe, expect, it } from 'vitest';
import { adult, codes, full, returning, run, touchUp } from './helpers';

describe('expected duration', () => {
  it('uses the longer area prior for masseter and scales by activity', () => {
    const out = run({
      asOf: '2026-02-01',
      patient: { ...adult, activityLevel: 'high' },
      treatments: [full('2026-01-05', 'xeomin', { masseter: 60 })],
    });
    expect(out.recommendation.areas[0]).toMatchObject({ expectedDurationDays: 162, durationBasis: 'prior', priorDays: 162 });
  });

  it('uses the median of the last three eligible cycles', () => {
    const out = run({
      asOf: '2027-06-01',
      patient: adult,
      treatments: ['2025-01-06', '2025-05-05', '2025-09-01', '2026-01-05', '2026-05-04'].map((d) =>
        full(d, 'botox', { glabella: 20 }),
      ),
      observations: [
        returning('2025-04-14', 'glabella'),
        returning('2025-08-25', 'glabella'),
        returning('2025-12-08', 'glabella'),
        returning('2026-04-13', 'glabella'),
      ],
    }).recommendation.areas[0]!;
    // Four cycles: 98, 112, 98, 98 days. The last three are 112, 98 and 98.
    expect(out.observedDurations).toEqual([98, 112, 98, 98]);
    expect(out).toMatchObject({ durationBasis: 'personal', expectedDurationDays: 98 });
  });

  it('learns only from cycles with the same product', () => {
    const out = run({
      asOf: '2026-12-01',
      patient: adult,
      treatments: [full('2026-01-05', 'dysport', { glabella: 50 }), full('2026-05-04', 'xeomin', { glabella: 20 })],
      observations: [returning('2026-04-06', 'glabella')],
    }).recommendation.areas[0]!;
    expect(out).toMatchObject({ durationBasis: 'prior', observedDurations: [91], reviewDate: '2026-05-18' });
  });

  it('ignores observations after asOf and before any treatment', () => {
    const out = run({
      asOf: '2026-03-01',
      patient: adult,
      treatments: [full('2026-01-05', 'botox', { glabella: 20 })],
      observations: [returning('2025-12-01', 'glabella'), returning('2026-04-01', 'glabella')],
    }).recommendation.areas[0]!;
    expect(out.observedDurations).toEqual([]);
  });
});

describe('secondary non-response', () => {
  const dates = ['2024-01-08', '2024-05-13', '2024-09-16', '2025-01-20', '2025-04-21'];
  const obs = ['2024-04-29', '2024-09-02', '2024-12-30', '2025-03-10', '2025-06-09'];

  it('is not flagged when the short cycles came at a lower dose', () => {
    const units = [24, 24, 24, 16, 16];
    const out = run({
      asOf: '2025-07-01',
      patient: adult,
      treatments: dates.map((d, i) => full(d, 'botox', { glabella: units[i]! })),
      observations: obs.map((d) => returning(d, 'glabella')),
    }).recommendation.areas[0]!;
    expect(out.flags).toEqual([]);
  });

  it('is flagged on a "no response" after the latest treatment, keeping the prior', () => {
    const out = run({
      asOf: '2026-02-01',
      patient: adult,
      treatments: [full('2026-01-05', 'botox', { glabella: 20 })],
      observations: [{ date: '2026-01-20', area: 'glabella', kind: 'no_response' }],
    }).recommendation.areas[0]!;
    expect(codes(out.flags)).toEqual(['SNR_REVIEW:glabella']);
    expect(out).toMatchObject({ durationBasis: 'prior_snr', expectedDurationDays: 105 });
  });
});

describe('cumulative dose of onabotulinumtoxinA', () => {
  it('counts Botox and Vistabel, full and touch-up, in the 90 days up to the date', () => {
    const treatments = [
      full('2026-01-02', 'botox', { masseter: 200 }),
      touchUp('2026-01-14', 'vistabel', { glabella: 100 }),
      full('2026-03-01', 'dysport', { glabella: 500 }),
    ];
    // 2026-01-02 is day 1 of the 90-day window ending 2026-04-01, and out of it on 2026-04-02.
    const inside = run({
      asOf: '2026-04-01',
      patient: adult,
      treatments,
      booking: full('2026-04-01', 'vistabel', { forehead: 101 }),
    });
    expect(codes(inside.booking!.findings)).toContain('CUMULATIVE_DOSE');
    const outside = run({
      asOf: '2026-04-01',
      patient: adult,
      treatments,
      booking: full('2026-04-02', 'vistabel', { forehead: 101 }),
    });
    expect(codes(outside.booking!.findings)).not.toContain('CUMULATIVE_DOSE');
    const flagged = run({
      asOf: '2026-01-20',
      patient: adult,
      treatments: [...treatments, full('2026-01-20', 'botox', { forehead: 101 })],
    });
    expect(codes(flagged.recommendation.flags)).toEqual(['CUMULATIVE_DOSE']);
  });
});

describe('contraindications', () => {
  const booking = (product: string) => full('2026-05-05', product, { glabella: 20 });
  it('blocks or warns by flag and by product ingredients', () => {
    const check = (flags: string[], product: string) =>
      run({ asOf: '2026-05-01', patient: { ...adult, flags }, booking: booking(product) }).booking!;
    expect(check(['pregnant'], 'xeomin')).toMatchObject({ verdict: 'block' });
    expect(codes(check(['breastfeeding', 'pregnant'], 'xeomin').findings)).toEqual(['PREGNANCY_OR_BREASTFEEDING']);
    expect(codes(check(['albumin_allergy'], 'botox').findings)).toEqual(['ALBUMIN_ALLERGY']);
    expect(check(['albumin_allergy'], 'letybo')).toMatchObject({
      verdict: 'warn',
      findings: [{ code: 'ALBUMIN_STATUS_UNKNOWN' }],
    });
    expect(check(['albumin_allergy'], 'daxxify')).toMatchObject({ verdict: 'ok', findings: [] });
    expect(check(['milk_protein_allergy'], 'xeomin')).toMatchObject({ verdict: 'ok' });
    expect(codes(check(['infection_at_site', 'botulinum_allergy', 'aminoglycosides'], 'xeomin').findings)).toEqual([
      'INFECTION_AT_SITE',
      'INTERACTING_MEDICATION',
      'PRODUCT_HYPERSENSITIVITY',
    ]);
  });
});

describe('event planning', () => {
  const history = { patient: adult, treatments: [full('2026-01-05', 'botox', { glabella: 20 })] };

  it('compresses the window when the minimum interval pushes past the ideal window', () => {
    // Ideal window for 1 May: 20 Mar to 3 Apr. Earliest safe date: 5 Apr. Today is 8 Apr, before the latest date of 17 Apr.
    const plan = run({ ...history, asOf: '2026-04-08', event: { date: '2026-05-01' } }).eventPlan!;
    expect(plan).toMatchObject({
      recommendedDate: '2026-04-08',
      status: 'compressed',
      findings: [{ code: 'EVENT_WINDOW_COMPRESSED' }],
    });
  });

  it('is not possible when the minimum interval ends after the latest useful date, and says the effect covers the event', () => {
    const plan = run({ ...history, asOf: '2026-02-01', event: { date: '2026-04-10' } }).eventPlan!;
    expect(plan).toMatchObject({
      status: 'not_possible',
      recommendedDate: null,
      latestTreatmentDate: '2026-03-27',
      earliestSafeDate: '2026-04-05',
    });
    expect(codes(plan.findings)).toEqual(['CURRENT_EFFECT_COVERS_EVENT', 'EVENT_CONFLICTS_MIN_INTERVAL']);
  });

  it('is too close for a first-timer with under 14 days to go', () => {
    const plan = run({ asOf: '2026-04-01', patient: adult, event: { date: '2026-04-10' } }).eventPlan!;
    expect(plan).toMatchObject({ status: 'not_possible', firstTimer: true, earliestSafeDate: null });
    expect(codes(plan.findings)).toEqual(['EVENT_TOO_CLOSE']);
  });
});
