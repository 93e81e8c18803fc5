import Database from 'better-sqlite3-multiple-ciphers';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyKey } from '../../electron/db/connection';
import { parseCsv } from '../../shared/csv';
import { emptyPatient } from '../../shared/patients';
import { clinicKeys } from '../../electron/auth/keyring';
import { chart, fullTreatment, TEST_OWNER, testClinic } from '../support/core';
import { cameraJpeg } from '../support/images';
import { importOne } from '../support/photos';

const ALL = { staffId: null, patientId: null, action: null, fromMs: null, toMs: null };

describe('the audit trail', () => {
  it('names the signed-in person and device on every row, and records reads, prints and exports', async () => {
    const c = await testClinic();
    const priya = await c.person('Dr Priya Raman', 'practitioner', 'room');
    const patientId = await c.patient({ firstName: 'Ann', lastName: 'Okafor' });
    await c.consent(patientId);
    const lot = await c.lot();
    await chart(c, fullTreatment(patientId, priya, lot, '2026-10-01'));
    // Opening a record twice in one session is recorded once; another session records its own.
    await c.call('patients.get', { id: patientId }, 'room');
    await c.call('patients.get', { id: patientId }, 'room');
    await c.call('patients.get', { id: patientId });
    await importOne(c, patientId, 'IMG_1.jpg', await cameraJpeg(1));
    await c.call('photos.library', { patientId }, 'room');
    await c.call('audit.recordPrint', { what: 'day_sheet', detail: 'day from 2026-11-23', patientId: null }, 'room');
    await c.call('export.csv', { what: 'patients' });
    await c.call('calendar.ics', { practitionerId: priya, from: '2026-11-22', to: '2026-12-22' }, 'room');

    const rows = await c.call('audit.search', { ...ALL, limit: 500, offset: 0 });
    expect(rows.rows.every((r) => r.staffName !== '' && r.device === 'This computer')).toBe(true);
    const views = rows.rows.filter((r) => r.action === 'view' && r.entity === 'patient');
    expect(views.map((r) => r.staffName).sort()).toEqual([TEST_OWNER.name, 'Dr Priya Raman'].sort());
    expect(views.every((r) => r.patientId === patientId && r.patientName === 'Ann Okafor')).toBe(true);
    expect(rows.rows.find((r) => r.action === 'view' && r.entity === 'photos')).toMatchObject({
      staffName: 'Dr Priya Raman',
      patientId,
    });
    expect(rows.rows.find((r) => r.action === 'print')).toMatchObject({ entity: 'day_sheet', staffName: 'Dr Priya Raman' });
    expect(
      rows.rows
        .filter((r) => r.action === 'export')
        .map((r) => r.entity)
        .sort(),
    ).toEqual(['csv', 'icalendar']);
    // The treatment and photo rows know their patient, so filtering by patient finds them.
    const forAnn = await c.call('audit.search', { ...ALL, patientId, limit: 500, offset: 0 });
    expect(new Set(forAnn.rows.map((r) => r.entity))).toEqual(new Set(['patient', 'consent', 'treatment', 'photo', 'photos']));
  });

  it('filters by person, action and dates, pages, and exports what it shows as CSV', async () => {
    const c = await testClinic();
    await c.person('Rosa Reyes', 'reception', 'desk');
    for (const name of ['Ann', 'Bea', 'Cy']) await c.patient({ firstName: name, lastName: 'Test' });
    const rosa = (await c.call('team.list', {})).find((m) => m.name === 'Rosa Reyes')!.id;
    await c.call(
      'patients.create',
      { patient: { ...emptyPatient(), firstName: 'Dee', lastName: 'Test' }, allowDuplicate: true },
      'desk',
    );
    const byRosa = await c.call('audit.search', { ...ALL, staffId: rosa, limit: 500, offset: 0 });
    expect(byRosa.rows.length).toBeGreaterThan(0);
    expect(byRosa.rows.every((r) => r.staffName === 'Rosa Reyes')).toBe(true);
    const creates = await c.call('audit.search', { ...ALL, action: 'create', limit: 2, offset: 0 });
    expect(creates.rows).toHaveLength(2);
    expect(creates.total).toBeGreaterThan(2);
    const next = await c.call('audit.search', { ...ALL, action: 'create', limit: 2, offset: 2 });
    expect(next.rows[0]!.id).toBeLessThan(creates.rows[1]!.id);
    const now = Date.parse('2026-11-22T10:00:00Z');
    expect((await c.call('audit.search', { ...ALL, fromMs: now + 1, limit: 10, offset: 0 })).total).toBe(0);
    expect((await c.call('audit.search', { ...ALL, fromMs: now, toMs: now + 1, limit: 10, offset: 0 })).total).toBeGreaterThan(3);
    const csv = await c.call('audit.exportCsv', { ...ALL, action: 'create' });
    const table = parseCsv(csv.csv);
    expect(table[0]).toEqual([
      'id',
      'when',
      'person',
      'role',
      'device',
      'action',
      'record',
      'record_id',
      'patient_id',
      'patient',
      'before',
      'after',
    ]);
    expect(table.length - 1).toBe(creates.total);
    expect(table[1]![1]).toBe('2026-11-22 10:00:00');
  });

  it('cannot be changed or deleted through the app’s connection', async () => {
    const c = await testClinic();
    await c.patient();
    expect(() => c.core.db.prepare("UPDATE audit_log SET staff_name = 'Someone else'").run()).toThrow(/cannot be changed/);
    expect(() => c.core.db.prepare('DELETE FROM audit_log').run()).toThrow(/cannot be deleted/);
    expect(await c.call('audit.verify', {})).toMatchObject({ ok: true, firstBadId: null });
  });

  it('"Verify audit trail" finds a row edited in the file behind the app’s back, and a row removed', async () => {
    const c = await testClinic();
    for (const name of ['Ann', 'Bea', 'Cy', 'Dee']) await c.patient({ firstName: name, lastName: 'Test' });
    const verified = await c.call('audit.verify', {});
    expect(verified).toMatchObject({ ok: true });
    expect(verified.checked).toBeGreaterThan(4);
    const dir = c.core.dataDir;
    const key = c.core.access.folder.dataKey!;
    const { database } = clinicKeys(c.core.access.folder.keyring!, key);
    const target = c.core.db
      .prepare("SELECT id FROM audit_log WHERE entity = 'patient' ORDER BY id LIMIT 1 OFFSET 1")
      .pluck()
      .get() as number;

    // Someone with the key opens the file with another tool, drops the guard and edits a row.
    const tamper = new Database(path.join(dir, 'clinic.sqlite'));
    applyKey(tamper, database);
    tamper.exec('DROP TRIGGER audit_log_never_changes');
    tamper.prepare("UPDATE audit_log SET after_json = replace(after_json, 'Bea', 'Bob') WHERE id = ?").run(target);
    tamper.close();
    expect(await c.call('audit.verify', {})).toMatchObject({
      ok: false,
      firstBadId: target,
      problem: expect.stringContaining('changed') as string,
    });

    const tamper2 = new Database(path.join(dir, 'clinic.sqlite'));
    applyKey(tamper2, database);
    tamper2.exec('DROP TRIGGER audit_log_never_deleted');
    tamper2.prepare('DELETE FROM audit_log WHERE id = ?').run(target);
    tamper2.close();
    expect(await c.call('audit.verify', {})).toMatchObject({
      ok: false,
      firstBadId: target + 1,
      problem: expect.stringContaining('removed') as string,
    });
  });
});
