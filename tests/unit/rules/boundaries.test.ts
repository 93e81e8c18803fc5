import { describe, expect, it } from 'vitest';
import { addDays } from '../../../shared/time';
import { adult, codes, full, returning, run, touchUp } from './helpers';

const D = '2026-03-02';

describe('the touch-up window (days 10 to 21 after a full treatment)', () => {
  it.each([
    [9, false],
    [10, true],
    [21, true],
    [22, false],
  ])('a touch-up on day %i joins the episode: %s', (day, joins) => {
    const out = run({
      asOf: '2026-06-01',
      patient: adult,
      treatments: [full(D, 'botox', { glabella: 20 }), touchUp(addDays(D, day), 'botox', { glabella: 4 })],
    });
    const area = out.recommendation.areas[0]!;
    expect(area.lastTreatmentDate).toBe(joins ? D : addDays(D, day));
    expect(area.units).toBe(joins ? 24 : 4);
  });

  it('a second touch-up in the window starts a new episode instead of joining', () => {
    const out = run({
      asOf: '2026-06-01',
      patient: adult,
      treatments: [
        full(D, 'botox', { glabella: 20 }),
        touchUp(addDays(D, 12), 'botox', { glabella: 4 }),
        touchUp(addDays(D, 15), 'botox', { glabella: 2 }),
      ],
    });
    expect(out.recommendation.areas[0]).toMatchObject({ lastTreatmentDate: addDays(D, 15), units: 2 });
  });

  it.each([
    [9, 'BOOSTER_OUTSIDE_WINDOW'],
    [10, 'TOUCH_UP_IN_WINDOW'],
    [21, 'TOUCH_UP_IN_WINDOW'],
    [22, 'BOOSTER_OUTSIDE_WINDOW'],
    [83, 'BOOSTER_OUTSIDE_WINDOW'],
    [84, 'TOUCH_UP_WITHOUT_INDEX'],
  ])('a touch-up booked on day %i of a Dysport episode gives %s', (day, code) => {
    const out = run({
      asOf: D,
      patient: adult,
      treatments: [full(D, 'dysport', { glabella: 50 })],
      booking: touchUp(addDays(D, day), 'dysport', { glabella: 10 }),
    });
    expect(codes(out.booking!.findings)).toEqual([`${code}:glabella`]);
  });

  it('a touch-up with no treatment of the area before it has no index', () => {
    const out = run({ asOf: D, patient: adult, booking: touchUp(D, 'xeomin', { forehead: 4 }) });
    expect(codes(out.booking!.findings)).toEqual(['TOUCH_UP_WITHOUT_INDEX:forehead']);
    expect(out.booking!.verdict).toBe('ok');
  });
});

describe('the minimum interval between full treatments', () => {
  it.each([
    ['dysport', 83, true],
    ['dysport', 84, false],
    ['botox', 89, true],
    ['botox', 90, false],
  ])('%s re-treated on day %i is early: %s', (product, day, early) => {
    const out = run({
      asOf: D,
      patient: adult,
      treatments: [full(D, product, { glabella: 20 })],
      booking: full(addDays(D, day), product, { glabella: 20 }),
    });
    expect(codes(out.booking!.findings)).toEqual(early ? ['EARLY_RETREATMENT:glabella'] : []);
    expect(out.booking!.verdict).toBe(early ? 'warn' : 'ok');
  });

  it('switching product does not reset the clock, and the stricter label wins', () => {
    const out = run({
      asOf: D,
      patient: adult,
      treatments: [full(D, 'dysport', { glabella: 50 })],
      booking: full(addDays(D, 88), 'botox', { glabella: 20 }),
    });
    expect(codes(out.booking!.findings)).toEqual(['EARLY_RETREATMENT:glabella']);
  });

  it('the earliest re-treatment date is the label interval after the last treatment', () => {
    const out = run({
      asOf: D,
      patient: adult,
      treatments: [full(D, 'botox', { glabella: 20 }), full(D, 'xeomin', { forehead: 10 })],
    });
    const [forehead, glabella] = out.recommendation.areas;
    expect(glabella!.earliestRetreatmentDate).toBe(addDays(D, 90));
    expect(forehead!.earliestRetreatmentDate).toBe(addDays(D, 84));
  });
});

describe('the 25 % dose band for learning a personal duration', () => {
  function history(earlierUnits: number) {
    return run({
      asOf: '2027-01-01',
      patient: adult,
      treatments: [full('2026-01-05', 'xeomin', { glabella: earlierUnits }), full('2026-05-04', 'xeomin', { glabella: 20 })],
      observations: [returning('2026-04-20', 'glabella')],
    }).recommendation.areas[0]!;
  }

  it('an observation at 25 % fewer units still counts', () => {
    expect(history(15)).toMatchObject({ durationBasis: 'personal_single', eligibleDurations: [105] });
  });

  it('an observation at more than 25 % away does not', () => {
    expect(history(14)).toMatchObject({ durationBasis: 'prior', eligibleDurations: [], observedDurations: [105] });
    expect(history(26)).toMatchObject({ durationBasis: 'prior' });
    expect(history(25)).toMatchObject({ durationBasis: 'personal_single' });
  });

  it('a single observation moves the estimate at most 14 days from the prior', () => {
    const out = run({
      asOf: '2026-12-01',
      patient: adult,
      treatments: [full('2026-01-05', 'xeomin', { glabella: 20 })],
      observations: [returning('2026-03-02', 'glabella')],
    }).recommendation.areas[0]!;
    expect(out.observedDurations).toEqual([56]);
    expect(out.expectedDurationDays).toBe(105 - 14);
  });
});

describe('ages and 29 February birthdays', () => {
  const leapling = { dob: '2008-02-29', flags: [] };
  it.each([
    ['2026-02-28', true],
    ['2026-03-01', false],
  ])('born 29 Feb 2008, booked %s: under 18 is %s', (date, under) => {
    const out = run({ asOf: '2026-01-01', patient: leapling, booking: full(date, 'xeomin', { glabella: 20 }) });
    expect(codes(out.booking!.findings)).toEqual(under ? ['UNDER_MINIMUM_AGE'] : []);
  });

  it('in a leap year the birthday is 29 February itself', () => {
    const patient = { dob: '2012-02-29', flags: [] };
    const settings = { minimumAge: 20 };
    const before = run({ asOf: '2030-01-01', patient, settings, booking: full('2032-02-28', 'xeomin', { glabella: 20 }) });
    expect(codes(before.booking!.findings)).toEqual(['UNDER_MINIMUM_AGE']);
    const onTheDay = run({ asOf: '2030-01-01', patient, settings, booking: full('2032-02-29', 'xeomin', { glabella: 20 }) });
    expect(codes(onTheDay.booking!.findings)).toEqual([]);
  });

  it('warns from the label age and when no birth date is known', () => {
    const old = run({
      asOf: '2026-01-01',
      patient: { dob: '1951-01-10', flags: [] },
      booking: full('2026-01-10', 'letybo', { glabella: 20 }),
    });
    expect(codes(old.booking!.findings)).toEqual(['AGE_ABOVE_LABEL']);
    const younger = run({
      asOf: '2026-01-01',
      patient: { dob: '1951-01-11', flags: [] },
      booking: full('2026-01-10', 'letybo', { glabella: 20 }),
    });
    expect(codes(younger.booking!.findings)).toEqual([]);
    const unknown = run({ asOf: '2026-01-01', patient: { flags: [] }, booking: full('2026-01-10', 'botox', { glabella: 20 }) });
    expect(codes(unknown.booking!.findings)).toEqual(['AGE_UNKNOWN']);
  });
});
