import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../shared/csv';
import { buildDemoFolder, NotADemoFolderError } from '../../electron/demo/demoFolder';
import { openDatabase } from '../../electron/db/connection';
import { chart, fullTreatment, testClinic } from '../support/core';
import { TEST_KDF } from '../../electron/auth/crypto';
import { tempDir } from '../support/tempDir';

const SHEET = [
  'Forename,Surname,Date of Birth,Mobile,E-mail,Loyalty points',
  'Ann,Okafor,15/06/1985,07123 456789,ann@example.com,10',
  'Bea,Ellis,1990-02-30,,,5',
  '"Cy, Jr",Adams,1979-01-01,07000 111222,cy@example.com,0',
  'Dee,,1980-01-01,,,1',
  'Ann,Okafor,15/06/1985,07123 456789,ann@example.com,10',
  'Eve,Future,2030-01-01,,,1',
  'Flo,Bad,,not-a-phone,,1',
].join('\n');

describe('patient CSV import', () => {
  it('takes back what it exported: phone numbers unchanged, formulas defused in the file and restored on import, line breaks and semicolon files', async () => {
    const c = await testClinic();
    const tricky = {
      firstName: 'Zoë',
      lastName: 'Ó Briain; Jr',
      phone: '+44 20 7946 0018',
      email: 'zoe@example.com',
      address: '1 Quay Street\nHarbour Town',
      notes: '=HYPERLINK("http://evil.example","Click"); @SUM(A1)',
    };
    await c.patient(tricky);
    const { csv } = await c.call('export.csv', { what: 'patients' });
    expect(csv).toContain(',+44 20 7946 0018,');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""Click""); '@SUM(A1)"`);

    const other = await testClinic();
    const mapping = {
      first_name: 'firstName',
      last_name: 'lastName',
      phone: 'phone',
      email: 'email',
      address: 'address',
      notes: 'notes',
    } as const;
    const headers = parseCsv(csv)[0]!;
    const full = Object.fromEntries(headers.map((h) => [h, (mapping as Record<string, string>)[h] ?? 'ignore'])) as Record<
      string,
      (typeof mapping)[keyof typeof mapping] | 'ignore'
    >;
    expect(await other.call('import.commit', { csv, mapping: full })).toEqual({ imported: 1, skipped: 0 });
    const [back] = (await other.call('patients.list', { text: '', sort: 'name', includeArchived: false })).patients;
    expect(await other.call('patients.get', { id: back!.id })).toMatchObject(tricky);

    // The same file as European Excel saves it: semicolons, Windows line ends.
    const semicolons = 'First name;Surname;Phone\r\nJürgen;Groß;+49 30 1234567\r\n';
    const preview = await other.call('import.preview', { csv: semicolons, mapping: null });
    expect(preview).toMatchObject({
      delimiter: ';',
      headers: ['First name', 'Surname', 'Phone'],
      counts: { ok: 1, error: 0, duplicate: 0 },
      fileProblems: [],
    });
  });

  it('suggests a column mapping and reports every row before anything is imported', async () => {
    const c = await testClinic();
    const preview = await c.call('import.preview', { csv: SHEET, mapping: null });
    expect(preview.mapping).toEqual({
      Forename: 'firstName',
      Surname: 'lastName',
      'Date of Birth': 'dob',
      Mobile: 'phone',
      'E-mail': 'email',
      'Loyalty points': 'ignore',
    });
    expect(preview.fileProblems).toEqual([]);
    expect(preview.rows.map((r) => [r.line, r.status])).toEqual([
      [2, 'ok'],
      [3, 'error'],
      [4, 'ok'],
      [5, 'error'],
      [6, 'duplicate'],
      [7, 'error'],
      [8, 'error'],
    ]);
    expect(preview.rows[1]!.problems).toEqual(['Date of birth "1990-02-30" is not a date (use 1985-06-15 or 15/06/1985)']);
    expect(preview.rows[3]!.problems).toEqual(['Last name: Enter the last name']);
    expect(preview.rows[5]!.problems).toEqual(['Date of birth is in the future']);
    expect(preview.rows[6]!.problems[0]).toMatch(/^Phone: /);
    expect(preview.counts).toEqual({ ok: 2, error: 4, duplicate: 1 });
    expect(c.core.db.prepare('SELECT count(*) FROM patients').pluck().get()).toBe(0);

    const result = await c.call('import.commit', { csv: SHEET, mapping: preview.mapping });
    expect(result).toEqual({ imported: 2, skipped: 5 });
    const people = await c.call('patients.list', { text: '', sort: 'name', includeArchived: false });
    expect(people.patients.map((p) => [p.firstName, p.lastName, p.dob])).toEqual([
      ['Cy, Jr', 'Adams', '1979-01-01'],
      ['Ann', 'Okafor', '1985-06-15'],
    ]);
    // Importing the same file again finds both as existing patients.
    const again = await c.call('import.preview', { csv: SHEET, mapping: preview.mapping });
    expect(again.counts).toEqual({ ok: 0, error: 4, duplicate: 3 });
  });

  it('refuses a malformed file or a mapping without names, and imports nothing', async () => {
    const c = await testClinic();
    const broken = await c.call('import.preview', { csv: 'first,last\n"Ann,Okafor\n', mapping: null });
    expect(broken.fileProblems).toEqual(['The file is not valid CSV. Line 2: a quoted field is never closed.']);
    const noNames = await c.call('import.preview', { csv: 'a,b\n1,2\n', mapping: null });
    expect(noNames.fileProblems).toEqual(['Choose the columns that hold the first name and the last name.']);
    expect(await c.raw('import.commit', { csv: 'a,b\n1,2\n', mapping: { a: 'ignore', b: 'ignore' } })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    expect((await c.call('import.preview', { csv: '', mapping: null })).fileProblems).toEqual(['The file is empty.']);
    expect(c.core.db.prepare('SELECT count(*) FROM patients').pluck().get()).toBe(0);
  });

  it('exports patients and treatments as CSV that reads back', async () => {
    const c = await testClinic();
    const id = await c.patient({ firstName: 'Zoë', lastName: 'Ångström', address: '1 Quay St\nBristol' });
    await c.consent(id);
    await chart(
      c,
      fullTreatment(id, await c.injector(), await c.lot(), '2026-11-01', [
        { area: 'glabella', units: 20 },
        { area: 'forehead', units: 8 },
      ]),
    );
    const patients = parseCsv((await c.call('export.csv', { what: 'patients' })).csv);
    expect(patients[1]!.slice(1, 3)).toEqual(['Zoë', 'Ångström']);
    expect(patients[1]![8]).toBe('1 Quay St\nBristol');
    const treatments = await c.call('export.csv', { what: 'treatments' });
    expect(treatments.fileName).toBe('treatments-2026-11-22.csv');
    const rows = parseCsv(treatments.csv);
    expect(rows[1]).toEqual(
      expect.arrayContaining(['Zoë Ångström', '2026-11-01', 'botox', 'C1234', 'glabella:20; forehead:8', 'Dr Sarah Whitfield']),
    );
  });
});

describe('the demo clinic', () => {
  it('is deterministic, realistic in size, and fills every part of the record', async () => {
    const a = tempDir();
    const b = tempDir();
    const opts = { today: '2026-11-22', nowMs: Date.parse('2026-11-22T10:00:00Z'), rebuild: true, kdf: TEST_KDF, photos: false };
    const { keys: keysA, ...first } = (await buildDemoFolder(a, opts))!;
    const { keys: keysB, ...second } = (await buildDemoFolder(b, opts))!;
    expect(second).toEqual(first);
    expect(first.patients).toBe(300);
    expect(first.team).toBe(6);
    expect(first.treatments).toBeGreaterThan(600);
    expect(first.observations).toBeGreaterThan(200);
    const dump = (dir: string, key: Buffer) => {
      const db = openDatabase(path.join(dir, 'clinic.sqlite'), key);
      const out = db.prepare('SELECT first_name, last_name, dob FROM patients ORDER BY id').all();
      const t = db.prepare('SELECT performed_on, product, lot_number FROM treatments ORDER BY id').all();
      const staff = db.prepare("SELECT count(*) FROM staff WHERE role = 'practitioner'").pluck().get();
      const summaries = db.prepare('SELECT count(*) FROM patient_schedule').pluck().get() as number;
      db.close();
      return { out, t, staff, summaries };
    };
    const da = dump(a, keysA.database);
    expect(da).toEqual(dump(b, keysB.database));
    expect(da.staff).toBe(4);
    expect(da.summaries).toBeGreaterThan(250);
    expect(fs.readFileSync(path.join(a, 'DEMO-CLINIC.txt'), 'utf8')).toMatch(/demo clinic/);
  });

  it('is never written into a folder that holds a real clinic', async () => {
    const c = await testClinic();
    await c.patient();
    const realDir = c.core.dataDir;
    const before = fs.readFileSync(path.join(realDir, 'clinic.sqlite'));
    await expect(buildDemoFolder(realDir, { today: '2026-11-22', nowMs: 0, rebuild: true, kdf: TEST_KDF })).rejects.toThrow(
      NotADemoFolderError,
    );
    expect(fs.readFileSync(path.join(realDir, 'clinic.sqlite')).equals(before)).toBe(true);
    expect(fs.existsSync(path.join(realDir, 'DEMO-CLINIC.txt'))).toBe(false);
  });

  it('a new clinic can open the demo in its own folder, signed in as its owner; leaving it returns to the untouched clinic', async () => {
    const c = await testClinic(undefined, { setUp: false });
    expect((await c.call('auth.status', {})).state).toBe('new_clinic');
    const demo = await c.call('auth.exploreDemo', {});
    expect(demo).toMatchObject({ state: 'signed_in', demo: true, person: { name: 'Alex Morgan', role: 'admin' } });
    expect(await c.call('app.info', {})).toMatchObject({ demo: true, dataDir: path.join(c.dir, 'demo') });
    expect((await c.call('patients.list', { text: '', sort: 'name', includeArchived: false })).total).toBe(300);
    expect((await c.call('auth.leaveDemo', {})).state).toBe('new_clinic');
    expect(await c.raw('patients.list', { text: '', sort: 'name', includeArchived: false })).toMatchObject({
      ok: false,
      error: { code: 'NOT_SIGNED_IN' },
    });
    // The clinic's own folder has no database yet: the demo wrote nothing there.
    expect(fs.existsSync(path.join(c.dir, 'clinic', 'clinic.sqlite'))).toBe(false);
    await c.call('auth.setupClinic', { clinicName: 'Harbour', ownerName: 'Owner', password: 'a long and fine password' });
    expect((await c.call('patients.list', { text: '', sort: 'name', includeArchived: false })).total).toBe(0);
  });
});
