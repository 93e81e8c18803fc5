import { describe, expect, it } from 'vitest';
import { insertAppointment } from '../../electron/db/appointmentsRepo';
import { insertRecallContact } from '../../electron/db/scheduleRepo';
import { chart, fullTreatment, TEST_OWNER, testClinic, type TestClinic } from '../support/core';

const wide = {
  from: '2026-01-01',
  to: '2027-06-30',
  practitionerId: null,
  area: null,
  overdueOnly: false,
  status: 'all' as const,
};

async function treated(
  c: TestClinic,
  name: [string, string],
  on: string,
  injectorId: number,
  lotId: number,
  areas = [{ area: 'glabella', units: 20 }],
  extra = {},
) {
  const id = await c.patient({ firstName: name[0], lastName: name[1], phone: '', ...extra });
  await c.consent(id);
  await chart(c, fullTreatment(id, injectorId, lotId, on, areas));
  return id;
}

describe('schedule on the patient page', () => {
  it('shows each area’s dates with reasons, and an observation moves the recall date at once', async () => {
    const c = await testClinic();
    const injectorId = await c.injector();
    const lotId = await c.lot();
    const id = await treated(c, ['Ann', 'Okafor'], '2026-08-01', injectorId, lotId);
    const before = await c.call('schedule.get', { patientId: id });
    expect(before.areas[0]).toMatchObject({
      area: 'glabella',
      areaName: 'Frown lines (glabella)',
      productName: 'Botox Cosmetic',
      expectedReturnDate: '2026-11-14',
      recallDate: '2026-11-07',
      durationBasis: 'prior',
    });
    expect(before.areas[0]!.reasons.expectedReturn).toBe('No observations yet: Botox Cosmetic’s usual 105 days.');
    expect(before.areas[0]!.reasons.review).toMatch(/^First treatment of this area with this product: review 14 days after/);
    expect(c.core.db.prepare('SELECT recall_on FROM patient_schedule WHERE patient_id = ?').pluck().get(id)).toBe('2026-11-07');

    const after = await c.call('observations.add', {
      patientId: id,
      area: 'glabella',
      observedOn: '2026-11-10',
      kind: 'movement_returning',
      note: '',
    });
    expect(after.areas[0]).toMatchObject({
      expectedReturnDate: '2026-11-10',
      recallDate: '2026-11-03',
      durationBasis: 'personal_single',
    });
    expect(after.areas[0]!.reasons.expectedReturn).toBe('Based on one of this patient’s own cycles: 101 days.');
    expect(c.core.db.prepare('SELECT recall_on FROM patient_schedule WHERE patient_id = ?').pluck().get(id)).toBe('2026-11-03');

    const removed = await c.call('observations.remove', { id: after.observations[0]!.id });
    expect(removed.areas[0]!.recallDate).toBe('2026-11-07');
    expect(c.core.db.prepare('SELECT count(*) FROM observations').pluck().get()).toBe(1);
  });

  it('names the cycles it learned from, and flags a shortening effect without shortening the interval', async () => {
    const c = await testClinic();
    const injectorId = await c.injector();
    const lotId = await c.lot('botox', 'L1', '2028-01-01');
    const id = await c.patient();
    await c.consent(id, '2024-01-01');
    const starts = ['2025-01-06', '2025-04-21', '2025-08-04', '2025-11-10', '2026-02-02'];
    const seen = [100, 104, 98, 55, 52];
    for (const on of starts) {
      await c.call('treatments.saveDraft', { id: null, treatment: fullTreatment(id, injectorId, lotId, on) });
    }
    const drafts = c.core.db
      .prepare("SELECT id FROM treatments WHERE status = 'draft' ORDER BY performed_on")
      .pluck()
      .all() as number[];
    for (const d of drafts) await c.call('treatments.finalise', { id: d });
    for (const [i, on] of starts.entries()) {
      const observed = new Date(Date.UTC(Number(on.slice(0, 4)), Number(on.slice(5, 7)) - 1, Number(on.slice(8)) + seen[i]!))
        .toISOString()
        .slice(0, 10);
      if (observed <= '2026-11-22')
        await c.call('observations.add', {
          patientId: id,
          area: 'glabella',
          observedOn: observed,
          kind: 'movement_returning',
          note: '',
        });
    }
    const s = await c.call('schedule.get', { patientId: id });
    expect(s.areas[0]!.flags.map((f) => f.code)).toEqual(['SNR_REVIEW']);
    expect(s.areas[0]).toMatchObject({ durationBasis: 'prior_snr', expectedDurationDays: 105 });
    expect(s.areas[0]!.reasons.expectedReturn).toBe(
      'Possible non-response, so the interval is not shortened: Botox Cosmetic’s usual 105 days.',
    );
    expect(c.core.db.prepare('SELECT snr FROM patient_schedule WHERE patient_id = ?').pluck().get(id)).toBe(1);
  });

  it('plans treatment before a recorded event', async () => {
    const c = await testClinic();
    const injectorId = await c.injector();
    const lotId = await c.lot();
    const id = await treated(c, ['Ann', 'Okafor'], '2026-10-01', injectorId, lotId);
    const s = await c.call('events.add', { patientId: id, eventOn: '2027-03-20', label: 'Wedding' });
    expect(s.events).toHaveLength(1);
    expect(s.events[0]!.plan).toMatchObject({
      idealWindow: ['2027-02-06', '2027-02-20'],
      earliestSafeDate: '2026-12-30',
      recommendedDate: '2027-02-06',
      status: 'ideal',
    });
    expect(await c.raw('events.add', { patientId: id, eventOn: '2026-11-01', label: 'Past' })).toMatchObject({
      ok: false,
      error: { fields: { eventOn: expect.any(String) as string } },
    });
    const gone = await c.call('events.remove', { id: s.events[0]!.event.id });
    expect(gone.events).toEqual([]);
  });
});

describe('the recall work-list', () => {
  it('lists patients due in the range, most overdue first, leaving out do-not-contact, archived and already-booked patients', async () => {
    const c = await testClinic();
    const sarah = await c.injector('Dr Sarah Whitfield');
    const james = await c.injector('Nurse James Okoro');
    const lotId = await c.lot();
    const early = await treated(c, ['Early', 'Adams'], '2026-07-01', sarah, lotId);
    const late = await treated(c, ['Late', 'Brown'], '2026-08-15', james, lotId, [{ area: 'crows_feet', units: 24 }]);
    await treated(c, ['Quiet', 'Carter'], '2026-07-10', sarah, lotId, undefined, { contactPreference: 'do_not_contact' });
    const archived = await treated(c, ['Gone', 'Davis'], '2026-07-10', sarah, lotId);
    await c.call('patients.setArchived', { id: archived, archived: true });
    const booked = await treated(c, ['Booked', 'Evans'], '2026-07-12', sarah, lotId);
    insertAppointment(
      c.core.db,
      {
        patientId: booked,
        practitionerId: sarah,
        type: 'treatment',
        startsAtMs: Date.parse('2026-11-30T10:00:00Z'),
        endsAtMs: Date.parse('2026-11-30T10:30:00Z'),
        status: 'booked',
      },
      0,
    );
    const pastBooking = await treated(c, ['Past', 'Fox'], '2026-07-20', sarah, lotId);
    insertAppointment(
      c.core.db,
      {
        patientId: pastBooking,
        practitionerId: sarah,
        type: 'treatment',
        startsAtMs: Date.parse('2026-11-01T10:00:00Z'),
        endsAtMs: Date.parse('2026-11-01T10:30:00Z'),
        status: 'completed',
      },
      0,
    );

    const list = await c.call('recall.list', wide);
    expect(list.rows.map((r) => r.name)).toEqual(['Early Adams', 'Past Fox', 'Late Brown']);
    expect(list.rows[0]).toMatchObject({
      recallOn: '2026-10-07',
      softReminderOn: '2026-09-14',
      areas: ['glabella'],
      injectorName: 'Dr Sarah Whitfield',
      status: 'due',
    });
    expect(list.counts).toEqual({ due: 3, contacted: 0, booked: 0, declined: 0, snoozed: 0 });

    expect((await c.call('recall.list', { ...wide, practitionerId: james })).rows.map((r) => r.patientId)).toEqual([late]);
    expect((await c.call('recall.list', { ...wide, area: 'crows_feet' })).rows.map((r) => r.patientId)).toEqual([late]);
    // A range ending 2026-10-20 holds Early's recall (10-07) and Past's soft reminder (10-03),
    // but neither Late's soft reminder (10-29) nor recall (11-21).
    expect((await c.call('recall.list', { ...wide, to: '2026-10-20' })).rows.map((r) => r.patientId)).toEqual([
      early,
      pastBooking,
    ]);
    expect(
      (await c.call('recall.list', { ...wide, overdueOnly: true, from: '2026-11-01' })).rows.map((r) => r.patientId),
    ).toEqual([late]);
    expect((await c.call('recall.list', { ...wide, from: '2026-11-22', to: '2026-12-31' })).rows).toEqual([]);
    expect(await c.raw('recall.list', { ...wide, from: '2026-12-01', to: '2026-11-01' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
  });

  it('contact attempts change the status and the counts; snoozing hides a patient until the date; "do not contact" updates the record', async () => {
    const c = await testClinic();
    const sarah = await c.injector();
    const lotId = await c.lot();
    const a = await treated(c, ['Ann', 'Adams'], '2026-07-01', sarah, lotId);
    const b = await treated(c, ['Bea', 'Brown'], '2026-07-02', sarah, lotId);
    const d = await treated(c, ['Di', 'Dunn'], '2026-07-03', sarah, lotId);
    await c.call('recall.log', { patientId: a, outcome: 'no_answer', snoozeUntil: null, note: '' });
    await c.call('recall.log', { patientId: a, outcome: 'left_message', snoozeUntil: null, note: 'Voicemail' });
    await c.call('recall.log', { patientId: b, outcome: 'snoozed', snoozeUntil: '2026-12-15', note: 'Away until December' });
    let list = await c.call('recall.list', wide);
    expect(list.counts).toEqual({ due: 1, contacted: 1, booked: 0, declined: 0, snoozed: 1 });
    expect(list.rows.find((r) => r.patientId === a)).toMatchObject({
      status: 'contacted',
      lastOutcome: 'left_message',
      attempts: 2,
      lastContactBy: TEST_OWNER.name,
    });
    expect((await c.call('recall.list', { ...wide, status: 'open' })).rows.map((r) => r.patientId)).toEqual([a, d]);
    expect((await c.call('recall.list', { ...wide, status: 'snoozed' })).rows[0]).toMatchObject({
      patientId: b,
      snoozedUntil: '2026-12-15',
    });

    expect(await c.raw('recall.log', { patientId: b, outcome: 'snoozed', snoozeUntil: null, note: '' })).toMatchObject({
      ok: false,
    });
    expect(await c.raw('recall.log', { patientId: b, outcome: 'snoozed', snoozeUntil: '2026-11-22', note: '' })).toMatchObject({
      ok: false,
    });

    await c.call('recall.log', { patientId: d, outcome: 'do_not_contact', snoozeUntil: null, note: 'Asked not to be called' });
    list = await c.call('recall.list', wide);
    expect(list.rows.map((r) => r.patientId)).toEqual([a, b]);
    expect((await c.call('patients.get', { id: d })).contactPreference).toBe('do_not_contact');
  });

  it('a new treatment starts a new cycle: earlier contacts no longer count', async () => {
    const c = await testClinic();
    const sarah = await c.injector();
    const lotId = await c.lot();
    const a = await treated(c, ['Ann', 'Adams'], '2026-05-01', sarah, lotId);
    // Declined in September (written as it would have been on that day).
    insertRecallContact(
      c.core.db,
      {
        patientId: a,
        contactedOn: '2026-09-01',
        atMs: Date.parse('2026-09-01T10:00:00Z'),
        outcome: 'declined',
        snoozedUntil: null,
        note: '',
        staffName: 'Tom',
      },
      Date.parse('2026-09-01T10:00:00Z'),
    );
    expect((await c.call('recall.list', wide)).rows[0]!.status).toBe('declined');
    await chart(c, fullTreatment(a, sarah, lotId, '2026-11-20'));
    const row = (await c.call('recall.list', wide)).rows[0]!;
    expect(row).toMatchObject({ status: 'due', lastTreatmentOn: '2026-11-20', attempts: 0 });
  });

  it('a change to the rule settings moves every recall date', async () => {
    const c = await testClinic();
    const sarah = await c.injector();
    const lotId = await c.lot();
    await treated(c, ['Ann', 'Adams'], '2026-07-01', sarah, lotId);
    const { settings } = await c.call('ruleSettings.get', {});
    expect((await c.call('recall.list', wide)).rows[0]!.recallOn).toBe('2026-10-07');
    await c.call('ruleSettings.update', { ...settings, recallLeadDays: 10 });
    expect((await c.call('recall.list', wide)).rows[0]!.recallOn).toBe('2026-10-04');
  });
});
