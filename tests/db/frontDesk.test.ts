import { describe, expect, it } from 'vitest';
import type { BookingInput } from '../../shared/calendar';
import { chart, fullTreatment, testClinic, type TestClinic } from '../support/core';

// The clock says Sunday 22 November 2026, 10:00 in London (UTC in winter). The clinic opens
// Monday to Friday 09:00–18:00 and Saturday 10:00–16:00.
const booking = (patientId: number, practitionerId: number, date: string, start: string, end: string): BookingInput => ({
  patientId,
  practitionerId,
  roomId: null,
  type: 'consultation',
  planned: null,
  date,
  start,
  end,
  notes: '',
  overrideReason: '',
  allowPast: false,
});

async function clinic() {
  const c = await testClinic();
  const sarah = await c.injector('Dr Sarah Whitfield');
  const james = await c.injector('Nurse James Okoro');
  const ann = await c.patient({ firstName: 'Ann', lastName: 'Okafor' });
  const bea = await c.patient({ firstName: 'Bea', lastName: 'Brown' });
  return { c, sarah, james, ann, bea };
}

const free = (c: TestClinic, patientId: number, practitionerId: number, from: string, minutes = 30, count = 3) =>
  c.call('appointments.freeSlots', { patientId, practitionerId, from, minutes, count });

describe('the next free times with a practitioner', () => {
  it('offers the first three free times on or after the day, around what is booked, without overlapping each other', async () => {
    const { c, sarah, ann, bea } = await clinic();
    await c.call('appointments.book', booking(bea, sarah, '2026-11-24', '09:00', '09:30'));
    await c.call('appointments.book', booking(bea, sarah, '2026-11-24', '10:00', '11:00'));
    expect(await free(c, ann, sarah, '2026-11-24')).toEqual([
      { date: '2026-11-24', start: '09:30', end: '10:00' },
      { date: '2026-11-24', start: '11:00', end: '11:30' },
      { date: '2026-11-24', start: '11:30', end: '12:00' },
    ]);
    // Every offer can be booked as it stands.
    for (const s of await free(c, ann, sarah, '2026-11-24')) {
      const r = await c.call('appointments.preview', { booking: booking(ann, sarah, s.date, s.start, s.end), excludeId: null });
      expect(r.problems).toEqual([]);
    }
  });

  it('never offers a time already past: today only from now on, and a day in the past is read as today', async () => {
    const { c, sarah, ann } = await clinic();
    // Sunday is closed, so "from today" starts on Monday morning.
    expect((await free(c, ann, sarah, '2026-11-01', 30, 1))[0]).toEqual({ date: '2026-11-23', start: '09:00', end: '09:30' });
    const s = await c.call('settings.get', {});
    await c.call('settings.update', {
      ...s,
      openingHours: s.openingHours.map((h) => (h.day === 'sun' ? { ...h, open: true, opens: '09:00', closes: '17:00' } : h)),
    });
    // Open on Sunday now, and it is 10:00: the first offer is 10:00, not 09:00.
    expect((await free(c, ann, sarah, '2026-11-22', 30, 1))[0]).toEqual({ date: '2026-11-22', start: '10:00', end: '10:30' });
  });

  it('keeps to the practitioner’s own hours, days off and clinic closures', async () => {
    const { c, james, ann } = await clinic();
    const week = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
    await c.call('calendar.setWorkingHours', {
      staffId: james,
      days: week.map((weekday) => ({
        weekday,
        isWorking: weekday === 'wed' || weekday === 'thu',
        starts: '16:30',
        ends: '19:00',
      })),
    });
    await c.call('calendar.addDayOff', { staffId: james, day: '2026-11-25', reason: 'Training' });
    await c.call('calendar.addDayOff', { staffId: null, day: '2026-11-26', reason: 'Staff day' });
    // Wednesday off, Thursday closed; the next Wednesday from 16:30 until the clinic closes at 18:00.
    expect(await free(c, ann, james, '2026-11-23', 45)).toEqual([
      { date: '2026-12-02', start: '16:30', end: '17:15' },
      { date: '2026-12-02', start: '17:15', end: '18:00' },
      { date: '2026-12-03', start: '16:30', end: '17:15' },
    ]);
  });

  it('books "as last time": the product and areas of the last full treatment', async () => {
    const { c, sarah, ann, bea } = await clinic();
    const lot = await c.lot();
    await c.consent(ann);
    expect(await c.call('appointments.usualType', { patientId: ann })).toBe('consultation');
    await chart(
      c,
      fullTreatment(ann, sarah, lot, '2026-08-01', [
        { area: 'glabella', units: 20 },
        { area: 'forehead', units: 10 },
      ]),
    );
    expect(await c.call('appointments.lastPlanned', { patientId: ann })).toEqual({
      product: 'botox',
      areas: [
        { area: 'glabella', units: 20 },
        { area: 'forehead', units: 10 },
      ],
    });
    expect(await c.call('appointments.lastPlanned', { patientId: bea })).toBeNull();
    // Once treated, a booking for the patient starts as a treatment; never treated, as a consultation.
    expect(await c.call('appointments.usualType', { patientId: ann })).toBe('treatment');
    expect(await c.call('appointments.usualType', { patientId: bea })).toBe('consultation');
    expect(await c.raw('appointments.usualType', { patientId: 999 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await c.raw('appointments.lastPlanned', { patientId: 999 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });
});

describe('the recall contact log', () => {
  async function due() {
    const x = await clinic();
    const lot = await x.c.lot();
    await x.c.consent(x.ann);
    await chart(x.c, fullTreatment(x.ann, x.sarah, lot, '2026-08-01'));
    return x;
  }
  const list = (c: TestClinic) =>
    c.call('recall.list', {
      from: '2026-01-01',
      to: '2027-06-30',
      practitionerId: null,
      area: null,
      overdueOnly: false,
      status: 'all',
    });

  it('keeps the note and the time given, shows them on the list and in the patient’s history, with who logged it', async () => {
    const { c, sarah, ann } = await due();
    expect((await list(c)).rows[0]).toMatchObject({ injectorId: sarah, injectorName: 'Dr Sarah Whitfield', lastContactNote: '' });
    await c.call('recall.log', {
      patientId: ann,
      outcome: 'no_answer',
      snoozeUntil: null,
      note: '',
      contactedOn: '2026-11-21',
      contactedAt: '16:45',
    });
    await c.call('recall.log', {
      patientId: ann,
      outcome: 'called',
      snoozeUntil: null,
      note: 'Will ring back after her holiday',
    });
    expect((await list(c)).rows[0]).toMatchObject({
      lastOutcome: 'called',
      lastContactOn: '2026-11-22',
      lastContactAt: '10:00',
      lastContactNote: 'Will ring back after her holiday',
      lastContactBy: 'Clinic Owner',
      attempts: 2,
    });
    expect(await c.call('recall.contacts', { patientId: ann })).toEqual([
      expect.objectContaining({
        contactedOn: '2026-11-22',
        contactedAt: '10:00',
        outcome: 'called',
        note: 'Will ring back after her holiday',
        staffName: 'Clinic Owner',
      }),
      expect.objectContaining({
        contactedOn: '2026-11-21',
        contactedAt: '16:45',
        outcome: 'no_answer',
        staffName: 'Clinic Owner',
      }),
    ]);
  });

  it('orders contacts by when they happened, so a call logged late does not hide a later one', async () => {
    const { c, ann } = await due();
    await c.call('recall.log', { patientId: ann, outcome: 'left_message', snoozeUntil: null, note: '' });
    await c.call('recall.log', {
      patientId: ann,
      outcome: 'no_answer',
      snoozeUntil: null,
      note: 'earlier',
      contactedOn: '2026-11-22',
      contactedAt: '08:30',
    });
    expect((await list(c)).rows[0]).toMatchObject({ lastOutcome: 'left_message', lastContactAt: '10:00' });
  });

  it('refuses a contact in the future, naming the field', async () => {
    const { c, ann } = await due();
    expect(
      await c.raw('recall.log', {
        patientId: ann,
        outcome: 'called',
        snoozeUntil: null,
        note: '',
        contactedOn: '2026-11-22',
        contactedAt: '11:30',
      }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: { contactedAt: 'This is in the future' } } });
    expect(
      await c.raw('recall.log', {
        patientId: ann,
        outcome: 'called',
        snoozeUntil: null,
        note: '',
        contactedOn: '2026-11-23',
        contactedAt: '09:00',
      }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: { contactedOn: 'This is in the future' } } });
    expect(await c.call('recall.contacts', { patientId: ann })).toEqual([]);
  });
});
