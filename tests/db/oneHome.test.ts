import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bookableHours, calendarWindow, hoursProblems, type HoursFacts } from '../../shared/calendar';
import { usableLotsOf, type Lot } from '../../shared/lots';
import { defaultOpeningHours } from '../../shared/settings';
import { chart, fullTreatment, testClinic, TEST_OWNER } from '../support/core';
import { planOf, statementsRunBy } from '../support/queryPlans';

describe('a treatment given elsewhere, amended, is checked like one recorded', () => {
  async function recorded() {
    const c = await testClinic();
    const patientId = await c.patient();
    const t = await c.call('treatments.recordElsewhere', {
      patientId,
      performedOn: '2026-09-01',
      product: 'dysport',
      kind: 'full',
      areas: [{ area: 'glabella', units: 50 }],
      where: 'City Skin Clinic',
      notes: '',
    });
    const amend = (changes: Record<string, unknown>) =>
      c.raw('treatments.amend', {
        id: t.id,
        reason: 'Corrected',
        treatment: {
          ...fullTreatment(patientId, 1, 1, '2026-09-01'),
          product: 'dysport',
          areas: [{ area: 'glabella', units: 50 }],
          lotId: null,
          injectorId: null,
          ...changes,
        },
      });
    return { c, patientId, amend };
  }

  it.each([
    ['a date after today', { performedOn: '2026-11-23' }, 'treatment.performedOn'],
    ['an unknown product', { product: 'snake-oil' }, 'treatment.product'],
    ['no product', { product: null }, 'treatment.product'],
    ['an unknown area', { areas: [{ area: 'elbow', units: 10 }] }, 'treatment.areas.0.area'],
    ['no areas', { areas: [] }, 'treatment.areas'],
  ])('refuses %s at its field, and leaves the record as it was', async (_what, changes, field) => {
    const { c, patientId, amend } = await recorded();
    const r = await amend(changes);
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(r.ok ? null : Object.keys(r.error.fields ?? {})).toEqual([field]);
    const [record] = await c.call('treatments.list', { patientId });
    expect(record!.earlier).toEqual([]);
    expect(record!.current.performedOn).toBe('2026-09-01');
  });

  it('accepts a correction, keeping it free of any lot or injector of ours', async () => {
    const { c, patientId, amend } = await recorded();
    const sarah = await c.injector();
    const r = await amend({ performedOn: '2026-08-30', injectorId: sarah });
    expect(r).toMatchObject({ ok: true, value: { performedOn: '2026-08-30', injectorId: null, lotId: null, version: 2 } });
    expect((await c.call('schedule.get', { patientId })).areas[0]!.lastTreatmentDate).toBe('2026-08-30');
  });
});

describe('the earliest safe re-treatment is one date', () => {
  it('the stored summary holds the latest of the current areas’ dates, as the event plan does', async () => {
    const c = await testClinic();
    const sarah = await c.injector();
    const lotId = await c.lot();
    const patientId = await c.patient();
    await c.consent(patientId);
    // Daxxify's label interval is longer than Botox's; one visit, both products.
    await chart(c, fullTreatment(patientId, sarah, lotId, '2026-10-01', [{ area: 'glabella', units: 20 }]));
    const lotD = await c.lot('daxxify', 'DX1');
    await chart(c, {
      ...fullTreatment(patientId, sarah, lotD, '2026-10-01', [{ area: 'forehead', units: 10 }]),
      product: 'daxxify',
    });
    await c.call('events.add', { patientId, eventOn: '2027-06-01', label: 'Wedding' });
    const schedule = await c.call('schedule.get', { patientId });
    const dates = schedule.areas.filter((a) => a.current).map((a) => a.earliestRetreatmentDate);
    expect(new Set(dates).size).toBeGreaterThan(1);
    const latest = [...dates].sort().at(-1)!;
    expect(schedule.events[0]!.plan.earliestSafeDate).toBe(latest);
    const stored = c.core.db
      .prepare('SELECT earliest_retreatment_on FROM patient_schedule WHERE patient_id = ?')
      .pluck()
      .get(patientId);
    expect(stored).toBe(latest);
  });
});

describe('working hours: one rule for the calendar’s shading and the booking check', () => {
  const facts: HoursFacts = {
    openingHours: defaultOpeningHours(),
    workingHours: [
      { staffId: 1, weekday: 'tue', isWorking: true, starts: '10:00', ends: '14:00' },
      { staffId: 1, weekday: 'wed', isWorking: false, starts: '00:00', ends: '00:00' },
    ],
    daysOff: [
      { id: 1, staffId: null, day: '2026-12-25', reason: 'Christmas Day' },
      { id: 2, staffId: 2, day: '2026-11-24', reason: 'Training' },
    ],
  };
  const sarah = { id: 1, name: 'Dr Sarah' };
  const opening = defaultOpeningHours().find((h) => h.day === 'tue')!;

  it('what can be booked is never what the check refuses, and the other way round', () => {
    // 2026-11-24 is a Tuesday: Sarah works 10–14 within the clinic's hours; staff 2 is off.
    expect(bookableHours('2026-11-24', 1, facts)).toEqual({ opens: '10:00', closes: '14:00' });
    expect(hoursProblems('2026-11-24', '10:00', '14:00', sarah, facts)).toEqual([]);
    expect(hoursProblems('2026-11-24', '09:30', '10:00', sarah, facts)).toEqual([
      { field: 'practitionerId', message: 'Dr Sarah works 10:00–14:00 on Tuesdays' },
    ]);
    expect(bookableHours('2026-11-24', 2, facts)).toBeNull();
    expect(hoursProblems('2026-11-24', '10:00', '10:30', { id: 2, name: 'Ben' }, facts)[0]!.message).toBe(
      'Ben is off on 2026-11-24: Training',
    );
    expect(bookableHours('2026-11-25', 1, facts)).toBeNull();
    expect(bookableHours('2026-12-25', null, facts)).toBeNull();
    expect(hoursProblems('2026-12-25', '10:00', '10:30', null, facts)).toEqual([
      { field: 'date', message: 'The clinic is closed on 2026-12-25: Christmas Day' },
    ]);
    // Without hours of their own, a practitioner works the clinic's.
    expect(bookableHours('2026-11-24', 3, facts)).toEqual({ opens: opening.opens, closes: opening.closes });
  });

  it('the calendar shows the week’s opening hours, widened to appointments outside them', () => {
    const hours = defaultOpeningHours().map((h) => ({ ...h, opens: '07:30', closes: '21:15' }));
    expect(calendarWindow(hours, [])).toEqual({ opens: '07:00', closes: '22:00' });
    expect(calendarWindow(hours, [{ start: '06:15', end: '06:45' }])).toEqual({ opens: '06:00', closes: '22:00' });
  });
});

describe('usable lots', () => {
  it('are the product’s lots in date on the day and in stock, soonest to expire first', () => {
    const lot = (id: number, product: string, expiry: string, vials: number): Lot => ({
      id,
      product,
      lotNumber: `L${id}`,
      expiry,
      receivedOn: '2026-01-01',
      supplier: '',
      vials,
      unitsPerVial: 100,
      unitsOnHand: vials * 100,
    });
    const lots = [
      lot(1, 'botox', '2027-03-01', 4),
      lot(2, 'botox', '2026-11-21', 4),
      lot(3, 'botox', '2026-11-22', 2),
      lot(4, 'botox', '2026-12-01', 0),
      lot(5, 'dysport', '2027-01-01', 9),
    ];
    expect(usableLotsOf(lots, 'botox', '2026-11-22').map((l) => l.id)).toEqual([3, 1]);
    expect(usableLotsOf(lots, null, '2026-11-22')).toEqual([]);
  });
});

describe('one door: files to import are a contract method like any other', () => {
  it('photos.stage answers only through the file handover, with the contract’s schema and roles', async () => {
    const c = await testClinic();
    const file = path.join(c.dir, 'photo.jpg');
    fs.writeFileSync(file, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
    const page = { url: 'app://clinic/index.html', isMainFrame: true };
    const files = { ...page, door: 'files' as const };

    // The page cannot name a path, and the handover carries nothing but files.
    expect(await c.core.dispatch(page, 'photos.stage', { paths: [file] })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN_SENDER' },
    });
    expect(await c.core.dispatch(files, 'patients.list', { text: '', sort: 'name', includeArchived: false })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN_SENDER' },
    });
    // A subframe is refused at the door too.
    expect(await c.core.dispatch({ ...files, isMainFrame: false }, 'photos.stage', { paths: [file] })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN_SENDER' },
    });

    const staged = await c.core.dispatch(files, 'photos.stage', { paths: [file, path.join(c.dir, 'missing.jpg')] });
    expect(staged).toMatchObject({
      ok: true,
      value: [
        { name: 'photo.jpg', bytes: 7, problem: null },
        { name: 'missing.jpg', token: null, problem: 'the file cannot be found' },
      ],
    });
    // An empty path (what webUtils gives for anything the user did not hand over) fails the schema.
    expect(await c.core.dispatch(files, 'photos.stage', { paths: [''] })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    // Reception handles no photos.
    await c.person('Rita Reception', 'reception', 'front-desk');
    expect(await c.core.dispatch({ ...files, session: 'front-desk' }, 'photos.stage', { paths: [file] })).toMatchObject({
      ok: false,
      error: { code: 'NOT_PERMITTED' },
    });
  });
});

describe('the recall summaries stay true', () => {
  it('a record whose day has come since the summaries were built is taken in before they are read', async () => {
    const c = await testClinic();
    const patientId = await c.patient();
    await c.call('treatments.recordElsewhere', {
      patientId,
      performedOn: '2026-11-22',
      product: 'botox',
      kind: 'full',
      areas: [{ area: 'glabella', units: 20 }],
      where: 'City Skin Clinic',
      notes: '',
    });
    // As a clinic whose summaries were last worked out yesterday, before this record's day.
    const db = c.core.db;
    db.prepare('DELETE FROM patient_schedule').run();
    db.prepare("UPDATE app_state SET value = json_set(value, '$.asOf', '2026-11-21') WHERE key = 'schedule_summaries'").run();
    const ran = await statementsRunBy(db, () =>
      c.call('recall.list', {
        from: '2026-01-01',
        to: '2027-12-31',
        practitionerId: null,
        area: null,
        overdueOnly: false,
        status: 'all',
      }),
    );
    expect(db.prepare('SELECT last_treatment_on FROM patient_schedule WHERE patient_id = ?').pluck().get(patientId)).toBe(
      '2026-11-22',
    );
    // Found through the date indexes, not by reading every treatment.
    const catchUp = ran.find((s) => s.sql.includes('performed_on > @after'))!;
    expect(planOf(db, catchUp).join(' ')).toMatch(/treatments_by_day.*observations_by_day/);
    expect(
      JSON.parse(db.prepare("SELECT value FROM app_state WHERE key = 'schedule_summaries'").pluck().get() as string),
    ).toEqual({ version: 2, asOf: '2026-11-22' });
  });

  it('summaries worked out another way (an older version) are rebuilt on a worker when the clinic opens', async () => {
    const c = await testClinic();
    const sarah = await c.injector();
    const lotId = await c.lot();
    const ids = [await c.patient(), await c.patient({ firstName: 'Bea', lastName: 'Ellis' })];
    for (const id of ids) {
      await c.consent(id);
      await chart(c, fullTreatment(id, sarah, lotId, '2026-09-01'));
    }
    const rows = () => c.core.db.prepare('SELECT count(*) FROM patient_schedule').pluck().get() as number;
    expect(rows()).toBe(2);
    c.core.db.prepare('DELETE FROM patient_schedule').run();
    c.core.db
      .prepare('UPDATE app_state SET value = \'{"version":1,"asOf":"2026-11-01"}\' WHERE key = \'schedule_summaries\'')
      .run();
    // Signing in again opens the clinic afresh (quitting and starting the app does the same).
    c.core.close();
    await c.call('auth.signIn', { name: TEST_OWNER.name, password: TEST_OWNER.password });
    for (let i = 0; i < 100 && rows() < 2; i++) await new Promise((r) => setTimeout(r, 100));
    expect(rows()).toBe(2);
  });
});
