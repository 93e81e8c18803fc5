import { describe, expect, it } from 'vitest';
import { clinicFormat, countryOf, guessCountry } from '../../shared/locale';
import { looksLikePhone, nationalDigits } from '../../shared/phone';

const gb = clinicFormat({ country: 'GB', language: 'en' });
const us = clinicFormat({ country: 'US', language: 'en' });
const de = clinicFormat({ country: 'DE', language: 'de' });

describe('one date and time format from the clinic’s country and language', () => {
  it('writes a calendar day the country’s way, the same in every time zone', () => {
    expect(gb.date('2026-08-10')).toBe('10 Aug 2026');
    expect(us.date('2026-08-10')).toBe('Aug 10, 2026');
    expect(gb.longDate('2026-11-22')).toMatch(/^Sunday,? 22 November 2026$/);
    expect(us.longDate('2026-11-22')).toBe('Sunday, November 22, 2026');
    expect(de.date('2026-08-10')).toBe('10. Aug. 2026');
    expect(gb.numericDate('2026-11-02')).toBe('02/11/2026');
    expect(us.numericDate('2026-11-02')).toBe('11/02/2026');
    expect(de.numericDate('2026-11-02')).toBe('02.11.2026');
    expect([gb.datePattern, us.datePattern, de.datePattern]).toEqual(['DD/MM/YYYY', 'MM/DD/YYYY', 'DD.MM.YYYY']);
    // Not a date: shown as it is rather than as "Invalid Date".
    expect(gb.date('soon')).toBe('soon');
  });

  it('reads the clock as the country does, and never lets a time break across lines', () => {
    expect(gb.time('14:30')).toBe('14:30');
    expect(gb.time('09:05')).toBe('09:05');
    expect(us.time('14:30')).toBe('2:30\u00a0PM');
    expect(us.time('09:05')).toBe('9:05\u00a0AM');
    expect([gb.hour12, us.hour12]).toEqual([false, true]);
  });

  it('reads a typed date in the country’s order, an ISO date anywhere, and refuses what is not a date', () => {
    expect(gb.parseDate('22/11/2026')).toBe('2026-11-22');
    expect(gb.parseDate(' 2.3.2026 ')).toBe('2026-03-02');
    expect(us.parseDate('11/22/2026')).toBe('2026-11-22');
    expect(us.parseDate('2026-11-22')).toBe('2026-11-22');
    expect(gb.parseDate('31/02/2026')).toBeNull();
    expect(gb.parseDate('22/11')).toBeNull();
    // A two-digit year only once the entry is finished, so typing "…/20" on the way to 2026 is not 2020.
    expect(gb.parseDate('22/11/26', true)).toBe('2026-11-22');
    expect(gb.parseDate('22/11/20', false)).toBeNull();
    expect(gb.parseDate('22/11/202', false)).toBeNull();
  });

  it('reads a typed time in 24-hour or AM/PM form', () => {
    for (const [typed, time] of [
      ['14:30', '14:30'],
      ['1430', '14:30'],
      ['9', '09:00'],
      ['930', '09:30'],
      ['2:30 pm', '14:30'],
      ['2.30PM', '14:30'],
      ['12 am', '00:00'],
      ['12:15 p.m.', '12:15'],
    ] as const) {
      expect(gb.parseTime(typed), typed).toBe(time);
    }
    expect(gb.parseTime('25:00')).toBeNull();
    expect(gb.parseTime('13 pm')).toBeNull();
    expect(gb.parseTime('noon')).toBeNull();
  });

  it('prints on A4, and on US Letter in the US and Canada', () => {
    expect([gb.paper, us.paper, clinicFormat({ country: 'CA', language: 'en' }).paper, de.paper]).toEqual([
      'A4',
      'Letter',
      'Letter',
      'A4',
    ]);
  });

  it('guesses a new clinic’s country from the computer’s time zone, then its locale', () => {
    expect(guessCountry('Europe/London')).toBe('GB');
    expect(guessCountry('America/Chicago')).toBe('US');
    expect(guessCountry('Australia/Perth')).toBe('AU');
    expect(guessCountry('Etc/UTC', 'fr-FR')).toBe('FR');
    expect(guessCountry('Etc/UTC', 'en')).toBe('GB');
    expect(countryOf('ZZ').code).toBe('GB');
  });
});

describe('phone numbers as callers give them', () => {
  it('takes away the country’s dialling habits: the calling code, 00 and the trunk prefix', () => {
    for (const typed of ['07859 561570', '+44 7859 561570', '00447859561570', '+44 (0)7859 561570'.replace('(0)', '')]) {
      expect(nationalDigits(typed, 'GB'), typed).toBe('7859561570');
    }
    expect(nationalDigits('561570', 'GB')).toBe('561570');
    expect(nationalDigits('7859 561', 'GB')).toBe('7859561');
    expect(nationalDigits('+1 (415) 555-0134', 'US')).toBe('4155550134');
    expect(nationalDigits('1 415 555 0134', 'US')).toBe('4155550134');
    // Italy keeps the leading 0 of its numbers; a foreign number keeps its calling code.
    expect(nationalDigits('+39 06 1234 5678', 'IT')).toBe('0612345678');
    expect(nationalDigits('06 1234 5678', 'IT')).toBe('0612345678');
    expect(nationalDigits('+33 6 12 34 56 78', 'GB')).toBe('33612345678');
  });

  it('tells a phone number from a name', () => {
    expect(looksLikePhone('07859 561570')).toBe(true);
    expect(looksLikePhone('+44 (0) 7859-561.570')).toBe(true);
    expect(looksLikePhone('56')).toBe(false);
    expect(looksLikePhone('ann 0712')).toBe(false);
  });
});
