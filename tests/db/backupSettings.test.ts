import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupsAt } from '../../electron/backup/layout';
import { systemClock } from '../../electron/clock';
import { testClinic } from '../support/core';

describe('backup settings', () => {
  it('places are added once, removed with an audit entry, and a backup without a place is refused or recorded as failed', async () => {
    const c = await testClinic();
    expect(await c.raw('backups.run', {})).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: /Add a place/ } });
    // A scheduled backup with nowhere to go is a failed attempt Today shows in red, with the reason.
    const [attempt] = await c.core.backups!.runNow(null);
    expect(attempt).toMatchObject({ ok: false, problem: /No backup place is chosen/ });
    expect(await c.call('backups.status', {})).toMatchObject({ health: 'red', healthText: /No backup place is chosen/ });

    const usb = path.join(c.dir, 'usb');
    c.chooseFolder(usb);
    await c.call('backups.addPlace', {});
    await c.call('backups.addPlace', {});
    const nas = path.join(c.dir, 'nas');
    c.chooseFolder(nas);
    await c.call('backups.addPlace', {});
    expect((await c.call('backups.status', {})).places.map((p) => p.path)).toEqual([usb, nas]);
    // The picker cancelled: nothing changes.
    c.chooseFolder(null);
    expect((await c.call('backups.addPlace', {})).places).toHaveLength(2);
    // A place that is gone shows as unreachable.
    fs.rmSync(nas, { recursive: true });
    expect((await c.call('backups.status', {})).places).toMatchObject([{ reachable: true }, { reachable: false }]);

    expect((await c.call('backups.removePlace', { index: 5 })).places).toHaveLength(2);
    expect((await c.call('backups.removePlace', { index: 1 })).places.map((p) => p.path)).toEqual([usb]);
    expect(
      c.core.db
        .prepare("SELECT action || ' ' || entity_id FROM audit_log WHERE entity = 'backup_place' ORDER BY id")
        .pluck()
        .all(),
    ).toEqual([`create ${usb}`, `create ${nas}`, `delete ${nas}`]);

    // Nothing to cancel: the answer is the status as it was.
    expect((await c.call('backups.cancel', {})).running).toBeNull();
  });

  it('how often and at quit are saved and audited; every hour is the least', async () => {
    const c = await testClinic();
    expect(await c.call('backups.status', {})).toMatchObject({ everyHours: 4, atQuit: true });
    expect(await c.call('backups.update', { everyHours: 12, atQuit: false })).toMatchObject({ everyHours: 12, atQuit: false });
    expect(await c.raw('backups.update', { everyHours: 0, atQuit: true })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(c.core.db.prepare("SELECT count(*) FROM audit_log WHERE entity = 'backup_settings'").pluck().get()).toBe(1);
  });

  it('on its timer the app checks the database after opening and backs up when one is due', { timeout: 60_000 }, async () => {
    const c = await testClinic('2026-11-22T10:00:00Z', {
      clock: systemClock,
      core: { backupCheckMs: 100, quickCheckAfterMs: 10 },
    });
    await c.patient({ lastName: 'Okafor' });
    const usb = path.join(c.dir, 'usb');
    c.chooseFolder(usb);
    await c.call('backups.addPlace', {});
    const clinicId = c.core.access.folder.keyring!.clinicId;
    const deadline = Date.now() + 45_000;
    while (backupsAt(usb, clinicId).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const [made] = backupsAt(usb, clinicId);
    expect(made?.manifest).toMatchObject({ createdBy: 'Scheduled backup', verified: { ok: true } });
    // The weekly full check ran first and was recorded, so it is not due again.
    expect(c.core.db.prepare("SELECT value FROM app_state WHERE key = 'integrity_last_full_at_ms'").pluck().get()).toBeTruthy();
  });
});
