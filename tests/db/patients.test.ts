import { afterEach, describe, expect, it } from 'vitest';
import type { ClinicCore } from '../../electron/core';
import { listPatients, searchExpression } from '../../electron/db/patientsRepo';
import type { Envelope } from '../../shared/envelope';
import { emptyPatient, type Patient, type PatientInput } from '../../shared/patients';
import { testClinic } from '../support/core';

const page = { url: 'app://clinic/index.html', isMainFrame: true };
let core: ClinicCore;
afterEach(() => core?.close());

async function open(): Promise<ClinicCore> {
  core = (await testClinic()).core;
  return core;
}

async function create(patient: Partial<PatientInput>, allowDuplicate = false): Promise<Envelope<unknown>> {
  return core.dispatch(page, 'patients.create', { patient: { ...emptyPatient(), ...patient }, allowDuplicate });
}

async function createOk(patient: Partial<PatientInput>): Promise<Patient> {
  const result = await create(patient);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as Patient;
}

function search(text: string, includeArchived = false): string[] {
  return listPatients(core.db, { text, sort: 'name', includeArchived, limit: 50 }).map((p) => `${p.firstName} ${p.lastName}`);
}

describe('patient search', () => {
  it('finds by partial name, ignoring case and accents, by phone digits and by email', async () => {
    await open();
    await createOk({ firstName: 'Ann', lastName: 'Okafor', phone: '07123 456789', email: 'ann.okafor@example.com' });
    await createOk({ firstName: 'Zoë', lastName: 'Ångström', phone: '+44 20 7946 0018' });
    await createOk({ firstName: 'Annabel', lastName: 'Price', phone: '07999 000111' });
    await createOk({ firstName: 'Hannah', lastName: 'Lee' });

    expect(search('ann')).toEqual(['Ann Okafor', 'Annabel Price']);
    expect(search('Ánn')).toEqual(['Ann Okafor', 'Annabel Price']);
    expect(search('ANN OKA')).toEqual(['Ann Okafor']);
    expect(search('0712')).toEqual(['Ann Okafor']);
    expect(search('07123 456')).toEqual(['Ann Okafor']);
    expect(search('zoe')).toEqual(['Zoë Ångström']);
    expect(search('angst')).toEqual(['Zoë Ångström']);
    expect(search('okafor@exa')).toEqual(['Ann Okafor']);
    expect(search('nobody')).toEqual([]);
  });

  it('treats quotes and FTS operators typed by the user as plain text', async () => {
    await open();
    await createOk({ firstName: 'Ann', lastName: 'Okafor' });
    for (const text of ['"', 'ann OR', 'NEAR(ann', '*', 'ann" OR "x', '-ann', 'a:b']) {
      expect(() => search(text)).not.toThrow();
    }
    expect(searchExpression('ann" OR "x')).toBe('"ann"* AND "OR"* AND "x"*');
  });

  it('leaves archived patients out unless asked for, and keeps them in the database', async () => {
    await open();
    const p = await createOk({ firstName: 'Ann', lastName: 'Okafor' });
    const archived = await core.dispatch(page, 'patients.setArchived', { id: p.id, archived: true });
    expect(archived).toMatchObject({ ok: true, value: { archived: true } });
    expect(search('ann')).toEqual([]);
    expect(search('ann', true)).toEqual(['Ann Okafor']);
    const actions = core.db.prepare("SELECT action FROM audit_log WHERE entity = 'patient' ORDER BY id").all();
    expect(actions).toEqual([{ action: 'create' }, { action: 'archive' }]);
  });
});

describe('registering and changing patients', () => {
  it('warns about a possible duplicate by name and birth date or by phone, and creates it only when confirmed', async () => {
    await open();
    await createOk({ firstName: 'Ann', lastName: 'Okafor', dob: '1985-06-15', phone: '07123 456789' });
    const sameName = await create({ firstName: 'ann', lastName: 'OKAFOR', dob: '1985-06-15' });
    expect(sameName).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const samePhone = await create({ firstName: 'A', lastName: 'O', phone: '071-2345-6789' });
    expect(samePhone).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('Ann Okafor') as string },
    });
    const otherDob = await create({ firstName: 'Ann', lastName: 'Okafor', dob: '1990-01-01' });
    expect(otherDob.ok).toBe(true);
    const confirmed = await create({ firstName: 'Ann', lastName: 'Okafor', dob: '1985-06-15' }, true);
    expect(confirmed.ok).toBe(true);
    expect(search('okafor')).toHaveLength(3);
  });

  it.each([
    ['an impossible date of birth', { dob: '1985-02-30' }, 'patient.dob'],
    ['a date of birth in the future', { dob: '2026-11-23' }, 'patient.dob'],
    ['a missing last name', { lastName: '   ' }, 'patient.lastName'],
    ['oversize notes', { notes: 'x'.repeat(5001) }, 'patient.notes'],
    ['an unknown flag', { flags: ['tired'] as unknown as PatientInput['flags'] }, 'patient.flags.0'],
    ['a bad email', { email: 'ann@' }, 'patient.email'],
  ])('refuses %s at its field and saves nothing', async (_name, patch, field) => {
    await open();
    const auditBefore = core.db.prepare('SELECT count(*) AS n FROM audit_log').get();
    const result = await create({ firstName: 'Ann', lastName: 'Okafor', ...patch });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INVALID_INPUT');
    expect(Object.keys(result.error.fields ?? {})).toContain(field);
    expect(core.db.prepare('SELECT count(*) AS n FROM patients').get()).toEqual({ n: 0 });
    expect(core.db.prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual(auditBefore);
  });

  it('updates a record, keeps the search index current and audits before and after', async () => {
    await open();
    const p = await createOk({ firstName: 'Ann', lastName: 'Okafor', flags: ['anticoagulants'] });
    const { id: _id, archived: _a, createdAtMs: _c, updatedAtMs: _u, ...fields } = p;
    const updated = await core.dispatch(page, 'patients.update', {
      id: p.id,
      patient: { ...fields, dob: fields.dob ?? '', lastName: 'Mensah' },
    });
    expect(updated).toMatchObject({ ok: true, value: { lastName: 'Mensah', flags: ['anticoagulants'] } });
    expect(search('okafor')).toEqual([]);
    expect(search('mensah')).toEqual(['Ann Mensah']);
    const row = core.db.prepare("SELECT before_json, after_json FROM audit_log WHERE action = 'update'").get() as {
      before_json: string;
      after_json: string;
    };
    expect(JSON.parse(row.before_json)).toMatchObject({ lastName: 'Okafor' });
    expect(JSON.parse(row.after_json)).toMatchObject({ lastName: 'Mensah' });
    expect(await core.dispatch(page, 'patients.get', { id: 999 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
