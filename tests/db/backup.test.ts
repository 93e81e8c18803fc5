import Database from 'better-sqlite3-multiple-ciphers';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_KDF } from '../../electron/auth/crypto';
import { verifyBackup } from '../../electron/backup/engine';
import { backupsAt, backupsToKeep, clinicBackupsAt, type BackupManifest } from '../../electron/backup/layout';
import { fixedClock } from '../../electron/clock';
import { createClinicCore, type ClinicCore } from '../../electron/core';
import { clinicKeys } from '../../electron/auth/keyring';
import { backupHealth } from '../../shared/backup';
import { TEST_OWNER, testClinic, type TestClinic } from '../support/core';
import { cameraJpeg } from '../support/images';
import { importOne } from '../support/photos';
import { tempDir } from '../support/tempDir';

const PAGE = { url: 'app://clinic/index.html', isMainFrame: true };
const SQLITE = Buffer.from('SQLite format 3\0', 'latin1');

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name));
}

/** A clinic with a patient and a photo, and a place to back up to. */
async function clinicWithPlace(): Promise<{ c: TestClinic; place: string; patientId: number }> {
  const c = await testClinic();
  const patientId = await c.patient({ firstName: 'Marisol', lastName: 'Fernandez-Quintero' });
  await importOne(c, patientId, 'IMG_1.jpg', await cameraJpeg(1));
  const place = path.join(c.dir, 'usb-disk');
  c.chooseFolder(place);
  await c.call('backups.addPlace', {});
  return { c, place, patientId };
}

async function backUp(c: TestClinic) {
  const attempts = await c.core.backups!.runNow({ id: 1, name: TEST_OWNER.name, role: 'admin', device: 'This computer' });
  return attempts;
}

describe('backups', () => {
  it(
    'are verified encrypted copies with the key file of their time; each copies only the photos that are new',
    { timeout: 60_000 },
    async () => {
      const { c, place, patientId } = await clinicWithPlace();
      const [first] = await backUp(c);
      expect(first).toMatchObject({ ok: true, place, problem: null });
      const found = backupsAt(place, c.core.access.folder.keyring!.clinicId);
      expect(found).toHaveLength(1);
      const m = found[0]!.manifest;
      expect(m).toMatchObject({ createdBy: TEST_OWNER.name, counts: { patients: 1, photos: 1 }, verified: { ok: true } });
      expect(m.tables.patients).toBe(1);
      expect(m.photoFiles).toHaveLength(3);
      // Encrypted: no SQLite header, no patient name, no picture anywhere at the place.
      for (const file of filesUnder(place)) {
        const bytes = fs.readFileSync(file);
        if (file.endsWith('clinic.sqlite')) expect(bytes.subarray(0, 16).equals(SQLITE)).toBe(false);
        if (!file.endsWith('manifest.json')) expect(bytes.includes('Fernandez'), file).toBe(false);
      }
      expect(fs.existsSync(path.join(found[0]!.folder, 'keyring.json'))).toBe(true);
      const status = await c.call('backups.status', {});
      expect(status).toMatchObject({ health: 'green', lastVerified: { id: m.id, place } });
      expect(status.healthText).toMatch(/^Last verified backup: just now, to /);
      // The audit trail says who backed up, where.
      expect(
        c.core.db.prepare("SELECT staff_name FROM audit_log WHERE entity = 'backup' AND action = 'export'").pluck().all(),
      ).toEqual([TEST_OWNER.name]);

      // A second backup the next day: the same photo files are not copied again.
      const store = path.join(clinicBackupsAt(place, m.clinicId), 'photos');
      const times = new Map(filesUnder(store).map((f) => [f, fs.statSync(f).mtimeMs]));
      await importOne(c, patientId, 'IMG_2.jpg', await cameraJpeg(3));
      const later = createClinicCoreAt(c, '2026-11-23T09:00:00Z');
      await later.dispatch(PAGE, 'auth.signIn', { name: TEST_OWNER.name, password: TEST_OWNER.password });
      await later.backups!.runNow(null);
      const both = backupsAt(place, m.clinicId);
      expect(both.map((b) => b.manifest.counts.photos)).toEqual([2, 1]);
      for (const [f, t] of times) expect(fs.statSync(f).mtimeMs, f).toBe(t);
      expect(filesUnder(store)).toHaveLength(6);
      expect(both[0]!.manifest.createdBy).toBe('Scheduled backup');
      later.close();
    },
  );

  it('verification finds a backed-up photo or database that was changed afterwards', { timeout: 30_000 }, async () => {
    const { c, place } = await clinicWithPlace();
    await backUp(c);
    const [b] = backupsAt(place, c.core.access.folder.keyring!.clinicId);
    const keys = clinicKeys(c.core.access.folder.keyring!, c.core.access.folder.dataKey!);
    const store = path.join(clinicBackupsAt(place, b!.manifest.clinicId), 'photos');
    expect(verifyBackup(b!.folder, store, b!.manifest, keys.database, keys.photos)).toMatchObject({
      ok: true,
      checkedPhotoFiles: 3,
    });
    const preview = filesUnder(store).find((f) => f.includes(`${path.sep}preview${path.sep}`))!;
    const bytes = fs.readFileSync(preview);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 1;
    fs.writeFileSync(preview, bytes);
    expect(verifyBackup(b!.folder, store, b!.manifest, keys.database, keys.photos)).toMatchObject({
      ok: false,
      problem: expect.stringContaining('damaged') as string,
    });
    const fewer = { ...b!.manifest, tables: { ...b!.manifest.tables, patients: 2 } };
    expect(verifyBackup(b!.folder, store, fewer, keys.database, keys.photos).problem).toMatch(
      /1 rows in patients where the clinic had 2/,
    );
  });

  it(
    'a place that cannot be reached fails with the reason, turns Today red, and the next backup clears it',
    { timeout: 30_000 },
    async () => {
      const { c, place } = await clinicWithPlace();
      fs.rmSync(place, { recursive: true });
      const [failed] = await backUp(c);
      expect(failed).toMatchObject({ ok: false, problem: expect.stringContaining('cannot be reached') as string });
      expect(await c.call('backups.status', {})).toMatchObject({
        health: 'red',
        healthText: expect.stringMatching(/^The last backup failed/) as string,
      });
      fs.mkdirSync(place);
      expect((await backUp(c))[0]).toMatchObject({ ok: true });
      expect((await c.call('backups.status', {})).health).toBe('green');
    },
  );

  it('Today’s colour: green under a day, amber under three, red after or when the last one failed', () => {
    const now = Date.parse('2026-11-22T10:00:00Z');
    const at = (h: number) => ({ atMs: now - h * 3_600_000, place: 'E:\\ClinicBackup' });
    expect(backupHealth(at(2), null, now)).toEqual({
      health: 'green',
      healthText: 'Last verified backup: 2 hours ago, to E:\\ClinicBackup',
    });
    expect(backupHealth(at(30), null, now).health).toBe('amber');
    expect(backupHealth(at(80), null, now).health).toBe('red');
    expect(backupHealth(null, null, now)).toEqual({ health: 'red', healthText: 'No verified backup yet.' });
    expect(backupHealth(at(1), { atMs: now, ok: false, place: 'E:', problem: 'disk full' }, now)).toMatchObject({
      health: 'red',
      healthText: 'The last backup failed just now: disk full',
    });
  });

  it('cancelling stops the backup and leaves no half-written folder', { timeout: 30_000 }, async () => {
    const { c, place } = await clinicWithPlace();
    const running = backUp(c);
    expect(c.core.backups!.busy).toBe(true);
    c.core.backups!.cancel();
    const [attempt] = await running;
    expect(attempt).toMatchObject({ ok: false, problem: 'Cancelled.' });
    await new Promise((r) => setTimeout(r, 200));
    const root = clinicBackupsAt(place, c.core.access.folder.keyring!.clinicId);
    const left = fs.existsSync(root) ? fs.readdirSync(root).filter((n) => n !== 'photos') : [];
    // A cancelled worker may leave its ".partial" folder; it is never taken for a backup and the next backup clears it.
    expect(left.every((n) => n.endsWith('.partial'))).toBe(true);
    expect(backupsAt(place, c.core.access.folder.keyring!.clinicId)).toEqual([]);
    expect((await backUp(c))[0]).toMatchObject({ ok: true });
  });

  it('rotation keeps 7 daily, 4 weekly and 12 monthly backups, and a failed one only while it is the newest', () => {
    const DAY = 86_400_000;
    const start = Date.parse('2025-01-01T09:00:00Z');
    const manifests: BackupManifest[] = [];
    // Two backups a day for 500 days, every tenth one failing verification (the newest verified).
    for (let i = 0; i <= 1000; i++) {
      const at = start + Math.floor(i / 2) * DAY + (i % 2) * 6 * 3_600_000;
      manifests.push({ id: `b${i}`, createdAtMs: at, verified: { ok: i % 10 !== 9 } } as unknown as BackupManifest);
    }
    const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const keep = backupsToKeep(manifests, dayOf);
    const kept = manifests.filter((m) => keep.has(m.id));
    const days = new Set(kept.map((m) => dayOf(m.createdAtMs)));
    const lastDay = dayOf(manifests.at(-1)!.createdAtMs);
    // The last 7 days each keep their newest verified backup.
    for (let d = 0; d < 7; d++) expect(days.has(dayOf(Date.parse(`${lastDay}T12:00:00Z`) - d * DAY))).toBe(true);
    expect(kept.every((m) => (m.verified as { ok: boolean }).ok)).toBe(true);
    expect(new Set(kept.map((m) => dayOf(m.createdAtMs).slice(0, 7))).size).toBeGreaterThanOrEqual(12);
    expect(kept.length).toBeLessThanOrEqual(7 + 4 + 12);
    expect(kept.length).toBeGreaterThanOrEqual(12);
    // Nothing older than a year and a month is kept.
    expect(Math.min(...kept.map((m) => m.createdAtMs))).toBeGreaterThan(manifests.at(-1)!.createdAtMs - 400 * DAY);
    // A newer failed backup is kept (it says what went wrong) until a verified one follows.
    const failedLast = [
      ...manifests,
      { id: 'x', createdAtMs: manifests.at(-1)!.createdAtMs + 1000, verified: { ok: false } } as unknown as BackupManifest,
    ];
    expect(backupsToKeep(failedLast, dayOf).has('x')).toBe(true);
  });
});

/** The same clinic opened by a second core with a later clock (a later moment of the same day). */
function createClinicCoreAt(c: TestClinic, iso: string): ClinicCore {
  const dataDir = c.core.dataDir;
  c.core.close();
  return createClinicCore({
    dataDir,
    trustedOrigin: 'app://clinic',
    clock: fixedClock(iso),
    kdf: TEST_KDF,
    backupCheckMs: 0,
    quickCheckAfterMs: null,
    systemTimeZone: 'Europe/London',
  });
}

describe('restoring', () => {
  it(
    'a backup replaces the open clinic; what was there is set aside, never overwritten, and everyone signs in again',
    { timeout: 60_000 },
    async () => {
      const { c, place } = await clinicWithPlace();
      await backUp(c);
      await c.patient({ firstName: 'After', lastName: 'Backup' });
      const dataDir = c.core.dataDir;
      const [b] = await c.call('backups.list', {});
      expect(b).toMatchObject({ verified: true, counts: { patients: 1, photos: 1 }, createdBy: TEST_OWNER.name });
      const { setAsideTo } = await c.call('backups.restore', { ref: b!.ref });
      expect(setAsideTo).toMatch(/\(set aside 2026-11-22 10-00-00\)$/);
      // The data from after the backup is in the set-aside folder, whole.
      const aside = new Database(path.join(setAsideTo!, 'clinic.sqlite'), { readonly: true });
      aside.pragma("cipher = 'sqlcipher'");
      const keys = clinicKeys(c.core.access.folder.keyring!, c.core.access.folder.dataKey!);
      aside.pragma(`key = "x'${keys.database.toString('hex')}'"`);
      expect(aside.prepare('SELECT count(*) FROM patients').pluck().get()).toBe(2);
      aside.close();
      // The restored clinic: signed out, one patient, and the restore in its audit trail.
      expect((await c.raw('patients.list', { text: '', sort: 'name', includeArchived: false })).ok).toBe(false);
      await c.call('auth.signIn', { name: TEST_OWNER.name, password: TEST_OWNER.password });
      expect((await c.call('patients.list', { text: '', sort: 'name', includeArchived: false })).total).toBe(1);
      expect(
        c.core.db.prepare("SELECT action FROM audit_log WHERE entity = 'backup' ORDER BY id DESC LIMIT 1").pluck().get(),
      ).toBe('restore');
      expect(c.core.dataDir).toBe(dataDir);
      expect(fs.readdirSync(path.dirname(dataDir)).filter((n) => n.includes('restoring'))).toEqual([]);
      expect(place).toBeTruthy();
    },
  );

  it(
    'on another computer, an empty data folder is restored from a chosen folder with the recovery key, or a password of that time',
    { timeout: 60_000 },
    async () => {
      const { c, place } = await clinicWithPlace();
      await c.person('Rosa Reyes', 'reception', 'desk', 'desk lamp orange river');
      await backUp(c);
      const recovery = c.recoveryKey();
      c.core.close();

      for (const secret of [
        { recoveryKey: recovery, name: '', password: '' },
        { recoveryKey: '', name: 'Rosa Reyes', password: 'desk lamp orange river' },
      ]) {
        const computer = path.join(tempDir(), 'Clinic Records');
        const core = createClinicCore({
          dataDir: computer,
          trustedOrigin: 'app://clinic',
          clock: fixedClock('2026-11-23T09:00:00Z'),
          kdf: TEST_KDF,
          backupCheckMs: 0,
          quickCheckAfterMs: null,
          chooseFolder: () => Promise.resolve(place),
        });
        try {
          expect(await core.dispatch(PAGE, 'auth.status', {})).toMatchObject({ ok: true, value: { state: 'new_clinic' } });
          const listed = (await core.dispatch(PAGE, 'recovery.list', { chooseFolder: true })) as {
            ok: true;
            value: { backups: { ref: string; clinicName: string; verified: boolean }[] };
          };
          expect(listed.value.backups).toHaveLength(1);
          const ref = listed.value.backups[0]!.ref;
          // A wrong password changes nothing.
          expect(
            await core.dispatch(PAGE, 'recovery.restore', {
              ref,
              name: 'Rosa Reyes',
              password: 'not it at all',
              recoveryKey: '',
            }),
          ).toMatchObject({
            ok: false,
            error: { code: 'NOT_SIGNED_IN' },
          });
          expect(fs.existsSync(path.join(computer, 'clinic.sqlite'))).toBe(false);
          const restored = await core.dispatch(PAGE, 'recovery.restore', { ref, ...secret });
          expect(restored).toMatchObject({ ok: true, value: { state: secret.name ? 'signed_in' : 'signed_out' } });
          if (!secret.name) {
            await core.dispatch(PAGE, 'auth.recover', { recoveryKey: recovery, staffId: 1, password: 'a new owner passphrase' });
          }
          const list = await core.dispatch(PAGE, 'patients.list', { text: '', sort: 'name', includeArchived: false });
          expect(list).toMatchObject({ ok: true, value: { total: 1 } });
        } finally {
          core.close();
        }
      }
    },
  );
});

describe('never opening an empty clinic by mistake', () => {
  it(
    'an empty database beside the clinic’s photos leads to the recovery screen naming the latest backup, not a new clinic',
    { timeout: 60_000 },
    async () => {
      const { c, place } = await clinicWithPlace();
      await backUp(c);
      const dataDir = c.core.dataDir;
      c.core.close();
      for (const f of ['clinic.sqlite-wal', 'clinic.sqlite-shm']) fs.rmSync(path.join(dataDir, f), { force: true });
      fs.writeFileSync(path.join(dataDir, 'clinic.sqlite'), '');
      const core = createClinicCore({
        dataDir,
        trustedOrigin: 'app://clinic',
        kdf: TEST_KDF,
        backupCheckMs: 0,
        quickCheckAfterMs: null,
      });
      try {
        const status = (await core.dispatch(PAGE, 'auth.status', {})) as {
          value: { state: string; recovery: { reason: string; latest: { place: string } | null; message: string } };
        };
        expect(status.value.state).toBe('needs_recovery');
        expect(status.value.recovery).toMatchObject({ reason: 'database_empty', latest: { place } });
        expect(status.value.recovery.message).toMatch(/0 bytes/);
        // Setting it up as new is refused; starting anew needs its own confirmation and sets the folder aside.
        expect(
          await core.dispatch(PAGE, 'auth.setupClinic', { clinicName: 'X', ownerName: 'Y', password: 'a long enough phrase' }),
        ).toMatchObject({
          ok: false,
          error: { code: 'CONFLICT' },
        });
        expect(await core.dispatch(PAGE, 'recovery.startNew', { confirm: 'yes' })).toMatchObject({
          ok: false,
          error: { code: 'INVALID_INPUT' },
        });
        expect(await core.dispatch(PAGE, 'recovery.startNew', { confirm: 'start a new clinic' })).toMatchObject({
          ok: true,
          value: { state: 'new_clinic' },
        });
        const aside = fs.readdirSync(path.dirname(dataDir)).find((n) => n.includes('set aside'))!;
        expect(fs.existsSync(path.join(path.dirname(dataDir), aside, 'photos'))).toBe(true);
      } finally {
        core.close();
      }
    },
  );

  it('a missing database with the key file beside it is a recovery too', async () => {
    const c = await testClinic();
    const dataDir = c.core.dataDir;
    c.core.close();
    for (const f of ['clinic.sqlite', 'clinic.sqlite-wal', 'clinic.sqlite-shm'])
      fs.rmSync(path.join(dataDir, f), { force: true });
    const core = createClinicCore({
      dataDir,
      trustedOrigin: 'app://clinic',
      kdf: TEST_KDF,
      backupCheckMs: 0,
      quickCheckAfterMs: null,
    });
    expect(await core.dispatch(PAGE, 'auth.status', {})).toMatchObject({
      ok: true,
      value: { state: 'needs_recovery', recovery: { reason: 'database_missing', latest: null } },
    });
    core.close();
  });

  it(
    'a damaged database is found by the integrity check, stops writes, and names what restoring would lose',
    { timeout: 60_000 },
    async () => {
      const { c } = await clinicWithPlace();
      await backUp(c);
      for (const name of ['Ann', 'Bea']) await c.patient({ firstName: name, lastName: 'Later' });
      const file = path.join(c.core.dataDir, 'clinic.sqlite');
      c.core.db.pragma('wal_checkpoint(TRUNCATE)');
      // Scribble over a page in the middle of the file, as a failing disk would.
      const bytes = fs.readFileSync(file);
      const pageSize = 4096;
      const victim = Math.floor(bytes.length / pageSize / 2) * pageSize;
      bytes.fill(0x5a, victim + 100, victim + 3000);
      fs.writeFileSync(file, bytes);
      const check = await c.core.backups!.checkIntegrity(true).catch((err: unknown) => ({ ok: false, problem: String(err) }));
      expect(check.ok).toBe(false);
      expect(
        await c.raw('patients.create', {
          patient: { ...(await import('../../shared/patients')).emptyPatient(), firstName: 'C', lastName: 'D' },
          allowDuplicate: true,
        }),
      ).toMatchObject({
        ok: false,
        error: { code: 'DAMAGED' },
      });
      const status = await c.call('auth.status', {});
      expect(status).toMatchObject({ state: 'needs_recovery', recovery: { reason: 'damaged', latest: { verified: true } } });
      expect(status.recovery!.lostSince).toMatch(/recorded changes since that backup would be lost|not in it/);
    },
  );
});
