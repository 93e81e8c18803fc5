import { describe, expect, it } from 'vitest';
import type { MethodName } from '../../shared/contract';
import { emptyPatient } from '../../shared/patients';
import { chart, fullTreatment, TEST_OWNER, testClinic, type TestClinic } from '../support/core';
import { cameraJpeg } from '../support/images';
import { importOne } from '../support/photos';

/**
 * What each role can read and change, proved through the API (the dispatcher and handlers),
 * with three people signed in on three screens: the owner on this computer's window, a
 * practitioner in the treatment room and reception at the desk.
 */
async function clinicWithStaff() {
  const c = await testClinic();
  const practitioner = await c.person('Dr Priya Raman', 'practitioner', 'room');
  const reception = await c.person('Rosa Reyes', 'reception', 'desk');
  const lot = await c.lot();
  const patientId = await c.patient({
    firstName: 'Ann',
    lastName: 'Okafor',
    phone: '07123 456789',
    medicalHistory: 'Bell’s palsy 2019',
    medications: 'Warfarin',
    notes: 'Prefers mornings; nervous about needles',
    allergies: 'Latex',
    flags: ['anticoagulants'],
  });
  await c.consent(patientId);
  const treatmentId = await chart(c, fullTreatment(patientId, practitioner, lot, '2026-09-01'));
  const photo = await importOne(c, patientId, 'IMG_1.jpg', await cameraJpeg(1));
  return { c, practitioner, reception, lot, patientId, treatmentId, photoId: photo.id };
}

type Setup = Awaited<ReturnType<typeof clinicWithStaff>>;

/** One call on one screen: the envelope's error code, or 'ok'. */
async function outcome(c: TestClinic, session: string, method: MethodName, input: unknown): Promise<string> {
  const r = await c.core.dispatch({ url: 'app://clinic/index.html', isMainFrame: true, session }, method, input);
  return r.ok ? 'ok' : r.error.code;
}

/** Calls that read or change clinical information, with a valid input for each. */
function clinicalCalls(s: Setup): [MethodName, unknown][] {
  return [
    ['treatments.list', { patientId: s.patientId }],
    ['treatments.get', { id: s.treatmentId }],
    ['treatments.prefill', { patientId: s.patientId }],
    ['treatments.saveDraft', { id: null, treatment: fullTreatment(s.patientId, s.practitioner, s.lot, '2026-11-20') }],
    ['schedule.get', { patientId: s.patientId }],
    [
      'observations.add',
      { patientId: s.patientId, area: 'glabella', kind: 'movement_returning', observedOn: '2026-11-20', note: '' },
    ],
    ['events.add', { patientId: s.patientId, eventOn: '2027-03-01', label: 'Wedding' }],
    ['photos.library', { patientId: s.patientId }],
    ['photos.recent', {}],
    ['lots.recall', { lotNumber: 'C1234' }],
    ['lots.recallCsv', { lotNumber: 'C1234' }],
  ];
}

/** Calls only the owner may make. */
function adminCalls(s: Setup): [MethodName, unknown][] {
  return [
    ['settings.update', { name: 'X', address: '', phone: '', timeZone: 'Europe/London', openingHours: [] }],
    ['team.add', { name: 'Someone New', role: 'reception', registration: '' }],
    ['team.setRole', { id: s.practitioner, role: 'admin' }],
    ['audit.search', { staffId: null, patientId: null, action: null, fromMs: null, toMs: null, limit: 10, offset: 0 }],
    ['audit.verify', {}],
    ['audit.exportCsv', { staffId: null, patientId: null, action: null, fromMs: null, toMs: null }],
    ['export.csv', { what: 'patients' }],
    ['import.preview', { csv: 'first_name,last_name\nA,B\n', mapping: null }],
    ['security.update', { idleMinutes: 5 }],
    ['security.newRecoveryKey', { password: TEST_OWNER.password }],
    ['catalogue.addArea', { code: 'chin', name: 'Chin', priorDays: null }],
    ['calendar.addRoom', { name: 'Room 9' }],
    // Last, as they end the others' sessions.
    ['team.invite', { id: s.reception }],
    ['team.setActive', { id: s.practitioner, active: false }],
  ];
}

describe('roles, enforced in the main process', () => {
  it('reception reads no clinical information and changes none, and cannot manage the clinic', async () => {
    const s = await clinicWithStaff();
    for (const [method, input] of [...clinicalCalls(s), ...adminCalls(s)]) {
      expect(`${method}: ${await outcome(s.c, 'desk', method, input)}`).toBe(`${method}: NOT_PERMITTED`);
    }
  });

  it('reception sees the patient’s demographics, contact details and booking alerts, never the clinical fields', async () => {
    const s = await clinicWithStaff();
    const seen = await s.c.call('patients.get', { id: s.patientId }, 'desk');
    expect(seen).toMatchObject({
      firstName: 'Ann',
      phone: '07123 456789',
      allergies: 'Latex',
      flags: ['anticoagulants'],
      medicalHistory: '',
      medications: '',
      notes: '',
      clinicalHidden: true,
    });
    expect(JSON.stringify(seen)).not.toMatch(/Warfarin|palsy|needles/);
    // The day sheet carries the booking-relevant flags reception needs at the desk.
    await s.c.call(
      'appointments.book',
      {
        patientId: s.patientId,
        type: 'consultation',
        practitionerId: s.practitioner,
        roomId: null,
        date: '2026-11-23',
        start: '10:00',
        end: '10:30',
        planned: null,
        notes: '',
        overrideReason: '',
        allowPast: false,
      },
      'desk',
    );
    const sheet = await s.c.call('sheets.days', { from: '2026-11-23', days: 1, practitionerId: null }, 'desk');
    expect(JSON.stringify(sheet)).toMatch(/Latex/);
  });

  it('reception updates contact details without touching the clinical fields, and cannot write them', async () => {
    const s = await clinicWithStaff();
    const {
      id: _i,
      archived: _a,
      createdAtMs: _c,
      updatedAtMs: _u,
      clinicalHidden: _h,
      ...form
    } = await s.c.call('patients.get', { id: s.patientId }, 'desk');
    const updated = await s.c.call(
      'patients.update',
      { id: s.patientId, patient: { ...form, dob: form.dob ?? '', phone: '07000 111222' } },
      'desk',
    );
    expect(updated).toMatchObject({ phone: '07000 111222', medicalHistory: '', clinicalHidden: true });
    const full = await s.c.call('patients.get', { id: s.patientId }, 'room');
    expect(full).toMatchObject({ phone: '07000 111222', medications: 'Warfarin', medicalHistory: 'Bell’s palsy 2019' });
    // Changing an alert, or writing clinical fields on a new patient, is refused with the fields named.
    const allergy = await s.c.raw(
      'patients.update',
      { id: s.patientId, patient: { ...form, dob: form.dob ?? '', allergies: '' } },
      'desk',
    );
    expect(allergy).toMatchObject({
      ok: false,
      error: { code: 'NOT_PERMITTED', fields: { 'patient.allergies': expect.any(String) as string } },
    });
    const created = await s.c.raw(
      'patients.create',
      { patient: { ...emptyPatient(), firstName: 'Bea', lastName: 'Brown', notes: 'Anxious' }, allowDuplicate: true },
      'desk',
    );
    expect(created).toMatchObject({
      ok: false,
      error: { code: 'NOT_PERMITTED', fields: { 'patient.notes': expect.any(String) as string } },
    });
    expect((await s.c.call('patients.get', { id: s.patientId }, 'room')).allergies).toBe('Latex');
  });

  it('reception books a treatment as last time without seeing it, and the booking check still runs', async () => {
    const s = await clinicWithStaff();
    const booking = {
      patientId: s.patientId,
      type: 'treatment' as const,
      practitionerId: s.practitioner,
      roomId: null,
      date: '2026-11-23',
      start: '11:00',
      end: '11:30',
      planned: null,
      notes: '',
      overrideReason: '',
      allowPast: false,
    };
    // The desk's booking starts as a treatment for a patient treated before, as the clinicians' does.
    expect(await s.c.call('appointments.usualType', { patientId: s.patientId }, 'desk')).toBe('treatment');
    // The last treatment was on 1 September: 83 days is fine, but the anticoagulant flag is a warning.
    const preview = await s.c.call('appointments.preview', { booking, excludeId: null }, 'desk');
    expect(preview.problems).toEqual([]);
    expect(preview.rules?.findings.map((f) => f.code)).toContain('BLEEDING_RISK');
    expect(await outcome(s.c, 'desk', 'appointments.book', booking)).toBe('INVALID_INPUT');
    const booked = await s.c.call('appointments.book', { ...booking, overrideReason: 'Discussed with Dr Raman' }, 'desk');
    expect(booked.planned).toEqual({ product: 'botox', areas: [{ area: 'glabella', units: 20 }] });
  });

  it('reception does the front desk: calendar, booking, recall list, day sheets, consents, registering patients', async () => {
    const s = await clinicWithStaff();
    const calls: [MethodName, unknown][] = [
      ['patients.list', { text: 'ann', sort: 'name', includeArchived: false }],
      ['patients.create', { patient: { ...emptyPatient(), firstName: 'Bea', lastName: 'Brown' }, allowDuplicate: true }],
      ['consents.list', { patientId: s.patientId }],
      ['appointments.range', { from: '2026-11-22', to: '2026-11-28', practitionerId: null }],
      ['calendar.setup', {}],
      [
        'recall.list',
        { from: '2026-08-01', to: '2027-01-01', practitionerId: null, area: null, overdueOnly: false, status: 'all' },
      ],
      ['recall.log', { patientId: s.patientId, outcome: 'no_answer', snoozeUntil: null, note: '' }],
      ['sheets.days', { from: '2026-11-23', days: 1, practitionerId: null }],
      ['today.summary', {}],
      ['team.list', {}],
      ['catalogue.get', {}],
    ];
    for (const [method, input] of calls) expect(`${method}: ${await outcome(s.c, 'desk', method, input)}`).toBe(`${method}: ok`);
    // Photos are clinical: the photo route answers reception with nothing.
    expect(s.c.core.photo(`/photo/${s.photoId}/thumb`, 'desk').status).toBe(404);
    expect(s.c.core.photo(`/photo/${s.photoId}/thumb`, 'room').status).toBe(200);
  });

  it('a practitioner does everything clinical but cannot manage the clinic, its staff, its audit trail or its exports', async () => {
    const s = await clinicWithStaff();
    for (const [method, input] of clinicalCalls(s)) {
      expect(`${method}: ${await outcome(s.c, 'room', method, input)}`).toBe(`${method}: ok`);
    }
    for (const [method, input] of adminCalls(s)) {
      expect(`${method}: ${await outcome(s.c, 'room', method, input)}`).toBe(`${method}: NOT_PERMITTED`);
    }
    expect((await s.c.call('patients.get', { id: s.patientId }, 'room')).medications).toBe('Warfarin');
  });

  it('the owner may do all of it', async () => {
    const s = await clinicWithStaff();
    for (const [method, input] of [...clinicalCalls(s), ...adminCalls(s)]) {
      const code = await outcome(s.c, 'local', method, input);
      // The clinic settings above have an empty week of hours: refused for the input, never for the role.
      expect(`${method}: ${code}`).toBe(`${method}: ${method === 'settings.update' ? 'INVALID_INPUT' : 'ok'}`);
    }
  });

  it('the caller is the session’s person: the page cannot name another, and a locked session is refused', async () => {
    const s = await clinicWithStaff();
    // An extra field naming someone else is not part of any input.
    expect(await outcome(s.c, 'desk', 'patients.get', { id: s.patientId, staffId: 1 })).toBe('INVALID_INPUT');
    expect(await outcome(s.c, 'desk', 'auth.lock', { session: 'local' })).toBe('INVALID_INPUT');
    // Locking the desk locks only the desk.
    await s.c.call('auth.lock', {}, 'desk');
    expect(await outcome(s.c, 'desk', 'patients.list', { text: '', sort: 'name', includeArchived: false })).toBe('LOCKED');
    expect(await outcome(s.c, 'room', 'patients.list', { text: '', sort: 'name', includeArchived: false })).toBe('ok');
    // An unknown screen is nobody.
    expect(await outcome(s.c, 'someone-else', 'patients.list', { text: '', sort: 'name', includeArchived: false })).toBe(
      'NOT_SIGNED_IN',
    );
    // The audit names who did each thing.
    const who = s.c.core.db
      .prepare("SELECT DISTINCT staff_name FROM audit_log WHERE entity = 'patient' AND action = 'view'")
      .pluck()
      .all();
    expect(who.sort()).toEqual(['Dr Priya Raman', 'Rosa Reyes'].sort().filter((n) => who.includes(n)));
  });

  it('a person made inactive is signed out at once and cannot sign in again; the owner cannot be left without an admin', async () => {
    const s = await clinicWithStaff();
    expect(await outcome(s.c, 'local', 'team.setActive', { id: 1, active: false })).toBe('CONFLICT');
    expect(await outcome(s.c, 'local', 'team.setRole', { id: 1, role: 'reception' })).toBe('CONFLICT');
    await s.c.call('team.setActive', { id: s.reception, active: false });
    expect(await outcome(s.c, 'desk', 'patients.list', { text: '', sort: 'name', includeArchived: false })).toBe('NOT_SIGNED_IN');
    expect(await outcome(s.c, 'desk', 'auth.signIn', { name: 'Rosa Reyes', password: 'Rosa Reyes has a long password 42' })).toBe(
      'NOT_SIGNED_IN',
    );
    // Her name stays on what she did.
    const team = await s.c.call('team.list', {});
    expect(team.find((m) => m.name === 'Rosa Reyes')).toMatchObject({ active: false, account: 'none' });
  });
});
