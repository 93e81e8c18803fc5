import { describe, expect, it } from 'vitest';
import type { Lot } from '../../shared/lots';
import type { TreatmentInput } from '../../shared/treatments';
import { pointUnitMismatches } from '../../shared/treatments';
import {
  chartReducer,
  initialChart,
  lotsOffered,
  missingFor,
  readyToFinalise,
  stillToCheck,
  totalUnits,
  unitWarnings,
  type ChartAction,
  type ChartFacts,
  type ChartState,
} from '../../renderer/src/pages/patients/chartState';

const lot = (over: Partial<Lot> = {}): Lot => ({
  id: 1,
  product: 'botox',
  lotNumber: 'C1234',
  expiry: '2027-06-30',
  receivedOn: '2026-01-05',
  supplier: '',
  vials: 3,
  unitsPerVial: 100,
  unitsOnHand: 260,
  ...over,
});
const facts: ChartFacts = {
  areas: [
    { code: 'glabella', name: 'Frown lines (glabella)', priorDays: null, builtIn: true },
    { code: 'forehead', name: 'Forehead lines', priorDays: null, builtIn: true },
  ],
  lots: [
    lot(),
    lot({ id: 2, lotNumber: 'OLD1', expiry: '2026-01-01' }),
    lot({ id: 3, lotNumber: 'EMPTY', vials: 0, unitsOnHand: 0 }),
  ],
  consentInForce: true,
};
const lastTime = (): TreatmentInput => ({
  patientId: 7,
  performedOn: '2026-11-22',
  performedAt: '10:00',
  injectorId: 2,
  prescriber: '',
  product: 'botox',
  lotId: 1,
  expiredLotReason: '',
  preparation: { readyToUse: false, diluent: '0.9% sodium chloride', diluentMl: 2.5, unitsPerVial: 100 },
  kind: 'full',
  areas: [
    { area: 'glabella', units: 20 },
    { area: 'forehead', units: 10 },
  ],
  points: [],
  notes: '',
  reviewOutcome: '',
});
const run = (s: ChartState, ...actions: ChartAction[]) => actions.reduce(chartReducer, s);
const prefilled = () => initialChart({ mode: 'draft', form: lastTime(), draftId: null, original: null });

describe('charting a treatment', () => {
  it('is not ready to finalise when pre-filled: every required field must be changed or ticked first', () => {
    const s = prefilled();
    expect(missingFor(s, facts)).toEqual([]);
    expect(stillToCheck(s)).toEqual(['when', 'injector', 'product', 'lot', 'areas']);
    expect(readyToFinalise(s, facts)).toBe(false);
    const touched = run(
      s,
      { type: 'change', patch: { areas: [{ area: 'glabella', units: 22 }] } },
      { type: 'change', patch: { performedAt: '10:30' } },
      { type: 'check', item: 'injector', checked: true },
      { type: 'check', item: 'product', checked: true },
    );
    expect(stillToCheck(touched)).toEqual(['lot']);
    expect(readyToFinalise(run(touched, { type: 'check', item: 'lot', checked: true }), facts)).toBe(true);
    // Unticking puts it back.
    expect(stillToCheck(run(touched, { type: 'check', item: 'product', checked: false }))).toEqual(['product', 'lot']);
  });

  it('has nothing to tick on an empty form: what is missing is listed instead', () => {
    const empty = initialChart({
      mode: 'draft',
      form: { ...lastTime(), injectorId: null, product: null, lotId: null, areas: [] },
      draftId: null,
      original: null,
    });
    expect(stillToCheck(empty)).toEqual([]);
    expect(missingFor(empty, facts)).toEqual(['Product', 'Lot number', 'At least one treated area with its units', 'Injector']);
    expect(missingFor({ ...empty, form: { ...empty.form, areas: [{ area: 'glabella', units: 0 }] } }, facts)).toContain(
      'Units for Frown lines (glabella)',
    );
  });

  it('asks an amendment for its reason, not for ticks', () => {
    const s = initialChart({ mode: 'amend', form: lastTime(), draftId: null, original: null });
    expect(stillToCheck(s)).toEqual([]);
  });

  it('offers lots in date and in stock, or every lot when asked', () => {
    expect(lotsOffered(prefilled(), facts.lots).map((l) => l.lotNumber)).toEqual(['C1234']);
    expect(lotsOffered(run(prefilled(), { type: 'showExpired', value: true }), facts.lots).map((l) => l.lotNumber)).toEqual([
      'C1234',
      'OLD1',
      'EMPTY',
    ]);
  });

  it('adds the units for the summary, and warns when the injection points do not add up to their areas', () => {
    const s = prefilled();
    expect(totalUnits(s.form)).toBe(30);
    expect(unitWarnings(s, facts)).toEqual([]);
    const points = run(s, {
      type: 'change',
      patch: {
        points: [
          { x: 0.5, y: 0.3, units: 4, area: 'glabella' },
          { x: 0.45, y: 0.3, units: 4, area: 'glabella' },
          { x: 0.5, y: 0.2, units: 10, area: 'forehead' },
        ],
      },
    });
    expect(unitWarnings(points, facts)).toEqual(['Frown lines (glabella): the points add up to 8 U, the area has 20 U']);
  });
});

describe('units at the injection points', () => {
  const name = (c: string) => c;
  it('count points without an area for the only area, else against the total', () => {
    expect(pointUnitMismatches({ areas: [{ area: 'g', units: 20 }], points: [{ units: 20 }] }, name)).toEqual([]);
    expect(pointUnitMismatches({ areas: [{ area: 'g', units: 20 }], points: [{ units: 12 }] }, name)).toEqual([
      'g: the points add up to 12 U, the area has 20 U',
    ]);
    const two = [
      { area: 'g', units: 20 },
      { area: 'f', units: 10 },
    ];
    expect(pointUnitMismatches({ areas: two, points: [{ units: 15 }, { units: 15 }] }, name)).toEqual([]);
    expect(pointUnitMismatches({ areas: two, points: [{ units: 15 }] }, name)).toEqual([
      'The points add up to 15 U, the areas to 30 U',
    ]);
    expect(
      pointUnitMismatches(
        {
          areas: two,
          points: [
            { units: 5, area: 'x' },
            { units: 20, area: 'g' },
          ],
        },
        name,
      ),
    ).toContain('Points are marked for x, which is not among the treated areas');
    // Points without units are positions only: nothing to add up.
    expect(pointUnitMismatches({ areas: two, points: [{ units: null, area: 'g' }] }, name)).toEqual([]);
  });
});
