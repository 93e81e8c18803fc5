import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import type { BookingInput } from '../../shared/calendar';
import { chart, fullTreatment, testClinic, type TestClinic } from '../support/core';

// The harness clock says Sunday 22 November 2026, 10:00 UTC; the clinic is in London.
async function setup() {
  const c = await testClinic();
  const sarah = await c.injector('Dr Sarah Whitfield');
  const james = await c.injector('Nurse James Okoro');
  const rooms = await c.call('calendar.addRoom', { name: 'Room 1' });
  const patient = await c.patient({ firstName: 'Ann', lastName: 'Okafor' });
  const other = await c.patient({ firstName: 'Bea', lastName: 'Brown', phone: '07000 222333' });
  return { c, sarah, james, room: rooms.rooms[0]!.id, patient, other };
}

const slot = (patientId: number, practitionerId: number, over: Partial<BookingInput> = {}): BookingInput => ({
  patientId,
  practitionerId,
  roomId: null,
  type: 'consultation',
  planned: null,
  date: '2026-11-24',
  start: '10:00',
  end: '10:30',
  notes: '',
  overrideReason: '',
  allowPast: false,
  ...over,
});

async function refusal(c: TestClinic, b: BookingInput) {
  const r = await c.raw('appointments.book', b);
  expect(r.ok).toBe(false);
  return r.ok ? null : r.error;
}

describe('booking', () => {
  it('books an appointment, and refuses a double booking of the practitioner or the room with a clear message', async () => {
    const { c, sarah, james, room, patient, other } = await setup();
    const a = await c.call('appointments.book', slot(patient, sarah, { roomId: room }));
    expect(a).toMatchObject({
      date: '2026-11-24',
      start: '10:00',
      end: '10:30',
      status: 'booked',
      patientName: 'Ann Okafor',
      roomName: 'Room 1',
    });
    expect(a.startsAtMs).toBe(Date.parse('2026-11-24T10:00:00Z'));

    expect(await refusal(c, slot(other, sarah, { start: '10:15', end: '10:45' }))).toMatchObject({
      code: 'INVALID_INPUT',
      fields: { start: 'Dr Sarah Whitfield already sees Ann Okafor at 10:00–10:30' },
    });
    expect(await refusal(c, slot(other, james, { roomId: room, start: '10:15', end: '10:45' }))).toMatchObject({
      fields: { roomId: 'Room 1 is taken by Ann Okafor at 10:00–10:30' },
    });
    // Back to back is fine, and so is another practitioner in another room.
    await c.call('appointments.book', slot(other, sarah, { start: '10:30', end: '11:00' }));
    await c.call('appointments.book', slot(other, james, { start: '10:00', end: '10:30' }));
    expect(c.core.db.prepare('SELECT count(*) FROM appointments').pluck().get()).toBe(3);
  });

  it('two windows booking the same slot at once give one booking and one clear message', async () => {
    const { c, sarah, patient, other } = await setup();
    const [first, second] = await Promise.all([
      c.raw('appointments.book', slot(patient, sarah)),
      c.raw('appointments.book', slot(other, sarah)),
    ]);
    expect([first.ok, second.ok].sort()).toEqual([false, true]);
    const refused = first.ok ? second : first;
    expect(!refused.ok && refused.error.message).toMatch(/already sees/);
    expect(c.core.db.prepare('SELECT count(*) FROM appointments').pluck().get()).toBe(1);
  });

  it('refuses closed days, times outside opening or working hours, days off, the past without confirmation, and an end before the start', async () => {
    const { c, sarah, james, patient } = await setup();
    expect(await refusal(c, slot(patient, sarah, { date: '2026-11-29' }))).toMatchObject({
      fields: { date: 'The clinic is closed on Sundays' },
    });
    expect(await refusal(c, slot(patient, sarah, { start: '07:30', end: '08:00' }))).toMatchObject({
      fields: { start: 'Outside opening hours (09:00–18:00)' },
    });
    await c.call('calendar.addDayOff', { staffId: null, day: '2026-12-25', reason: 'Christmas Day' });
    expect(await refusal(c, slot(patient, sarah, { date: '2026-12-25' }))).toMatchObject({
      fields: { date: 'The clinic is closed on 2026-12-25: Christmas Day' },
    });
    await c.call('calendar.addDayOff', { staffId: sarah, day: '2026-11-26', reason: 'Training' });
    expect(await refusal(c, slot(patient, sarah, { date: '2026-11-26' }))).toMatchObject({
      fields: { practitionerId: 'Dr Sarah Whitfield is off on 2026-11-26: Training' },
    });
    const week = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
    await c.call('calendar.setWorkingHours', {
      staffId: james,
      days: week.map((weekday) => ({
        weekday,
        isWorking: weekday === 'tue' || weekday === 'wed',
        starts: '12:00',
        ends: '17:00',
      })),
    });
    expect(await refusal(c, slot(patient, james, { date: '2026-11-23' }))).toMatchObject({
      fields: { practitionerId: 'Nurse James Okoro does not work on Mondays' },
    });
    expect(await refusal(c, slot(patient, james))).toMatchObject({
      fields: { practitionerId: 'Nurse James Okoro works 12:00–17:00 on Tuesdays' },
    });
    expect(await refusal(c, slot(patient, sarah, { date: '2026-11-20' }))).toMatchObject({
      fields: { date: 'This time has already passed: confirm to record a past appointment' },
    });
    await c.call('appointments.book', slot(patient, sarah, { date: '2026-11-20', allowPast: true }));
    expect(await refusal(c, slot(patient, sarah, { start: '11:00', end: '10:30' }))).toMatchObject({
      code: 'INVALID_INPUT',
      fields: { end: 'The end must be after the start' },
    });
    expect(await refusal(c, slot(patient, 999))).toMatchObject({
      fields: { practitionerId: 'Choose a practitioner from the team' },
    });
    expect(await refusal(c, slot(999, sarah))).toMatchObject({ fields: { patientId: 'Choose a patient' } });
    expect(c.core.db.prepare('SELECT count(*) FROM appointments').pluck().get()).toBe(1);
  });

  it('a treatment booked too soon needs a written reason, kept with the appointment and in the audit trail', async () => {
    const { c, sarah, patient, other } = await setup();
    await c.consent(patient);
    await chart(c, fullTreatment(patient, sarah, await c.lot(), '2026-10-01'));
    const treatment = slot(patient, sarah, {
      type: 'treatment',
      planned: { product: 'botox', areas: [{ area: 'glabella', units: 20 }] },
    });
    const preview = await c.call('appointments.preview', { booking: treatment, excludeId: null });
    expect(preview.problems).toEqual([]);
    expect(preview.rules?.verdict).toBe('warn');
    expect(preview.rules?.findings.map((f) => f.code)).toEqual(['EARLY_RETREATMENT']);
    expect(preview.suggestions).toEqual([{ date: '2027-01-07', label: 'Recall date' }]);

    expect(await refusal(c, treatment)).toMatchObject({
      code: 'INVALID_INPUT',
      fields: { overrideReason: expect.any(String) as string },
    });
    const booked = await c.call('appointments.book', { ...treatment, overrideReason: 'Asymmetry at review; prescriber agreed' });
    expect(booked.overrideReason).toBe('Asymmetry at review; prescriber agreed');
    expect(booked.findings.map((f) => f.code)).toEqual(['EARLY_RETREATMENT']);
    const audit = c.core.db.prepare("SELECT after_json FROM audit_log WHERE entity = 'appointment'").pluck().get() as string;
    expect(JSON.parse(audit)).toMatchObject({ overrideReason: 'Asymmetry at review; prescriber agreed' });
    // Without a plan, a treatment is planned as last time, and the same check applies to it.
    expect(await refusal(c, slot(patient, sarah, { type: 'treatment', start: '11:00', end: '11:30' }))).toMatchObject({
      fields: { overrideReason: expect.any(String) as string },
    });
    // A patient with no treatment to plan from must be told what will be given.
    expect(await refusal(c, slot(other, sarah, { type: 'treatment', start: '11:00', end: '11:30' }))).toMatchObject({
      fields: { planned: expect.any(String) as string },
    });
  });

  it('a blocked patient cannot be booked for a treatment, but a consultation can be booked', async () => {
    const { c, sarah } = await setup();
    const pregnant = await c.patient({ firstName: 'Cat', lastName: 'Cole', flags: ['pregnant'] });
    const treatment = slot(pregnant, sarah, {
      type: 'treatment',
      planned: { product: 'botox', areas: [{ area: 'glabella', units: 20 }] },
      overrideReason: 'Patient insists',
    });
    const r = await refusal(c, treatment);
    expect(r).toMatchObject({ code: 'CONFLICT' });
    expect(r?.message).toMatch(/cannot be booked.*A consultation can still be booked/);
    await c.call('appointments.book', slot(pregnant, sarah));
  });

  it('moves, cancels with a reason and keeps every change in the appointment’s history', async () => {
    const { c, sarah, james, patient, other } = await setup();
    const a = await c.call('appointments.book', slot(patient, sarah));
    await c.call('appointments.book', slot(other, james, { start: '14:00', end: '14:30' }));
    const move = {
      id: a.id,
      practitionerId: sarah,
      roomId: null,
      date: '2026-11-25',
      start: '11:00',
      end: '11:45',
      overrideReason: '',
      allowPast: false,
    };
    const moved = await c.call('appointments.move', move);
    expect(moved).toMatchObject({ date: '2026-11-25', start: '11:00', end: '11:45' });
    expect(
      await c.raw('appointments.move', { ...move, practitionerId: james, date: '2026-11-24', start: '14:15', end: '14:45' }),
    ).toMatchObject({
      ok: false,
      error: { fields: { start: 'Nurse James Okoro already sees Bea Brown at 14:00–14:30' } },
    });
    expect((await c.call('appointments.range', { from: '2026-11-25', to: '2026-11-25', practitionerId: null }))[0]).toMatchObject(
      { start: '11:00' },
    );
    await c.call('appointments.setStatus', { id: a.id, status: 'confirmed', reason: '' });
    expect(await c.raw('appointments.setStatus', { id: a.id, status: 'cancelled', reason: '' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', fields: { reason: 'Say why it is cancelled' } },
    });
    await c.call('appointments.setStatus', { id: a.id, status: 'cancelled', reason: 'Patient unwell' });
    expect(await c.raw('appointments.move', move)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    // The cancelled slot is free again.
    await c.call('appointments.book', slot(other, sarah, { date: '2026-11-25', start: '11:00', end: '11:30' }));
    const history = await c.call('appointments.history', { id: a.id });
    expect(history.map((h) => h.summary)).toEqual([
      'Booked for 2026-11-24 10:00–10:30 with Dr Sarah Whitfield',
      'Moved from 2026-11-24 10:00–10:30 to 2026-11-25 11:00–11:45',
      'Confirmed',
      'Cancelled: Patient unwell',
    ]);
  });
});

describe('what reception prints and exports', () => {
  it('the iCalendar export parses, and keeps wall-clock times right across the end of summer time', async () => {
    const { c, sarah, patient, other } = await setup();
    // 2026-10-25 is when London leaves summer time; the clinic's clock says 10:00 on both days.
    await c.call(
      'appointments.book',
      slot(patient, sarah, { date: '2026-10-23', allowPast: true, notes: 'Bring photos; ask about, semicolons' }),
    );
    await c.call('appointments.book', slot(other, sarah, { date: '2026-10-30', allowPast: true }));
    const { ics, fileName } = await c.call('calendar.ics', { practitionerId: sarah, from: '2026-10-01', to: '2026-11-30' });
    expect(fileName).toBe('Dr-Sarah-Whitfield-2026-10-01-to-2026-11-30.ics');
    const parsed = ICAL.parse(ics) as unknown[];
    const events = new ICAL.Component(parsed).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    // Initials by default: the file may end up in a calendar on someone's phone.
    expect(events.map((e) => e.summary)).toEqual(['Consultation: A.O.', 'Consultation: B.B.']);
    expect(events.map((e) => e.startDate.toJSDate().toISOString())).toEqual([
      '2026-10-23T09:00:00.000Z',
      '2026-10-30T10:00:00.000Z',
    ]);
    const london = (d: Date) =>
      new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' }).format(d);
    expect(events.map((e) => london(e.startDate.toJSDate()))).toEqual(['10:00', '10:00']);
    expect(events[0]!.description).toBe('Bring photos; ask about, semicolons');
    const uid = c.core.db.prepare('SELECT uid FROM clinic_identity').pluck().get() as string;
    expect(events.map((e) => e.uid)).toEqual(
      (c.core.db.prepare('SELECT id FROM appointments ORDER BY starts_at_ms').pluck().all() as number[]).map(
        (id) => `appointment-${id}-${uid}@clinic-records`,
      ),
    );
  });

  it('exports the range shown for everyone, with full names when the clinic chooses them', async () => {
    const { c, sarah, james, patient, other } = await setup();
    await c.call('appointments.book', slot(patient, sarah));
    await c.call('appointments.book', slot(other, james, { date: '2026-11-26' }));
    await c.call('appointments.book', slot(other, james, { date: '2026-12-03' }));
    const week = await c.call('calendar.ics', { practitionerId: null, from: '2026-11-23', to: '2026-11-29' });
    expect(week.fileName).toBe('Everyone-2026-11-23-to-2026-11-29.ics');
    const summaries = (ics: string) =>
      new ICAL.Component(ICAL.parse(ics) as unknown[]).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v).summary);
    expect(summaries(week.ics)).toEqual(['Consultation: A.O. (Dr Sarah Whitfield)', 'Consultation: B.B. (Nurse James Okoro)']);
    await c.call('settings.update', { ...(await c.call('settings.get', {})), calendarNames: 'full' });
    const full = await c.call('calendar.ics', { practitionerId: james, from: '2026-11-01', to: '2026-11-30' });
    expect(summaries(full.ics)).toEqual(['Consultation: Bea Brown']);
    expect(await c.raw('calendar.ics', { practitionerId: null, from: '2026-11-30', to: '2026-11-01' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
  });

  it('the day sheet flags allergies, missing consent, first visits, overrides and the last toxin', async () => {
    const { c, sarah, patient } = await setup();
    const other = await c.patient({
      firstName: 'Cat',
      lastName: 'Cole',
      phone: '07000 444555',
      allergies: 'Latex',
      flags: ['anticoagulants'],
    });
    await c.consent(patient);
    await chart(c, fullTreatment(patient, sarah, await c.lot(), '2026-10-01'));
    await c.call('appointments.book', {
      ...slot(patient, sarah, { type: 'treatment', planned: { product: 'botox', areas: [{ area: 'glabella', units: 20 }] } }),
      overrideReason: 'Agreed at consultation',
    });
    await c.call('appointments.book', slot(other, sarah, { start: '11:00', end: '11:30' }));
    const sheet = await c.call('sheets.days', { from: '2026-11-24', days: 1, practitionerId: null });
    const [ann, cat] = sheet.days[0]!.rows;
    expect(ann!.flags).toEqual(['Booked despite a warning: Agreed at consultation']);
    expect(ann!.lastToxin).toEqual({ product: 'Botox Cosmetic', on: '2026-10-01' });
    expect(cat!.flags).toEqual(['Allergy: Latex', 'Takes anticoagulants', 'No consent in force', 'First visit']);
    expect(cat!.lastToxin).toBeNull();
  });
});
