import Database from 'better-sqlite3-multiple-ciphers';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decryptBytes, ENCRYPTED_HEADER_BYTES, encryptBytes, encryptInPieces, TEST_KDF } from '../../electron/auth/crypto';
import { fixedClock } from '../../electron/clock';
import { createClinicCore, type ClinicCore } from '../../electron/core';
import { readPhotoFile } from '../../electron/photos/store';
import { TEST_OWNER, testClinic } from '../support/core';
import { cameraJpeg } from '../support/images';
import { importOne } from '../support/photos';
import { tempDir } from '../support/tempDir';

const PAGE = { url: 'app://clinic/index.html', isMainFrame: true };
const FIXTURE = path.resolve(__dirname, '../fixtures/plain-clinic-v9');
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
const SQLITE = Buffer.from('SQLite format 3\0', 'latin1');

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name));
}

function reopen(dir: string): ClinicCore {
  return createClinicCore({
    dataDir: dir,
    trustedOrigin: 'app://clinic',
    clock: fixedClock('2026-11-22T10:00:00Z'),
    kdf: TEST_KDF,
  });
}

async function signIn(core: ClinicCore, name: string, password: string) {
  return core.dispatch(PAGE, 'auth.signIn', { name, password });
}

describe('encryption at rest', () => {
  it('the database and photo files on disk hold no patient name and no picture; the folder is private', async () => {
    const c = await testClinic();
    const patientId = await c.patient({ firstName: 'Marisol', lastName: 'Fernandez-Quintero', phone: '07859 561570' });
    await importOne(c, patientId, 'IMG_7.jpg', await cameraJpeg(1));
    const dir = c.core.dataDir;
    c.core.close();
    const db = fs.readFileSync(path.join(dir, 'clinic.sqlite'));
    expect(db.subarray(0, 16).equals(SQLITE)).toBe(false);
    for (const file of filesUnder(dir)) {
      const bytes = fs.readFileSync(file);
      for (const secret of ['Fernandez', 'Marisol', '07859 561570'])
        expect(bytes.includes(secret), `${file} has ${secret}`).toBe(false);
    }
    const photos = filesUnder(path.join(dir, 'photos'));
    expect(photos).toHaveLength(3);
    for (const file of photos) {
      const bytes = fs.readFileSync(file);
      // The start and the segment names, not three bytes anywhere (those turn up by chance in ciphertext).
      expect(
        bytes.subarray(0, 3).equals(JPEG) || bytes.includes('JFIF\0') || bytes.includes('Exif\0\0'),
        `${file} holds a JPEG`,
      ).toBe(false);
      expect(bytes.includes(PNG)).toBe(false);
    }
    // Without the key SQLite sees no database at all.
    const raw = new Database(path.join(dir, 'clinic.sqlite'));
    expect(() => raw.prepare('SELECT count(*) FROM patients').get()).toThrow(/not a database/);
    raw.close();
    if (process.platform !== 'win32') {
      expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
      for (const file of [path.join(dir, 'clinic.sqlite'), path.join(dir, 'keyring.json'), ...photos]) {
        expect((fs.statSync(file).mode & 0o777).toString(8), file).toBe('600');
      }
    }
  });

  it('opens with any staff password and with the recovery key, and not with the password of someone made inactive', async () => {
    const c = await testClinic();
    await c.patient({ firstName: 'Ann' });
    const priya = await c.person('Dr Priya Raman', 'practitioner', 'room', 'treatment room window seat');
    await c.person('Rosa Reyes', 'reception', 'desk', 'desk lamp orange river');
    await c.call('team.setActive', { id: priya, active: false });
    const recovery = c.recoveryKey();
    const dir = c.core.dataDir;
    c.core.close();
    const tries: [string, () => Promise<unknown>][] = [
      ['owner', async () => signIn(core, TEST_OWNER.name, TEST_OWNER.password)],
      ['reception', async () => signIn(core, 'Rosa Reyes', 'desk lamp orange river')],
      [
        'recovery key',
        async () =>
          core.dispatch(PAGE, 'auth.recover', { recoveryKey: recovery, staffId: 1, password: 'after recovery phrase 9' }),
      ],
    ];
    let core = reopen(dir);
    for (const [who, attempt] of tries) {
      core.close();
      core = reopen(dir);
      expect(await attempt(), who).toMatchObject({ ok: true, value: { state: 'signed_in' } });
      expect((await core.dispatch(PAGE, 'patients.list', { text: '', sort: 'name', includeArchived: false })).ok, who).toBe(true);
    }
    core.close();
    core = reopen(dir);
    expect(await signIn(core, 'Dr Priya Raman', 'treatment room window seat')).toMatchObject({
      ok: false,
      error: { code: 'NOT_SIGNED_IN' },
    });
    expect(core.access.folder.db).toBeNull();
    core.close();
  });

  it('a database copied to another computer without its key file opens as nothing, is never overwritten, and says why', async () => {
    const c = await testClinic();
    await c.patient();
    const from = c.core.dataDir;
    c.core.close();
    const elsewhere = path.join(tempDir(), 'clinic');
    fs.mkdirSync(elsewhere);
    fs.copyFileSync(path.join(from, 'clinic.sqlite'), path.join(elsewhere, 'clinic.sqlite'));
    const before = fs.readFileSync(path.join(elsewhere, 'clinic.sqlite'));
    const core = reopen(elsewhere);
    expect(await core.dispatch(PAGE, 'auth.status', {})).toMatchObject({ ok: true, value: { state: 'key_file_missing' } });
    expect(
      await core.dispatch(PAGE, 'auth.setupClinic', {
        clinicName: 'New',
        ownerName: 'Mallory',
        password: 'a very long password',
      }),
    ).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('keyring.json') as string } });
    core.close();
    expect(fs.readFileSync(path.join(elsewhere, 'clinic.sqlite')).equals(before)).toBe(true);
  });
});

describe('a photo file encrypted a piece at a time', () => {
  it('is the file encryptBytes makes: the same layout, read back by decryptBytes, bound to its name', () => {
    const key = crypto.randomBytes(32);
    for (const [size, piece] of [
      [0, 1024],
      [1, 1024],
      [4096, 1024],
      [5000, 1024],
      [3 * 1024 * 1024 + 7, 1024 * 1024],
    ] as const) {
      const plain = crypto.randomBytes(size);
      const pieces: Buffer[] = [];
      const header = encryptInPieces(key, plain, 'photo|a|original', (p) => pieces.push(p), piece);
      expect(pieces.every((p) => p.length <= piece)).toBe(true);
      const file = Buffer.concat([header, ...pieces]);
      const whole = encryptBytes(key, plain, 'photo|a|original');
      expect([header.length, file.length, file.subarray(0, 4)]).toEqual([
        ENCRYPTED_HEADER_BYTES,
        whole.length,
        whole.subarray(0, 4),
      ]);
      expect(decryptBytes(key, file, 'photo|a|original').equals(plain)).toBe(true);
      expect(() => decryptBytes(key, file, 'photo|b|original')).toThrow('could not be decrypted');
    }
  });
});

describe('a clinic from before encryption', () => {
  /** Row counts of every table of the fixture, read from a copy (SQLite may touch a file it opens). */
  function plainCounts(file: string): Map<string, number> {
    const copy = path.join(tempDir(), 'copy.sqlite');
    fs.copyFileSync(file, copy);
    const db = new Database(copy, { readonly: true });
    const names = db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .pluck()
      .all() as string[];
    const counts = new Map(names.map((n) => [n, db.prepare(`SELECT count(*) FROM "${n}"`).pluck().get() as number]));
    db.close();
    return counts;
  }

  const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

  it(
    'is encrypted on first start once the owner creates an account: every row and every photo kept, the plain files gone',
    { timeout: 60_000 },
    async () => {
      const dir = path.join(tempDir(), 'clinic');
      fs.cpSync(FIXTURE, dir, { recursive: true });
      fs.rmSync(path.join(dir, 'HOW-MADE.txt'));
      const before = plainCounts(path.join(dir, 'clinic.sqlite'));
      const plainPhotos = new Map(
        filesUnder(path.join(dir, 'photos')).map((f) => [path.relative(dir, f), sha256(fs.readFileSync(f))]),
      );
      expect(plainPhotos.size).toBeGreaterThan(20);
      const patientNames = (() => {
        const copy = path.join(tempDir(), 'names.sqlite');
        fs.copyFileSync(path.join(dir, 'clinic.sqlite'), copy);
        const db = new Database(copy, { readonly: true });
        // Whole names: a three-letter surname turns up by chance in megabytes of ciphertext.
        const names = db.prepare("SELECT first_name || ' ' || last_name FROM patients").pluck().all() as string[];
        db.close();
        return names;
      })();

      const core = reopen(dir);
      try {
        expect(await core.dispatch(PAGE, 'auth.status', {})).toMatchObject({
          ok: true,
          value: { state: 'needs_protection', clinicName: 'Harbour Aesthetics (demo)' },
        });
        // The demo's owner-to-be is not in its team: a new staff member is made for them.
        const set = await core.dispatch(PAGE, 'auth.setupClinic', {
          clinicName: 'Harbour Aesthetics',
          ownerName: 'Olive Owner',
          password: 'quiet harbour morning tide',
        });
        expect(set.ok).toBe(true);
        const steps = new Set<string>();
        for (let i = 0; i < 400; i++) {
          const s = (await core.dispatch(PAGE, 'auth.status', {})) as {
            value: { state: string; conversion: { step: string } | null };
          };
          if (s.value.conversion) steps.add(s.value.conversion.step);
          if (s.value.state === 'signed_in') break;
          await new Promise((r) => setTimeout(r, 25));
        }
        expect((await core.dispatch(PAGE, 'auth.status', {})) as unknown).toMatchObject({
          ok: true,
          value: { state: 'signed_in', person: { name: 'Olive Owner', role: 'admin' } },
        });
        expect([...steps].some((s) => /Encrypting/.test(s))).toBe(true);

        // Every table has its rows: the owner joins the staff, and the audit trail gains what happened since.
        for (const [table, count] of before) {
          const now = core.db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number;
          if (table === 'staff') expect(now, table).toBe(count + 1);
          // The audit trail gains what happened since; app_state notes that the clinic was started for real.
          else if (table === 'audit_log' || table === 'app_state') expect(now, table).toBeGreaterThanOrEqual(count);
          else expect(now, table).toBe(count);
        }
        // The audit rows written before encryption were chained in their order, and the chain checks out.
        expect(await core.dispatch(PAGE, 'audit.verify', {})).toMatchObject({ ok: true, value: { ok: true } });
        // Every photo file decrypts to exactly the bytes it held before.
        const store = core.access.folder.photos!;
        for (const [rel, hash] of plainPhotos) {
          const [, kind, , sha] = rel.split(path.sep) as [string, 'original' | 'thumb' | 'preview', string, string];
          expect(sha256(readPhotoFile(store, sha, kind)), rel).toBe(hash);
        }
        // And the app serves them.
        const photoId = core.db.prepare('SELECT min(id) FROM photos').pluck().get() as number;
        expect(core.photo(`/photo/${photoId}/preview`).status).toBe(200);
      } finally {
        core.close();
      }
      // Nothing plain is left behind.
      const left = fs.readdirSync(dir);
      expect(left.filter((f) => /plain-old|encrypting/.test(f))).toEqual([]);
      expect(fs.readFileSync(path.join(dir, 'clinic.sqlite')).subarray(0, 16).equals(SQLITE)).toBe(false);
      for (const file of filesUnder(dir)) {
        const bytes = fs.readFileSync(file);
        // A JPEG starts with FF D8 FF and names its JFIF or Exif segment: three random bytes appear by chance
        // in a few megabytes of ciphertext (about once in 5.6 MB), the start and the segment names do not.
        expect(bytes.subarray(0, 3).equals(JPEG), file).toBe(false);
        expect(bytes.includes('JFIF\0') || bytes.includes('Exif\0\0'), file).toBe(false);
        for (const name of patientNames.slice(0, 5)) expect(bytes.includes(name), `${file} has ${name}`).toBe(false);
      }
    },
  );

  it('a conversion that fails leaves the plain clinic exactly as it was and says why', { timeout: 60_000 }, async () => {
    const dir = path.join(tempDir(), 'clinic');
    fs.cpSync(FIXTURE, dir, { recursive: true });
    // A photo that cannot be read: its name is a folder.
    const victim = filesUnder(path.join(dir, 'photos')).find((f) => f.includes(`${path.sep}thumb${path.sep}`))!;
    fs.rmSync(victim);
    fs.mkdirSync(victim);
    const dbBefore = fs.readFileSync(path.join(dir, 'clinic.sqlite'));
    const core = reopen(dir);
    try {
      await core.dispatch(PAGE, 'auth.setupClinic', {
        clinicName: 'H',
        ownerName: 'Olive Owner',
        password: 'quiet harbour morning tide',
      });
      let status: { state: string; conversion: { error: string | null } | null } | undefined;
      for (let i = 0; i < 400; i++) {
        status = ((await core.dispatch(PAGE, 'auth.status', {})) as { value: typeof status }).value;
        if (status?.conversion?.error) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      expect(status).toMatchObject({
        state: 'needs_protection',
        conversion: { error: expect.stringContaining('left exactly as it was') as string },
      });
    } finally {
      core.close();
    }
    expect(fs.readFileSync(path.join(dir, 'clinic.sqlite')).equals(dbBefore)).toBe(true);
    // Only the app's own log of what went wrong is added beside the clinic.
    expect(fs.readdirSync(dir).sort()).toEqual(['HOW-MADE.txt', 'clinic.sqlite', 'logs', 'photos']);
  });
});
