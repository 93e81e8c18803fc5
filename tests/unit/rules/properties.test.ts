import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dayFromNumber, dayNumber } from '../../../shared/time';
import { run } from './helpers';

const PRODUCTS = ['botox', 'dysport', 'xeomin', 'daxxify', 'letybo'];
const AREAS = ['glabella', 'forehead', 'crows_feet', 'masseter'];
const START = '2023-01-02';

/** A random but plausible history: treatments and observations within three years. */
const historyArb = fc
  .record({
    treatments: fc.array(
      fc.record({
        offset: fc.integer({ min: 0, max: 1000 }),
        product: fc.constantFrom(...PRODUCTS),
        kind: fc.constantFrom('full', 'full', 'touch_up'),
        areas: fc.uniqueArray(fc.record({ area: fc.constantFrom(...AREAS), units: fc.integer({ min: 2, max: 120 }) }), {
          minLength: 1,
          maxLength: 3,
          selector: (a) => a.area,
        }),
      }),
      { minLength: 1, maxLength: 12 },
    ),
    observations: fc.array(
      fc.record({
        offset: fc.integer({ min: 0, max: 1100 }),
        area: fc.constantFrom(...AREAS),
        kind: fc.constantFrom('movement_returning', 'movement_returning', 'no_response'),
      }),
      { maxLength: 12 },
    ),
    activityLevel: fc.constantFrom('low', 'normal', 'high'),
  })
  .map((h) => ({
    asOf: addDays(START, 1100),
    patient: { dob: '1980-05-05', activityLevel: h.activityLevel, flags: [] },
    treatments: h.treatments.map((t) => ({ date: addDays(START, t.offset), product: t.product, kind: t.kind, areas: t.areas })),
    observations: h.observations.map((o) => ({ date: addDays(START, o.offset), area: o.area, kind: o.kind })),
  }));

describe('invariants over random histories', () => {
  it('the recall date is never before the earliest re-treatment date', () => {
    fc.assert(
      fc.property(historyArb, (doc) => {
        for (const a of run(doc).recommendation.areas) expect(a.recallDate >= a.earliestRetreatmentDate).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('a possible non-responder’s interval is never shortened below the prior', () => {
    fc.assert(
      fc.property(historyArb, (doc) => {
        for (const a of run(doc).recommendation.areas) {
          if (a.flags.some((f) => f.code === 'SNR_REVIEW')) {
            expect(a.durationBasis).toBe('prior_snr');
            expect(a.expectedDurationDays).toBe(a.priorDays);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('dates keep their order: soft reminder after the floor, check-in window forwards, review after treatment', () => {
    fc.assert(
      fc.property(historyArb, (doc) => {
        for (const a of run(doc).recommendation.areas) {
          expect(a.softReminderDate >= addDays(a.lastTreatmentDate, 63)).toBe(true);
          expect(a.checkInWindow[0] <= a.checkInWindow[1]).toBe(true);
          expect(a.expectedReturnDate > a.lastTreatmentDate).toBe(true);
          if (a.reviewDate !== null) expect(a.reviewDate).toBe(addDays(a.lastTreatmentDate, 14));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a single observation never moves the estimate more than 14 days from the prior', () => {
    fc.assert(
      fc.property(historyArb, (doc) => {
        for (const a of run(doc).recommendation.areas) {
          if (a.durationBasis === 'personal_single')
            expect(Math.abs(a.expectedDurationDays - a.priorDays)).toBeLessThanOrEqual(14);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('entries dated after asOf change nothing', () => {
    fc.assert(
      fc.property(historyArb, fc.integer({ min: 1, max: 400 }), (doc, later) => {
        const future = addDays(doc.asOf, later);
        const withFuture = {
          ...doc,
          treatments: [
            ...doc.treatments,
            { date: future, product: 'botox', kind: 'full', areas: [{ area: 'glabella', units: 20 }] },
          ],
          observations: [...doc.observations, { date: future, area: 'glabella', kind: 'no_response' }],
        };
        expect(run(withFuture)).toEqual(run(doc));
      }),
      { numRuns: 150 },
    );
  });

  it('day arithmetic round-trips over four centuries', () => {
    fc.assert(
      fc.property(fc.integer({ min: -150_000, max: 150_000 }), (n) => {
        expect(dayNumber(dayFromNumber(n))).toBe(n);
      }),
    );
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01');
  });
});
