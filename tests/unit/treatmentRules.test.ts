import { describe, expect, it } from 'vitest';
import { describePreparation, missingForFinal, pointUnitMismatches, unitsPerTenthMl } from '../../shared/treatments';

const name = (code: string) => ({ glabella: 'Frown lines', forehead: 'Forehead', crows_feet: 'Crow’s feet' })[code] ?? code;

describe('what a record lacks before it is final', () => {
  const full = {
    product: 'botox',
    lotId: 3,
    performedOn: '2026-11-22',
    expiredLotReason: '',
    areas: [{ area: 'glabella', units: 20 }],
    injectorId: 7,
  };
  it('names each missing part in a practitioner’s words', () => {
    expect(missingForFinal(full, { consentInForce: true, lotExpiry: '2027-01-31' })).toEqual([]);
    expect(
      missingForFinal(
        { ...full, product: '', lotId: null, areas: [], injectorId: null },
        { consentInForce: false, lotExpiry: null },
      ),
    ).toEqual([
      'Product',
      'Lot number',
      'At least one treated area with its units',
      'Injector',
      'A signed consent in force on 2026-11-22',
    ]);
    expect(missingForFinal(full, { consentInForce: true, lotExpiry: null })).toEqual(['Lot expiry date']);
  });
  it('asks for a written reason only when the lot had expired on the day', () => {
    expect(missingForFinal(full, { consentInForce: true, lotExpiry: '2026-11-21' })).toEqual([
      'A written reason for using a lot that expired on 2026-11-21',
    ]);
    expect(
      missingForFinal(
        { ...full, expiredLotReason: 'Only lot left; checked with the supplier' },
        { consentInForce: true, lotExpiry: '2026-11-21' },
      ),
    ).toEqual([]);
    expect(missingForFinal(full, { consentInForce: true, lotExpiry: '2026-11-22' })).toEqual([]);
  });
});

describe('units at the injection points against the areas', () => {
  it('has nothing to say without points that carry units', () => {
    expect(
      pointUnitMismatches({ areas: [{ area: 'glabella', units: 20 }], points: [{ units: null }, { units: 0 }] }, name),
    ).toEqual([]);
  });
  it('counts points without an area for the only area, and says when they do not add up', () => {
    const areas = [{ area: 'glabella', units: 20 }];
    expect(
      pointUnitMismatches({ areas, points: [{ units: 4 }, { units: 4 }, { units: 4 }, { units: 4 }, { units: 4 }] }, name),
    ).toEqual([]);
    expect(pointUnitMismatches({ areas, points: [{ units: 4 }, { units: 4 }, { units: 4 }, { units: 4 }] }, name)).toEqual([
      'Frown lines: the points add up to 16 U, the area has 20 U',
    ]);
  });
  it('checks each area on its own, names points for an area not treated, and compares unplaced points with the total', () => {
    const areas = [
      { area: 'glabella', units: 20 },
      { area: 'forehead', units: 10 },
    ];
    expect(
      pointUnitMismatches(
        {
          areas,
          points: [
            { units: 10, area: 'glabella' },
            { units: 10, area: 'glabella' },
            { units: 2.5, area: 'forehead' },
            { units: 2.5, area: 'forehead' },
            { units: 2, area: 'crows_feet' },
          ],
        },
        name,
      ),
    ).toEqual([
      'Points are marked for Crow’s feet, which is not among the treated areas',
      'Forehead: the points add up to 5 U, the area has 10 U',
    ]);
    expect(pointUnitMismatches({ areas, points: [{ units: 20, area: 'glabella' }, { units: 5 }, { units: 5 }] }, name)).toEqual(
      [],
    );
    expect(pointUnitMismatches({ areas, points: [{ units: 20, area: 'glabella' }, { units: 5 }] }, name)).toEqual([
      'The points add up to 25 U, the areas to 30 U',
    ]);
  });
});

describe('the preparation', () => {
  it('gives units per 0.1 mL after reconstitution and describes it in words', () => {
    const p = { readyToUse: false, diluent: '0.9% sodium chloride', diluentMl: 2.5, unitsPerVial: 100 };
    expect(unitsPerTenthMl(p)).toBe(4);
    expect(describePreparation(p)).toBe('100 U in 2.5 mL 0.9% sodium chloride: 4 U per 0.1 mL');
    expect(describePreparation({ ...p, diluent: '' })).toBe('100 U in 2.5 mL diluent: 4 U per 0.1 mL');
    expect(unitsPerTenthMl({ ...p, readyToUse: true })).toBeNull();
    expect(describePreparation({ ...p, readyToUse: true })).toBe('Ready to use (no reconstitution)');
    expect(describePreparation({ ...p, diluentMl: null })).toBe('0.9% sodium chloride');
    expect(describePreparation({ ...p, diluentMl: null, diluent: '' })).toBe('Not recorded');
  });
});
