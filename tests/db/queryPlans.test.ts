import { describe, expect, it } from 'vitest';
import { chart, fullTreatment, testClinic, type TestClinic } from '../support/core';
import { fullScans, planOf, statementsRunBy, tablesByAlias, type RanStatement } from '../support/queryPlans';

/** Tables that grow with the clinic's history: a call that answers a screen never reads one whole. */
const GROWING = new Set([
  'patients',
  'patient_search',
  'treatments',
  'treatment_areas',
  'observations',
  'patient_events',
  'consents',
  'appointments',
  'patient_schedule',
  'recall_contacts',
  'photos',
  'comparisons',
  'audit_log',
]);

/** A small clinic with one of everything, so each call below runs its whole path. */
async function clinic(): Promise<{ c: TestClinic; sarah: number; ann: number; room: number; appointment: number }> {
  const c = await testClinic();
  const sarah = await c.injector();
  const lotId = await c.lot();
  const ann = await c.patient();
  await c.consent(ann);
  await chart(c, fullTreatment(ann, sarah, lotId, '2026-08-01'));
  await c.call('observations.add', {
    patientId: ann,
    area: 'glabella',
    observedOn: '2026-10-20',
    kind: 'movement_returning',
    note: '',
  });
  await c.call('events.add', { patientId: ann, eventOn: '2027-03-01', label: 'Wedding' });
  const setup = await c.call('calendar.addRoom', { name: 'Room 1' });
  const room = setup.rooms[0]!.id;
  const a = await c.call('appointments.book', {
    patientId: ann,
    practitionerId: sarah,
    roomId: room,
    type: 'consultation',
    date: '2026-11-24',
    start: '10:00',
    end: '10:30',
    planned: null,
    allowPast: false,
    overrideReason: '',
    notes: '',
  });
  await c.call('recall.log', { patientId: ann, outcome: 'called', snoozeUntil: null, note: '' });
  return { c, sarah, ann, room, appointment: a.id };
}

/**
 * Statements that read a growing table whole on purpose, each with its reason. Anything else
 * that does is a missing index or a query written so that SQLite cannot use one.
 */
const WHOLE_BY_DESIGN: [RegExp, string][] = [
  [/^SELECT count\(\*\) AS n FROM patients( WHERE archived_at_ms IS NULL)?$/, 'the list says how many patients there are'],
  [
    /^SELECT id FROM patients INDEXED BY patients_by_name ORDER BY /,
    'every patient’s place in name order, read once and kept until a name changes (patientSearch.ts; tests/db/patients.test.ts checks it is kept)',
  ],
];

/** Full reads of growing tables in a plan, less ordered walks that stop at a LIMIT. */
function growingScans(s: RanStatement, plan: string[]): string[] {
  const sql = s.sql.replace(/\s+/g, ' ').trim();
  if (WHOLE_BY_DESIGN.some(([re]) => re.test(sql))) return [];
  const tables = tablesByAlias(s.sql);
  const sorted = plan.some((step) => step.includes('USE TEMP B-TREE FOR ORDER BY'));
  return fullScans(plan).filter((step) => {
    const name = /^SCAN (\w+)/.exec(step)![1]!;
    if (!GROWING.has(tables.get(name) ?? name)) return false;
    // Rows come in the ORDER BY's order from the table or an index, and the LIMIT stops the walk.
    const stopsEarly = !sorted && /\bLIMIT\b/i.test(sql) && /^SCAN \w+( USING (COVERING )?INDEX \w+)?$/.test(step);
    return !stopsEarly;
  });
}

describe('the statements the app runs, planned by SQLite', () => {
  it('every screen’s calls read growing tables through an index, never from end to end', async () => {
    const { c, sarah, ann, room, appointment } = await clinic();
    const booking = {
      patientId: ann,
      practitionerId: sarah,
      roomId: room,
      type: 'consultation' as const,
      date: '2026-11-25',
      start: '11:00',
      end: '11:30',
      planned: null,
      allowPast: false,
      overrideReason: '',
      notes: '',
    };
    const ran = await statementsRunBy(c.core.db, async () => {
      await c.call('patients.list', { text: '', sort: 'name', includeArchived: false });
      await c.call('patients.list', { text: 'ann', sort: 'name', includeArchived: false });
      await c.call('patients.list', { text: '0712', sort: 'recent', includeArchived: true });
      await c.call('patients.get', { id: ann });
      await c.call('patients.findDuplicates', {
        patient: { firstName: 'Ann', lastName: 'Okafor', dob: '1985-06-15', phone: '07123 456789' },
        excludeId: null,
      });
      await c.call('consents.list', { patientId: ann });
      await c.call('treatments.list', { patientId: ann });
      await c.call('treatments.prefill', { patientId: ann });
      await c.call('schedule.get', { patientId: ann });
      for (const status of ['open', 'all', 'due'] as const)
        await c.call('recall.list', {
          from: '2026-01-01',
          to: '2027-06-01',
          practitionerId: status === 'due' ? sarah : null,
          area: status === 'all' ? 'glabella' : null,
          overdueOnly: status === 'due',
          status,
        });
      await c.call('appointments.range', { from: '2026-11-23', to: '2026-11-29', practitionerId: null });
      await c.call('appointments.range', { from: '2026-11-23', to: '2026-11-29', practitionerId: sarah });
      await c.call('appointments.preview', { booking, excludeId: null });
      await c.call('appointments.preview', { booking: { ...booking, roomId: null }, excludeId: appointment });
      await c.call('appointments.history', { id: appointment });
      await c.call('sheets.days', { from: '2026-11-24', days: 7, practitionerId: null });
      await c.call('sheets.days', { from: '2026-11-24', days: 1, practitionerId: sarah });
      await c.call('today.summary', {});
      await c.call('calendar.setup', {});
      await c.call('catalogue.get', {});
      await c.call('lots.recall', { lotNumber: 'c1234' });
      await c.call('photos.library', { patientId: ann });
      await c.call('photos.recent', {});
    });
    expect(ran.length).toBeGreaterThan(40);
    const offenders = ran
      .map((s) => ({ sql: s.sql.replace(/\s+/g, ' ').trim(), scans: growingScans(s, planOf(c.core.db, s)) }))
      .filter((o) => o.scans.length > 0);
    if (process.env.SHOW_PLANS)
      for (const s of ran) console.log(s.sql.replace(/\s+/g, ' ').slice(0, 160), '\n   ', planOf(c.core.db, s).join(' | '));
    expect(offenders).toEqual([]);
  });

  it('the calendar’s range and clash queries search their own index between two bounds, with and without a practitioner or room', async () => {
    const { c, sarah, ann, room } = await clinic();
    const booking = {
      patientId: ann,
      practitionerId: sarah,
      roomId: room,
      type: 'consultation' as const,
      date: '2026-11-25',
      start: '11:00',
      end: '11:30',
      planned: null,
      allowPast: false,
      overrideReason: '',
      notes: '',
    };
    const plansOf = async (work: () => Promise<unknown>) =>
      (await statementsRunBy(c.core.db, work))
        .filter((s) => /FROM appointments a\s+JOIN patients/.test(s.sql) && /starts_at_ms >/.test(s.sql))
        .map((s) => planOf(c.core.db, s).join(' | '));
    const bounded = (index: string, key = '') =>
      new RegExp(`SEARCH a USING INDEX ${index} \\(${key}starts_at_ms>\\? AND starts_at_ms<\\?\\)`);

    const everyone = await plansOf(() =>
      c.call('appointments.range', { from: '2026-11-23', to: '2026-11-29', practitionerId: null }),
    );
    expect(everyone).toHaveLength(1);
    expect(everyone[0]).toMatch(bounded('appointments_by_start'));
    const one = await plansOf(() =>
      c.call('appointments.range', { from: '2026-11-23', to: '2026-11-29', practitionerId: sarah }),
    );
    expect(one[0]).toMatch(bounded('appointments_by_practitioner', 'practitioner_id=\\? AND '));

    const withRoom = await plansOf(() => c.call('appointments.preview', { booking, excludeId: null }));
    expect(withRoom).toHaveLength(1);
    expect(withRoom[0]).toMatch(bounded('appointments_by_practitioner', 'practitioner_id=\\? AND '));
    expect(withRoom[0]).toMatch(bounded('appointments_by_room', 'room_id=\\? AND '));
    const noRoom = await plansOf(() =>
      c.call('appointments.preview', { booking: { ...booking, roomId: null }, excludeId: null }),
    );
    expect(noRoom[0]).toMatch(bounded('appointments_by_practitioner', 'practitioner_id=\\? AND '));
    expect(noRoom[0]).not.toMatch(/appointments_by_room/);
  });

  it('the recall list, patient search, the duplicate check and lot recall each use the index made for them', async () => {
    const { c } = await clinic();
    const plansOf = async (work: () => Promise<unknown>) =>
      (await statementsRunBy(c.core.db, work)).map((s) => planOf(c.core.db, s).join(' | ')).join('\n');
    const recall = await plansOf(() =>
      c.call('recall.list', {
        from: '2026-01-01',
        to: '2027-06-01',
        practitionerId: null,
        area: null,
        overdueOnly: false,
        status: 'open',
      }),
    );
    // The range's patients come from the two date indexes alone (they hold the patient id).
    expect(recall).toMatch(/SEARCH s USING (COVERING )?INDEX schedule_by_recall \(recall_on>\? AND recall_on<\?\)/);
    expect(recall).toMatch(
      /SEARCH s USING (COVERING )?INDEX schedule_by_soft_reminder \(soft_reminder_on>\? AND soft_reminder_on<\?\)/,
    );
    // In name order: the word index gives the matches, put in order by their places, and only the
    // rows shown are read, by primary key; nothing is sorted by SQLite.
    const byName = await plansOf(() => c.call('patients.list', { text: 'ann', sort: 'name', includeArchived: false }));
    expect(byName).toMatch(/SCAN patient_search VIRTUAL TABLE INDEX/);
    expect(byName).toMatch(/SEARCH p USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    expect(byName).not.toMatch(/TEMP B-TREE/);
    expect(await plansOf(() => c.call('patients.list', { text: 'ann', sort: 'recent', includeArchived: false }))).toMatch(
      /SCAN s VIRTUAL TABLE INDEX/,
    );
    const duplicates = await plansOf(() =>
      c.call('patients.findDuplicates', {
        patient: { firstName: 'Ann', lastName: 'Okafor', dob: '1985-06-15', phone: '07123 456789' },
        excludeId: null,
      }),
    );
    expect(duplicates).toMatch(/SEARCH p USING INDEX patients_by_name \(last_name=\? AND first_name=\?\)/);
    expect(duplicates).toMatch(/SEARCH p USING INDEX patients_by_phone \(phone_digits=\?\)/);
    expect(await plansOf(() => c.call('lots.recall', { lotNumber: 'c1234' }))).toMatch(/USING INDEX treatments_by_lot_number/);
  });
});
