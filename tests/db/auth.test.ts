import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KEYRING_COPY_FILE, KEYRING_FILE, type Keyring } from '../../electron/auth/keyring';
import { fixedClock, type Clock } from '../../electron/clock';
import { createClinicCore } from '../../electron/core';
import { TEST_KDF } from '../../electron/auth/crypto';
import { formatRecoveryKey, lockoutMs, parseRecoveryKey, passwordStrength } from '../../shared/auth';
import { TEST_OWNER, testClinic } from '../support/core';
import { tempDir } from '../support/tempDir';

const PAGE = { url: 'app://clinic/index.html', isMainFrame: true };

/** A clock the test moves by hand. */
function movableClock(iso: string): Clock & { advance(ms: number): void } {
  let now = Date.parse(iso);
  return { nowMs: () => now, advance: (ms) => (now += ms) };
}

describe('passwords and recovery keys (shared rules)', () => {
  it('rates short, repetitive, common and personal passwords as not acceptable, and a passphrase as strong', () => {
    expect(passwordStrength('short').acceptable).toBe(false);
    expect(passwordStrength('aaaaaaaaaaaa').acceptable).toBe(false);
    expect(passwordStrength('password1234').acceptable).toBe(false);
    expect(passwordStrength('harbourclinic1', ['Harbour Clinic']).acceptable).toBe(false);
    expect(passwordStrength('quiet harbour morning tide')).toMatchObject({ acceptable: true, score: 4 });
    expect(passwordStrength('Tr4vel-Mug!2').acceptable).toBe(true);
  });

  it('waits 30 s after five failures, then doubles', () => {
    expect([1, 4, 5, 6, 7, 8].map(lockoutMs)).toEqual([0, 0, 30_000, 60_000, 120_000, 240_000]);
  });

  it('reads a recovery key back however it is typed, and names the group with a typo', () => {
    const bytes = new Uint8Array(20).map((_, i) => (i * 37 + 11) % 256);
    const key = formatRecoveryKey(bytes);
    expect(key).toMatch(/^([0-9A-HJKMNP-TV-Z]{5}-){7}[0-9A-HJKMNP-TV-Z]{5}$/);
    const back = parseRecoveryKey(key.toLowerCase().replaceAll('-', ' '));
    expect(back.ok && Buffer.from(back.bytes).equals(Buffer.from(bytes))).toBe(true);
    // Look-alikes typed from paper are accepted: O for 0, I and L for 1.
    const lookalike = key.replaceAll('0', 'O').replaceAll('1', 'l');
    expect(parseRecoveryKey(lookalike).ok).toBe(true);
    // Change one character of the third group: that group is named.
    const groups = key.split('-');
    const g = groups[2]!;
    groups[2] = (g[0] === 'A' ? 'B' : 'A') + g.slice(1);
    const typo = parseRecoveryKey(groups.join('-'));
    expect(typo).toMatchObject({ ok: false, message: expect.stringContaining('Group 3') as string });
    expect(parseRecoveryKey(key.slice(0, 20))).toMatchObject({ ok: false, message: expect.stringContaining('40') as string });
  });
});

describe('setting up and signing in', () => {
  it('a new clinic is set up by its owner: a key file with their slot and a recovery slot, and an encrypted database', async () => {
    const c = await testClinic(undefined, { setUp: false });
    expect((await c.call('auth.status', {})).state).toBe('new_clinic');
    const weak = await c.raw('auth.setupClinic', { clinicName: 'Harbour', ownerName: 'Olive', password: 'harbour' });
    expect(weak).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', fields: { password: expect.any(String) as string } },
    });
    expect(fs.existsSync(path.join(c.core.dataDir, KEYRING_FILE))).toBe(false);
    const { recoveryKey } = await c.call('auth.setupClinic', {
      clinicName: 'Harbour',
      ownerName: 'Olive Owner',
      password: 'quiet harbour morning tide',
    });
    expect(parseRecoveryKey(recoveryKey).ok).toBe(true);
    const status = await c.call('auth.status', {});
    expect(status).toMatchObject({ state: 'signed_in', clinicName: 'Harbour', person: { name: 'Olive Owner', role: 'admin' } });
    const keyring = JSON.parse(fs.readFileSync(path.join(c.core.dataDir, KEYRING_FILE), 'utf8')) as Keyring;
    expect(keyring.slots.map((s) => s.kind).sort()).toEqual(['password', 'recovery']);
    expect(fs.readFileSync(path.join(c.core.dataDir, KEYRING_COPY_FILE), 'utf8')).toBe(
      fs.readFileSync(path.join(c.core.dataDir, KEYRING_FILE), 'utf8'),
    );
    // A second setup is refused.
    expect(
      await c.raw('auth.setupClinic', { clinicName: 'X', ownerName: 'Y', password: 'another long passphrase' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
  });

  it('after a restart nothing answers until someone signs in; wrong password and unknown name get the same answer', async () => {
    const c = await testClinic();
    await c.patient();
    const dataDir = c.core.dataDir;
    c.core.close();
    const clock = movableClock('2026-11-22T10:00:00Z');
    const core = createClinicCore({ dataDir, trustedOrigin: 'app://clinic', clock, kdf: TEST_KDF });
    try {
      expect((await core.dispatch(PAGE, 'auth.status', {})) as unknown).toMatchObject({
        ok: true,
        value: { state: 'signed_out', people: [{ name: TEST_OWNER.name }] },
      });
      expect(await core.dispatch(PAGE, 'patients.list', { text: '', sort: 'name', includeArchived: false })).toMatchObject({
        ok: false,
        error: { code: 'NOT_SIGNED_IN' },
      });
      const wrong = await core.dispatch(PAGE, 'auth.signIn', { name: TEST_OWNER.name, password: 'not the password' });
      const unknown = await core.dispatch(PAGE, 'auth.signIn', { name: 'Nobody Here', password: 'not the password' });
      expect(wrong).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
      expect(unknown).toEqual(wrong);
      const ok = await core.dispatch(PAGE, 'auth.signIn', { name: TEST_OWNER.name.toUpperCase(), password: TEST_OWNER.password });
      expect(ok).toMatchObject({ ok: true, value: { state: 'signed_in', person: { name: TEST_OWNER.name } } });
      const list = await core.dispatch(PAGE, 'patients.list', { text: '', sort: 'name', includeArchived: false });
      expect(list).toMatchObject({ ok: true, value: { total: 1 } });
      // Both failures were kept while the database was closed, and written at the first sign-in.
      const failed = core.db
        .prepare("SELECT staff_name, staff_role FROM audit_log WHERE action = 'sign_in_failed' ORDER BY id")
        .all();
      expect(failed).toEqual([
        { staff_name: TEST_OWNER.name, staff_role: 'unknown' },
        { staff_name: 'Nobody Here', staff_role: 'unknown' },
      ]);
    } finally {
      core.close();
    }
  });

  it('five failures for a name, then a 30-second wait that doubles; it survives a restart and says nothing about the name', async () => {
    const dir = path.join(tempDir(), 'clinic');
    const clock = movableClock('2026-11-22T10:00:00Z');
    const open = () => createClinicCore({ dataDir: dir, trustedOrigin: 'app://clinic', clock, kdf: TEST_KDF });
    let core = open();
    await core.dispatch(PAGE, 'auth.setupClinic', {
      clinicName: 'H',
      ownerName: 'Olive Owner',
      password: 'quiet harbour morning tide',
    });
    await core.dispatch(PAGE, 'auth.signOut', {});
    for (const name of ['Olive Owner', 'Someone Invented']) {
      const codes: string[] = [];
      for (let i = 0; i < 6; i++) {
        const r = await core.dispatch(PAGE, 'auth.signIn', { name, password: `guess ${i}` });
        codes.push(r.ok ? 'ok' : r.error.code);
      }
      // Attempts 1-4 are plain failures; the fifth starts the wait, the sixth is refused without trying.
      expect(codes).toEqual([
        'NOT_SIGNED_IN',
        'NOT_SIGNED_IN',
        'NOT_SIGNED_IN',
        'NOT_SIGNED_IN',
        'TOO_MANY_ATTEMPTS',
        'TOO_MANY_ATTEMPTS',
      ]);
    }
    // Even the right password waits.
    const waiting = await core.dispatch(PAGE, 'auth.signIn', { name: 'Olive Owner', password: 'quiet harbour morning tide' });
    expect(waiting).toMatchObject({
      ok: false,
      error: { code: 'TOO_MANY_ATTEMPTS', message: expect.stringMatching(/30 seconds/) as string },
    });
    // Restarting the app does not reset the count.
    core.close();
    core = open();
    expect(await core.dispatch(PAGE, 'auth.signIn', { name: 'Olive Owner', password: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'TOO_MANY_ATTEMPTS' },
    });
    clock.advance(30_001);
    // The next failure doubles the wait.
    expect(await core.dispatch(PAGE, 'auth.signIn', { name: 'Olive Owner', password: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'TOO_MANY_ATTEMPTS', message: expect.stringMatching(/60 seconds/) as string },
    });
    clock.advance(60_001);
    expect(
      await core.dispatch(PAGE, 'auth.signIn', { name: 'Olive Owner', password: 'quiet harbour morning tide' }),
    ).toMatchObject({
      ok: true,
    });
    core.close();
  });

  it('a setup code works once, expires after a week, and a new one replaces a forgotten password', async () => {
    const clock = movableClock('2026-11-22T10:00:00Z');
    const dir = path.join(tempDir(), 'clinic');
    const core = createClinicCore({ dataDir: dir, trustedOrigin: 'app://clinic', clock, kdf: TEST_KDF });
    const call = async (method: string, input: unknown, session = 'local') => core.dispatch({ ...PAGE, session }, method, input);
    await call('auth.setupClinic', { clinicName: 'H', ownerName: 'Olive Owner', password: 'quiet harbour morning tide' });
    const team = (await call('team.add', { name: 'Rosa Reyes', role: 'reception', registration: '' })) as {
      value: { id: number; name: string }[];
    };
    const rosa = team.value.find((m) => m.name === 'Rosa Reyes')!.id;
    const { value: first } = (await call('team.invite', { id: rosa })) as { value: { setupCode: string } };
    // Before she chooses a password, her screen can do nothing but choose one.
    expect(await call('auth.signIn', { name: 'Rosa Reyes', password: first.setupCode.toLowerCase() }, 'desk')).toMatchObject({
      ok: true,
      value: { state: 'must_set_password' },
    });
    expect(await call('patients.list', { text: '', sort: 'name', includeArchived: false }, 'desk')).toMatchObject({
      ok: false,
      error: { code: 'NOT_SIGNED_IN' },
    });
    expect(await call('auth.setPassword', { password: 'rosa' }, 'desk')).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await call('auth.setPassword', { password: 'desk lamp orange river' }, 'desk')).toMatchObject({
      ok: true,
      value: { state: 'signed_in', person: { name: 'Rosa Reyes', role: 'reception' } },
    });
    // The code was used up.
    await call('auth.signOut', {}, 'desk');
    expect(await call('auth.signIn', { name: 'Rosa Reyes', password: first.setupCode }, 'desk')).toMatchObject({ ok: false });
    // She forgets her password: a new code replaces it, and the old password stops working.
    const { value: second } = (await call('team.invite', { id: rosa })) as { value: { setupCode: string } };
    expect(await call('auth.signIn', { name: 'Rosa Reyes', password: 'desk lamp orange river' }, 'desk')).toMatchObject({
      ok: false,
    });
    clock.advance(8 * 24 * 3600 * 1000);
    expect(await call('auth.signIn', { name: 'Rosa Reyes', password: second.setupCode }, 'desk')).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('expired') as string },
    });
    core.close();
  });

  it('a locked screen refuses every call until its own person unlocks it, by PIN or password; "someone else" signs out', async () => {
    const c = await testClinic();
    const rosaId = await c.person('Rosa Reyes', 'reception', 'desk', 'desk lamp orange river');
    expect(rosaId).toBeGreaterThan(0);
    await c.call('account.setPin', { current: TEST_OWNER.password, pin: '2468' });
    await c.call('auth.lock', {});
    expect(await c.raw('patients.list', { text: '', sort: 'name', includeArchived: false })).toMatchObject({
      ok: false,
      error: { code: 'LOCKED' },
    });
    // The PIN of another person does nothing here; each PIN unlocks only its owner's screen.
    expect(await c.raw('auth.unlock', { pin: '1357' })).toMatchObject({ ok: false });
    expect(await c.raw('auth.unlock', { password: 'desk lamp orange river' })).toMatchObject({ ok: false });
    expect(await c.call('auth.unlock', { pin: '2468' })).toMatchObject({ state: 'signed_in' });
    await c.call('auth.lock', {});
    expect(await c.call('auth.unlock', { password: TEST_OWNER.password })).toMatchObject({ state: 'signed_in' });
    // Rosa's screen was never affected.
    expect((await c.raw('patients.list', { text: '', sort: 'name', includeArchived: false }, 'desk')).ok).toBe(true);
    await c.call('auth.lock', {});
    expect(await c.call('auth.signOut', {})).toMatchObject({ state: 'signed_out' });
    const actions = c.core.db
      .prepare("SELECT action FROM audit_log WHERE entity = 'session' AND staff_name = ? ORDER BY id")
      .pluck()
      .all(TEST_OWNER.name);
    expect(actions).toEqual(['lock', 'unlock_failed', 'unlock_failed', 'unlock', 'lock', 'unlock', 'lock', 'sign_out']);
  });

  it('a session locks itself once the idle time passes with no call', async () => {
    const clock = movableClock('2026-11-22T10:00:00Z');
    const core = createClinicCore({ dataDir: path.join(tempDir(), 'c'), trustedOrigin: 'app://clinic', clock, kdf: TEST_KDF });
    await core.dispatch(PAGE, 'auth.setupClinic', {
      clinicName: 'H',
      ownerName: 'Olive Owner',
      password: 'quiet harbour morning tide',
    });
    expect(await core.dispatch(PAGE, 'security.update', { idleMinutes: 2 })).toMatchObject({ ok: true });
    clock.advance(119_000);
    expect((await core.dispatch(PAGE, 'account.touch', {})).ok).toBe(true);
    clock.advance(119_000);
    expect((await core.dispatch(PAGE, 'app.info', {})).ok).toBe(true);
    clock.advance(121_000);
    expect(await core.dispatch(PAGE, 'app.info', {})).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(await core.dispatch(PAGE, 'security.update', { idleMinutes: 0 })).toMatchObject({
      ok: false,
      error: { code: 'LOCKED' },
    });
    core.close();
  });

  it('the recovery key opens the clinic when the owner forgot their password; a typo or another key changes nothing', async () => {
    const c = await testClinic();
    const key = c.recoveryKey();
    await c.call('auth.signOut', {});
    const groups = key.split('-');
    groups[0] = `${groups[0]![0] === 'A' ? 'B' : 'A'}${groups[0]!.slice(1)}`;
    expect(
      await c.raw('auth.recover', { recoveryKey: groups.join('-'), staffId: 1, password: 'a brand new passphrase' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('Group 1') as string },
    });
    const other = formatRecoveryKey(new Uint8Array(20).fill(7));
    expect(await c.raw('auth.recover', { recoveryKey: other, staffId: 1, password: 'a brand new passphrase' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_SIGNED_IN' },
    });
    expect(await c.call('auth.recover', { recoveryKey: key, staffId: 1, password: 'a brand new passphrase' })).toMatchObject({
      state: 'signed_in',
      person: { id: 1 },
    });
    await c.call('auth.signOut', {});
    expect(await c.raw('auth.signIn', { name: TEST_OWNER.name, password: TEST_OWNER.password })).toMatchObject({ ok: false });
    expect(await c.raw('auth.signIn', { name: TEST_OWNER.name, password: 'a brand new passphrase' })).toMatchObject({ ok: true });
  });

  it('a new recovery key replaces the old one, only with the owner’s password', async () => {
    const c = await testClinic();
    const old = c.recoveryKey();
    expect(await c.raw('security.newRecoveryKey', { password: 'wrong' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    const { recoveryKey } = await c.call('security.newRecoveryKey', { password: TEST_OWNER.password });
    expect(recoveryKey).not.toBe(old);
    await c.call('auth.signOut', {});
    expect(await c.raw('auth.recover', { recoveryKey: old, staffId: 1, password: 'a brand new passphrase' })).toMatchObject({
      ok: false,
    });
    expect(await c.raw('auth.recover', { recoveryKey, staffId: 1, password: 'a brand new passphrase' })).toMatchObject({
      ok: true,
    });
  });

  it('a damaged slot, a damaged key file and a key file from another clinic each get a clear message and change nothing', async () => {
    const c = await testClinic();
    const dir = c.core.dataDir;
    c.core.close();
    const file = path.join(dir, KEYRING_FILE);
    const good = fs.readFileSync(file, 'utf8');
    // A damaged slot: the password is right (its verifier matches) but what it seals was changed.
    const k = JSON.parse(good) as Keyring;
    const slot = k.slots.find((s) => s.kind === 'password')!;
    const ct = Buffer.from(slot.sealed.ct, 'base64');
    ct[0] = ct[0]! ^ 0xff;
    slot.sealed.ct = ct.toString('base64');
    fs.writeFileSync(file, JSON.stringify(k));
    fs.writeFileSync(path.join(dir, KEYRING_COPY_FILE), JSON.stringify(k));
    let core = createClinicCore({
      dataDir: dir,
      trustedOrigin: 'app://clinic',
      clock: fixedClock('2026-11-22T10:00:00Z'),
      kdf: TEST_KDF,
    });
    expect(await core.dispatch(PAGE, 'auth.signIn', { name: TEST_OWNER.name, password: TEST_OWNER.password })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('damaged') as string },
    });
    // The recovery key still opens the clinic.
    expect(
      await core.dispatch(PAGE, 'auth.recover', { recoveryKey: c.recoveryKey(), staffId: 1, password: 'a brand new passphrase' }),
    ).toMatchObject({
      ok: true,
    });
    core.close();
    // The main key file unreadable: its copy is used.
    const repaired = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, '{ not json');
    core = createClinicCore({
      dataDir: dir,
      trustedOrigin: 'app://clinic',
      clock: fixedClock('2026-11-22T10:00:00Z'),
      kdf: TEST_KDF,
    });
    expect(await core.dispatch(PAGE, 'auth.signIn', { name: TEST_OWNER.name, password: 'a brand new passphrase' })).toMatchObject(
      {
        ok: true,
      },
    );
    core.close();
    // Both damaged: the app says so instead of starting a new clinic over the old one.
    fs.writeFileSync(path.join(dir, KEYRING_COPY_FILE), 'garbage');
    expect(() => createClinicCore({ dataDir: dir, trustedOrigin: 'app://clinic', kdf: TEST_KDF })).toThrow(
      /key file .* is damaged/,
    );
    // Another clinic's key file beside this database: refused, nothing written.
    const other = await testClinic();
    const otherKeyring = fs.readFileSync(path.join(other.core.dataDir, KEYRING_FILE), 'utf8');
    fs.writeFileSync(file, otherKeyring);
    fs.writeFileSync(path.join(dir, KEYRING_COPY_FILE), otherKeyring);
    const dbBefore = fs.readFileSync(path.join(dir, 'clinic.sqlite'));
    core = createClinicCore({ dataDir: dir, trustedOrigin: 'app://clinic', kdf: TEST_KDF });
    expect(await core.dispatch(PAGE, 'auth.signIn', { name: TEST_OWNER.name, password: TEST_OWNER.password })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('different clinics') as string },
    });
    core.close();
    expect(fs.readFileSync(path.join(dir, 'clinic.sqlite')).equals(dbBefore)).toBe(true);
    expect(repaired).not.toBe('');
  });
});
