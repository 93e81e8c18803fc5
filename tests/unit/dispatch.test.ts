import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../electron/clock';
import { createClinicCore, type ClinicCore } from '../../electron/core';
import { createDispatcher, isTrustedUrl, type Handlers } from '../../electron/dispatch';
import { contract } from '../../shared/contract';
import { defaultOpeningHours } from '../../shared/settings';
import type { Actor } from '../../shared/staff';
import { TEST_KDF } from '../../electron/auth/crypto';
import { tempDir } from '../support/tempDir';

const ORIGIN = 'app://clinic';
const page = { url: 'app://clinic/index.html#/settings', isMainFrame: true };
const validSettings = {
  name: 'Harbour',
  address: '',
  phone: '',
  timeZone: 'Europe/London',
  country: 'GB',
  language: 'en' as const,
  calendarNames: 'initials' as const,
  openingHours: defaultOpeningHours(),
};

/** Every handler throwing "not used", for tests that replace only the ones they call. */
function unusedHandlers(): Handlers {
  return Object.fromEntries(
    Object.keys(contract).map((m) => [
      m,
      () => {
        throw new Error(`${m} not used`);
      },
    ]),
  ) as unknown as Handlers;
}

let core: ClinicCore | null = null;
afterEach(() => core?.close());

/** A clinic set up by its owner, signed in on this computer's own window. */
async function openCore(now = '2026-11-22T10:00:00Z'): Promise<ClinicCore> {
  const c = createClinicCore({
    dataDir: path.join(tempDir(), 'data'),
    trustedOrigin: ORIGIN,
    clock: fixedClock(now),
    systemTimeZone: 'Europe/London',
    kdf: TEST_KDF,
  });
  core = c;
  const set = await c.dispatch(page, 'auth.setupClinic', {
    clinicName: 'Test',
    ownerName: 'Olive Owner',
    password: 'correct horse battery staple',
  });
  if (!set.ok) throw new Error(set.error.message);
  return c;
}

describe('the IPC guard', () => {
  it('accepts a call from our own page’s main frame', async () => {
    const result = await (await openCore()).dispatch(page, 'settings.get', {});
    expect(result.ok).toBe(true);
  });

  it.each([
    ['a foreign web page', 'https://evil.example/index.html'],
    ['another custom-scheme host', 'app://other/index.html'],
    ['a file URL', 'file:///etc/passwd'],
    ['an empty URL (destroyed frame)', ''],
    ['credentials smuggled into the URL', 'app://user:pw@clinic/index.html'],
  ])('refuses %s', async (_name, url) => {
    const result = await (await openCore()).dispatch({ url, isMainFrame: true }, 'settings.get', {});
    expect(result).toEqual({ ok: false, error: { code: 'FORBIDDEN_SENDER', message: expect.any(String) as string } });
  });

  it('refuses a subframe even on our own origin', async () => {
    const result = await (await openCore()).dispatch({ url: page.url, isMainFrame: false }, 'settings.get', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
  });

  it.each([['patients.deleteAll'], ['__proto__'], ['constructor'], [42], [null]])(
    'refuses the unknown method %s',
    async (method) => {
      const result = await (await openCore()).dispatch(page, method, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    },
  );

  it('refuses malformed input with a message per field and changes nothing', async () => {
    const c = await openCore();
    const bad = { ...validSettings, name: '', timeZone: 'Mars/Olympus', openingHours: validSettings.openingHours.slice(0, 6) };
    const result = await c.dispatch(page, 'settings.update', bad);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INVALID_INPUT');
    expect(Object.keys(result.error.fields ?? {}).sort()).toEqual(['name', 'openingHours', 'timeZone']);
    expect(c.db.prepare('SELECT name FROM clinic_settings').pluck().all()).toEqual(['Test']);
  });

  it('refuses input of the wrong shape entirely, and extra keys', async () => {
    const c = await openCore();
    expect(await c.dispatch(page, 'settings.update', 'DROP TABLE clinic_settings')).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await c.dispatch(page, 'settings.get', { sneaky: true })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
  });

  it('refuses a method the signed-in role may not call, before looking at the input', async () => {
    let called = false;
    const reception: Actor = { id: 7, name: 'Rosa', role: 'reception', device: 'Desk' };
    const handlers: Handlers = {
      ...unusedHandlers(),
      'settings.update': () => {
        called = true;
        return validSettings;
      },
    };
    const dispatch = createDispatcher({
      handlers,
      trustedOrigin: ORIGIN,
      caller: () => ({ state: 'signed_in', actor: reception }),
    });
    const result = await dispatch(page, 'settings.update', validSettings);
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_PERMITTED' } });
    expect(called).toBe(false);
  });

  it('turns an unexpected handler failure into an INTERNAL envelope instead of throwing', async () => {
    const logged: string[] = [];
    const handlers: Handlers = {
      ...unusedHandlers(),
      'app.info': () => {
        throw new Error('disk on fire');
      },
    };
    const dispatch = createDispatcher({
      handlers,
      trustedOrigin: ORIGIN,
      caller: () => ({ state: 'signed_in', actor: { id: 1, name: 'Owner', role: 'admin', device: 'Desk' } }),
      onInternalError: (m) => logged.push(m),
    });
    const result = await dispatch(page, 'app.info', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(logged).toEqual(['app.info']);
  });

  it('compares scheme and host, so the loopback harness origin works the same way', () => {
    expect(isTrustedUrl('http://127.0.0.1:4173/index.html', 'http://127.0.0.1:4173')).toBe(true);
    expect(isTrustedUrl('http://127.0.0.1:4174/index.html', 'http://127.0.0.1:4173')).toBe(false);
    expect(isTrustedUrl('not a url', ORIGIN)).toBe(false);
  });
});

describe('settings through the dispatcher', () => {
  it('saves, canonicalises the time zone, and writes an audit entry with before and after', async () => {
    const c = await openCore();
    const result = await c.dispatch(page, 'settings.update', { ...validSettings, timeZone: 'europe/paris', name: '  Harbour  ' });
    expect(result).toMatchObject({ ok: true, value: { name: 'Harbour', timeZone: 'Europe/Paris' } });
    const audit = c.db
      .prepare(
        "SELECT staff_id, staff_name, action, entity, before_json, after_json FROM audit_log WHERE entity = 'clinic_settings'",
      )
      .all() as Record<string, string>[];
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ staff_name: 'Olive Owner', action: 'update', entity: 'clinic_settings' });
    expect(JSON.parse(audit[0]!.before_json!)).toMatchObject({ name: 'Test' });
    expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({ name: 'Harbour', timeZone: 'Europe/Paris' });
  });

  it('reports today in the clinic’s time zone, not the computer’s', async () => {
    // 11:30 UTC on 22 November is 00:30 on 23 November in Auckland (UTC+13 in summer).
    const c = await openCore('2026-11-22T11:30:00Z');
    expect(await c.dispatch(page, 'app.info', {})).toMatchObject({ ok: true, value: { today: '2026-11-22' } });
    await c.dispatch(page, 'settings.update', { ...validSettings, timeZone: 'Pacific/Auckland' });
    expect(await c.dispatch(page, 'app.info', {})).toMatchObject({ ok: true, value: { today: '2026-11-23' } });
  });
});
