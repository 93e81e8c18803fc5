import { describe, expect, it } from 'vitest';
import {
  addDays,
  ageOn,
  calendarDayIn,
  dayRangeMs,
  dayNumber,
  daysBetween,
  epochMsToZoned,
  formatLongDate,
  isValidDay,
  timeOfDayIn,
  weekdayIndex,
  zonedToEpochMs,
  zoneOffsetMs,
} from '../../shared/time';

// Expected instants are written as UTC facts from the zones' published rules, not computed by the module.
const utc = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;

describe('the clocks going forward: wall-clock times that do not exist', () => {
  it.each([
    // zone, day, the last minute before, a skipped time, the first time after, the instant the clocks jumped
    ['Europe/London', '2026-03-29', '00:59', '01:30', '02:00', '2026-03-29T01:00Z'],
    ['America/New_York', '2026-03-08', '01:59', '02:30', '03:00', '2026-03-08T07:00Z'],
    ['Pacific/Auckland', '2026-09-27', '01:59', '02:30', '03:00', '2026-09-26T14:00Z'],
    ['Australia/Lord_Howe', '2026-10-04', '01:59', '02:15', '02:30', '2026-10-03T15:30Z'],
  ])('%s on %s: %s exists, %s does not, %s is the moment of the change', (zone, day, lastBefore, skipped, firstAfter, jump) => {
    expect(zonedToEpochMs(day, lastBefore, zone)).toBe(utc(jump) - 60_000);
    expect(zonedToEpochMs(day, skipped, zone)).toBeNull();
    expect(zonedToEpochMs(day, firstAfter, zone)).toBe(utc(jump));
    expect(epochMsToZoned(utc(jump) - 60_000, zone)).toEqual({ day, time: lastBefore });
    expect(epochMsToZoned(utc(jump), zone)).toEqual({ day, time: firstAfter });
  });

  it('a day whose midnight is skipped (Chile) starts at 01:00 and lasts 23 hours', () => {
    expect(zonedToEpochMs('2026-09-06', '00:00', 'America/Santiago')).toBeNull();
    const [start, end] = dayRangeMs('2026-09-06', '2026-09-06', 'America/Santiago');
    expect(start).toBe(utc('2026-09-06T04:00Z'));
    expect(end - start).toBe(23 * HOUR);
  });
});

describe('the clocks going back: the repeated hour', () => {
  it.each([
    ['Europe/London', '2026-10-25', '2026-10-25T00:30Z'],
    ['America/New_York', '2026-11-01', '2026-11-01T05:30Z'],
    ['Pacific/Auckland', '2026-04-05', '2026-04-04T13:30Z'],
  ])('%s on %s: a time in the repeated hour is the first of the two; both read back the same', (zone, day, firstIso) => {
    const time = zone === 'Pacific/Auckland' ? '02:30' : '01:30';
    expect(zonedToEpochMs(day, time, zone)).toBe(utc(firstIso));
    expect(epochMsToZoned(utc(firstIso), zone)).toEqual({ day, time });
    expect(epochMsToZoned(utc(firstIso) + HOUR, zone)).toEqual({ day, time });
  });

  it('the day the clocks go back lasts 25 hours and the day they go forward 23', () => {
    const length = (day: string, zone: string) => {
      const [a, b] = dayRangeMs(day, day, zone);
      return (b - a) / HOUR;
    };
    expect(length('2026-10-25', 'Europe/London')).toBe(25);
    expect(length('2026-03-29', 'Europe/London')).toBe(23);
    expect(length('2026-04-05', 'Pacific/Auckland')).toBe(25);
    expect(length('2026-09-27', 'Pacific/Auckland')).toBe(23);
    expect(length('2026-06-01', 'Asia/Kathmandu')).toBe(24);
    // A week across a change: 7 × 24 hours less one.
    expect(dayRangeMs('2026-03-23', '2026-03-29', 'Europe/London').reduce((a, b) => b - a) / HOUR).toBe(167);
  });
});

describe('instants and wall clocks', () => {
  it('reads offsets that are not whole hours', () => {
    expect(epochMsToZoned(utc('2026-01-01T00:00Z'), 'Asia/Kathmandu')).toEqual({ day: '2026-01-01', time: '05:45' });
    expect(zoneOffsetMs('Asia/Kathmandu', utc('2026-01-01T00:00Z'))).toBe(5.75 * HOUR);
    expect(calendarDayIn('Pacific/Auckland', utc('2026-11-22T11:00Z'))).toBe('2026-11-23');
    expect(timeOfDayIn('America/New_York', utc('2026-11-22T03:00Z'))).toBe('22:00');
  });

  it('turns every quarter hour of a year into a wall-clock time and back (the repeated hour to its first instant)', () => {
    for (const zone of ['Europe/London', 'America/New_York', 'Pacific/Auckland', 'Australia/Lord_Howe']) {
      for (let ms = utc('2026-01-01T00:00Z'); ms < utc('2027-01-01T00:00Z'); ms += 15 * 60_000) {
        const { day, time } = epochMsToZoned(ms, zone);
        const back = zonedToEpochMs(day, time, zone)!;
        // Back to the same instant, or to the earlier of two instants showing the same time.
        const again = back === ms || (back < ms && ms - back <= HOUR && epochMsToZoned(back, zone).time === time);
        expect(again, `${zone} ${new Date(ms).toISOString()} → ${day} ${time}`).toBe(true);
      }
    }
  });
});

describe('calendar days', () => {
  it('counts weekdays and days without Date, matching the calendar', () => {
    for (let d = '1999-12-25'; d < '2001-03-05'; d = addDays(d, 1)) {
      expect(weekdayIndex(d)).toBe(new Date(`${d}T12:00:00Z`).getUTCDay());
    }
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2026-02-28', '2026-03-01')).toBe(1);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(isValidDay('2026-02-29')).toBe(false);
    expect(isValidDay('2028-02-29')).toBe(true);
    expect(formatLongDate('2026-11-22')).toBe('Sunday 22 November 2026');
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
  });

  it('numbers days as Date does, and refuses anything not written YYYY-MM-DD', () => {
    for (const d of ['1600-03-01', '1970-01-01', '1969-12-31', '2000-02-29', '2026-11-30', '9999-12-31']) {
      expect(dayNumber(d)).toBe(Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8))) / 86_400_000);
    }
    for (const bad of [
      '',
      '2026-1-30',
      '2026-11-3',
      '2026/11/30',
      '2026-11-30 ',
      ' 2026-11-30',
      '2026-11-3a',
      '2O26-11-30',
      '20261130xx',
      '2026-11-30T10:00',
    ]) {
      expect(() => dayNumber(bad), bad).toThrow('Not a calendar date');
      expect(isValidDay(bad), bad).toBe(false);
    }
  });
});
