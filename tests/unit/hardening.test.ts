import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appMenuTemplate, menuRoles } from '../../electron/shell/menu';
import { ruleSettingsSchema, DEFAULT_RULE_SETTINGS } from '../../shared/ruleSettings';

const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as {
  build: { electronFuses: Record<string, boolean>; asar: boolean; asarUnpack: string[] };
};

describe('the packaged app', () => {
  it('has Electron’s fuses set: no running as Node, no NODE_OPTIONS or --inspect, ASAR integrity, only the ASAR, encrypted cookies', () => {
    expect(pkg.build.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(pkg.build.asar).toBe(true);
    expect(pkg.build.asarUnpack).toContain('**/*.node');
  });

  it('has no developer tools or reload in its menu; a development build keeps them', () => {
    for (const mac of [true, false]) {
      const packaged = menuRoles(appMenuTemplate({ packaged: true, mac }));
      expect(packaged).not.toContain('toggleDevTools');
      expect(packaged).not.toContain('reload');
      expect(packaged).toEqual(expect.arrayContaining(['copy', 'paste', 'quit']));
      expect(menuRoles(appMenuTemplate({ packaged: false, mac }))).toContain('toggleDevTools');
    }
  });
});

describe('rule settings', () => {
  it('refuse 0 for the minimum interval and the minimum age, with the reason', () => {
    const r = ruleSettingsSchema.safeParse({ ...DEFAULT_RULE_SETTINGS, minIntervalDays: 0, minimumAge: 0 });
    expect(r.success).toBe(false);
    const messages = Object.fromEntries((r.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));
    expect(messages.minIntervalDays).toMatch(/switch off the check for treatments booked too soon/);
    expect(messages.minimumAge).toMatch(/switch off the age check/);
    expect(ruleSettingsSchema.safeParse({ ...DEFAULT_RULE_SETTINGS, minIntervalDays: 1, minimumAge: 1 }).success).toBe(true);
  });
});

describe('error messages', () => {
  it('quote at most 100 characters of what was sent', async () => {
    const { testClinic } = await import('../support/core');
    const c = await testClinic();
    const long = `Dr ${'Q'.repeat(115)}`;
    await c.call('team.add', { name: long, role: 'practitioner', registration: '' });
    const again = await c.raw('team.add', { name: long, role: 'practitioner', registration: '' });
    expect(again.ok).toBe(false);
    if (again.ok) return;
    expect(again.error.message).toContain('Q'.repeat(90));
    expect(again.error.message).not.toContain('Q'.repeat(101));
    const unknown = await c.raw(`${'x'.repeat(500)}` as never, {} as never);
    expect(unknown.ok ? '' : unknown.error.message).not.toContain('x'.repeat(101));
  });
});
