import { afterEach, describe, expect, it } from 'vitest';
import type { ClinicCore } from '../../electron/core';
import { openDatabase } from '../../electron/db/connection';
import { listPatients } from '../../electron/db/patientsRepo';
import { searchPlan, typoDistance } from '../../electron/db/patientSearch';
import type { Envelope } from '../../shared/envelope';
import { emptyPatient, type Patient, type PatientInput } from '../../shared/patients';
import { testClinic } from '../support/core';
import { statementsRunBy } from '../support/queryPlans';

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

function search(text: string, includeArchived = false, country = 'GB'): string[] {
  return listPatients(core.db, { text, sort: 'name', includeArchived, limit: 50, country }).map(
    (p) => `${p.firstName} ${p.lastName}`,
  );
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
    expect(searchPlan('ann" OR "x', 'GB')).toMatchObject({ kind: 'words', exact: '"ann"* AND "OR"* AND "x"*' });
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

describe('patient search as callers and typists give it', () => {
  it('finds a number by any part of it, written with spaces, punctuation or the international prefix', async () => {
    await open();
    await createOk({ firstName: 'Ann', lastName: 'Okafor', phone: '07859 561570' });
    await createOk({ firstName: 'Ben', lastName: 'Price', phone: '+44 7859 561999' });
    await createOk({ firstName: 'Cara', lastName: 'Lund', phone: '020 7946 0018' });
    for (const typed of [
      '561570',
      '7859 561570',
      '7859 561',
      '+44 7859 561570',
      '00447859561570',
      '0044 (0)7859-561570',
      '07859561570',
    ]) {
      expect(search(typed), typed).toEqual(expect.arrayContaining(['Ann Okafor']));
    }
    expect(search('561570')).toEqual(['Ann Okafor']);
    // The number saved in international form is found by its national form, and the other way round.
    expect(search('07859 561999')).toEqual(['Ben Price']);
    expect(search('+44 20 7946 0018')).toEqual(['Cara Lund']);
    expect(search('7859 56')).toEqual(['Ann Okafor', 'Ben Price']);
    expect(search('946 001')).toEqual(['Cara Lund']);
    expect(search('123456')).toEqual([]);
  });

  it('reads the international prefix of the clinic’s own country only', async () => {
    await open();
    await createOk({ firstName: 'Dana', lastName: 'Fox', phone: '(415) 555-0134' });
    await createOk({ firstName: 'Eve', lastName: 'Hart', phone: '+33 6 12 34 56 78' });
    expect(search('+1 415 555 0134', false, 'US')).toEqual(['Dana Fox']);
    expect(search('1-415-555-0134', false, 'US')).toEqual(['Dana Fox']);
    // A foreign number keeps its calling code, so it is found written either way.
    expect(search('+33 612 345 678', false, 'GB')).toEqual(['Eve Hart']);
    expect(search('0033 6 12 34 56 78', false, 'GB')).toEqual(['Eve Hart']);
  });

  it('forgives a typo in a name, listing those patients after the exact matches', async () => {
    await open();
    await createOk({ firstName: 'Maria', lastName: 'Fernandez' });
    await createOk({ firstName: 'John', lastName: 'Smith' });
    await createOk({ firstName: 'Jonh', lastName: 'Adams' });
    await createOk({ firstName: 'Sarah', lastName: 'Jones' });
    expect(search('ferandez')).toEqual(['Maria Fernandez']);
    expect(search('Fernández')).toEqual(['Maria Fernandez']);
    expect(search('maria ferandez')).toEqual(['Maria Fernandez']);
    // "jonh" is also someone's real name: that patient first, then John one typo away.
    expect(search('jonh')).toEqual(['Jonh Adams', 'John Smith']);
    expect(search('john')).toEqual(['John Smith', 'Jonh Adams']);
    expect(search('smiht')).toEqual(['John Smith']);
    // Short words must match as typed: three letters leave too little to guess from.
    expect(search('jhn')).toEqual([]);
    expect(search('xyzzy')).toEqual([]);
  });

  it('knows a name registered after the first typo search', async () => {
    await open();
    await createOk({ firstName: 'Ann', lastName: 'Okafor' });
    expect(search('fernadez')).toEqual([]);
    await createOk({ firstName: 'Maria', lastName: 'Fernandez' });
    expect(search('fernadez')).toEqual(['Maria Fernandez']);
  });

  it('counts the patients afresh after a registration or an archive', async () => {
    await open();
    const total = async (includeArchived: boolean) => {
      const r = await core.dispatch(page, 'patients.list', { text: '', sort: 'name', includeArchived });
      return r.ok ? (r.value as { total: number }).total : -1;
    };
    expect(await total(false)).toBe(0);
    const ann = await createOk({ firstName: 'Ann', lastName: 'Okafor' });
    await createOk({ firstName: 'Ben', lastName: 'Price' });
    expect([await total(false), await total(true)]).toEqual([2, 2]);
    await core.dispatch(page, 'patients.setArchived', { id: ann.id, archived: true });
    expect([await total(false), await total(true)]).toEqual([1, 2]);
  });

  it('gives the same patients in the same order as SQLite sorting every match, and keeps up with renames and other connections', async () => {
    await open();
    // 130 patients and one more: "m" matches about half of them, "zel" one.
    const first = ['Mia', 'Ann', 'Zoe', 'Max', 'Ben', 'Maya', 'Omar', 'Ines'];
    const last = ['Morgan', 'Okafor', 'Smith', 'mcKay', 'Adams', 'Müller', 'Zhang', 'Brown', 'Evans', 'Moore'];
    for (let i = 0; i < 130; i++) {
      const r = await create({ firstName: first[(i * 7) % first.length]!, lastName: last[(i * 3) % last.length]! }, true);
      if (!r.ok) throw new Error(r.error.message);
      if (i % 9 === 4) await core.dispatch(page, 'patients.setArchived', { id: (r.value as Patient).id, archived: true });
    }
    await createOk({ firstName: 'Quinn', lastName: 'Zeller' });
    const sorted = (match: string, includeArchived: boolean, limit: number) =>
      core.db
        .prepare(
          `SELECT p.id FROM patient_search s JOIN patients p ON p.id = s.rowid WHERE patient_search MATCH ?
             ${includeArchived ? '' : 'AND p.archived_at_ms IS NULL'}
             ORDER BY p.last_name COLLATE NOCASE, p.first_name COLLATE NOCASE, p.id LIMIT ?`,
        )
        .pluck()
        .all(match, limit) as number[];
    for (const [text, match] of [
      ['m', '"m"*'],
      ['mu', '"mu"*'],
      ['zoe', '"zoe"*'],
      ['zel', '"zel"*'],
      ['a', '"a"*'],
    ] as const) {
      for (const includeArchived of [false, true]) {
        for (const limit of [5, 200]) {
          const found = listPatients(core.db, { text, sort: 'name', includeArchived, limit, country: 'GB' }).map((p) => p.id);
          expect(found, `${text} ${includeArchived} ${limit}`).toEqual(sorted(match, includeArchived, limit));
        }
      }
    }
    // The places in name order are read once, and kept while no name changes.
    const ran = async (text: string) => (await statementsRunBy(core.db, () => search(text))).map((st) => st.sql).join('\n');
    expect(await ran('m')).not.toMatch(/INDEXED BY patients_by_name/);
    // A rename moves the patient at once: Quinn Zeller becomes Quinn Aaron, first of the "q"s and the "a"s.
    const quinn = listPatients(core.db, { text: 'zeller', sort: 'name', includeArchived: false, limit: 5, country: 'GB' })[0]!;
    const renamed = await core.dispatch(page, 'patients.update', {
      id: quinn.id,
      patient: { ...emptyPatient(), firstName: 'Quinn', lastName: 'Aaron' },
    });
    expect(renamed.ok).toBe(true);
    expect(await ran('a')).toMatch(/INDEXED BY patients_by_name/);
    for (const text of ['a', 'q']) {
      expect(listPatients(core.db, { text, sort: 'name', includeArchived: false, limit: 1, country: 'GB' })[0]!.id).toBe(
        quinn.id,
      );
      expect(
        listPatients(core.db, { text, sort: 'name', includeArchived: true, limit: 300, country: 'GB' }).map((p) => p.id),
      ).toEqual(sorted(`"${text}"*`, true, 300));
    }
    // A change that is not a name keeps every place: the next search reads no order.
    const notes = await core.dispatch(page, 'patients.update', {
      id: quinn.id,
      patient: { ...emptyPatient(), firstName: 'Quinn', lastName: 'Aaron', notes: 'Prefers mornings' },
    });
    expect(notes.ok).toBe(true);
    expect(await ran('q')).not.toMatch(/INDEXED BY patients_by_name/);
    // A patient added by another connection is found, and in its place (the places read again).
    const other = openDatabase(core.db.name, core.access.folder.dbKey ?? undefined);
    try {
      other
        .prepare(
          `INSERT INTO patients (first_name, last_name, preferred_name, dob, sex, phone, phone_digits, email, address, contact_preference,
             medical_history, flags_json, allergies, medications, activity_level, notes, created_at_ms, updated_at_ms)
           VALUES ('Mo', 'Aardvark', '', NULL, 'unknown', '', '', '', '', 'phone', '', '[]', '', '', 'normal', '', 0, 0)`,
        )
        .run();
    } finally {
      other.close();
    }
    let m: number[] = [];
    const reread = await statementsRunBy(core.db, () => {
      m = listPatients(core.db, { text: 'm', sort: 'name', includeArchived: true, limit: 300, country: 'GB' }).map((p) => p.id);
    });
    expect(reread.map((st) => st.sql).join('\n')).toMatch(/INDEXED BY patients_by_name/);
    expect(m).toEqual(sorted('"m"*', true, 300));
    expect(core.db.prepare('SELECT last_name FROM patients WHERE id = ?').pluck().get(m[0])).toBe('Aardvark');
  });

  it('keeps the answer of a search for one to three letters until a patient is added or changed, here or by another connection', async () => {
    await open();
    for (let i = 0; i < 40; i++) {
      const r = await create({ firstName: ['Mia', 'Ann', 'Ben'][i % 3]!, lastName: ['Morgan', 'Smith', 'Evans'][i % 3]! }, true);
      if (!r.ok) throw new Error(r.error.message);
    }
    const sorted = (match: string) =>
      core.db
        .prepare(
          `SELECT p.id FROM patient_search s JOIN patients p ON p.id = s.rowid WHERE patient_search MATCH ?
             ORDER BY p.last_name COLLATE NOCASE, p.first_name COLLATE NOCASE, p.id`,
        )
        .pluck()
        .all(match) as number[];
    const ids = (text: string) =>
      listPatients(core.db, { text, sort: 'name', includeArchived: true, limit: 300, country: 'GB' }).map((p) => p.id);
    // Whether answering read the word index (else the kept answer was used), and the answer.
    const answer = async (text: string) => {
      let found: number[] = [];
      const ran = await statementsRunBy(core.db, () => {
        found = ids(text);
      });
      return { read: ran.some((st) => /patient_search MATCH/.test(st.sql)), found };
    };
    expect(await answer('m')).toEqual({ read: true, found: sorted('"m"*') });
    expect(await answer('m')).toEqual({ read: false, found: sorted('"m"*') });
    expect((await answer('smi')).read).toBe(true);
    expect((await answer('smi')).read).toBe(false);
    // Four letters and two words are not kept.
    expect((await answer('smit')).read).toBe(true);
    expect((await answer('smit')).read).toBe(true);
    expect((await answer('a m')).read).toBe(true);
    expect((await answer('a m')).read).toBe(true);
    // A patient added here: found at once, in place.
    expect((await answer('a')).read).toBe(true);
    expect((await answer('a')).read).toBe(false);
    const added = await createOk({ firstName: 'Zed', lastName: 'Aaronson' });
    expect(await answer('a')).toEqual({ read: true, found: sorted('"a"*') });
    expect((await answer('a')).found[0]).toBe(added.id);
    // A change of email (not a name, so no place moves) is searched too.
    expect((await answer('q')).found).toEqual([]);
    const changed = await core.dispatch(page, 'patients.update', {
      id: added.id,
      patient: { ...emptyPatient(), firstName: 'Zed', lastName: 'Aaronson', email: 'quill@example.com' },
    });
    expect(changed.ok).toBe(true);
    expect(await answer('q')).toEqual({ read: true, found: [added.id] });
    // Archiving changes no answer kept: the rows shown are read afresh.
    expect((await answer('ze')).found).toEqual([added.id]);
    await core.dispatch(page, 'patients.setArchived', { id: added.id, archived: true });
    expect(listPatients(core.db, { text: 'ze', sort: 'name', includeArchived: false, limit: 300, country: 'GB' })).toEqual([]);
    // An email changed by another connection (the same count of patients, the same highest id).
    expect((await answer('q')).read).toBe(false);
    const other = openDatabase(core.db.name, core.access.folder.dbKey ?? undefined);
    try {
      other.prepare("UPDATE patients SET email = 'quince@example.com' WHERE id = ?").run(sorted('"ben"*')[0]);
    } finally {
      other.close();
    }
    expect(await answer('q')).toEqual({ read: true, found: sorted('"q"*') });
    expect((await answer('q')).found).toHaveLength(2);
  });

  it('keeps answers holding at most eight ids for each patient in all, forgetting the oldest first', async () => {
    await open();
    // Every patient's email has a word for each of the letters a to i: each letter matches everyone.
    for (let i = 0; i < 30; i++) {
      const r = await create({ firstName: 'Jo', lastName: 'Quist', email: `aa.bb.cc.dd.ee.ff.gg.${i}@hh.ii` }, true);
      if (!r.ok) throw new Error(r.error.message);
    }
    const read = async (text: string) => {
      const ran = await statementsRunBy(core.db, () => {
        expect(listPatients(core.db, { text, sort: 'name', includeArchived: true, limit: 5, country: 'GB' })).toHaveLength(5);
      });
      return ran.some((st) => /patient_search MATCH/.test(st.sql));
    };
    for (const letter of 'abcdefgh') expect(await read(letter)).toBe(true);
    // Eight answers of 30 ids each: all kept.
    for (const letter of 'abcdefgh') expect(await read(letter)).toBe(false);
    // A ninth would hold more than 8 × 30: the oldest ("a") is forgotten to keep it.
    expect(await read('i')).toBe(true);
    expect(await read('i')).toBe(false);
    expect(await read('h')).toBe(false);
    expect(await read('a')).toBe(true);
    // Kept again, in place of the next oldest ("b").
    expect(await read('a')).toBe(false);
    expect(await read('b')).toBe(true);
  });

  it('measures typos as insertions, deletions, substitutions and swapped neighbours', () => {
    expect(typoDistance('jonh', 'john', 2)).toBe(1);
    expect(typoDistance('ferandez', 'fernandez', 2)).toBe(1);
    expect(typoDistance('smyth', 'smith', 2)).toBe(1);
    expect(typoDistance('smith', 'smith', 2)).toBe(0);
    expect(typoDistance('abcdef', 'badcfe', 2)).toBe(3);
    expect(typoDistance('okafor', 'fernandez', 2)).toBe(3);
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
