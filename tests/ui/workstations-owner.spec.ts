import { expect, test, type Browser, type Page } from '@playwright/test';
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { bindComputerPage } from '../harness/stationPage';
import { RENDERER_ROOT } from '../harness/fixtures';
import { spawnComputerProcess, type ComputerProcess } from '../support/computerProcess';

// The owner's side of several computers, each its own process over TLS 1.3 on 127.0.0.1: a new
// computer finds the clinic's computer by its mDNS announcement (real multicast DNS, on this
// machine's loopback interface and a port of this test's own) and pairs from the list; the
// owner, signed in there, sees which backup actions belong to the clinic's own computer; then
// revokes that workstation from the host's screen, and its screen ends at once.

const OWNER = { name: 'Olivia Owner', password: 'correct horse battery staple' };
const SHOTS = path.resolve(__dirname, '../../test-results/screens/network');

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function freeUdpPort(): Promise<number> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '0.0.0.0', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** A screenshot at 1280×800 and at 1920×1080 (of the whole page when asked), to look at. */
async function shoot(page: Page, name: string, fullPage = false) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}-1280x800.png`), fullPage });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: path.join(SHOTS, `${name}-1920x1080.png`), fullPage });
  await page.setViewportSize({ width: 1280, height: 800 });
}

async function windowFor(browser: Browser, computer: ComputerProcess) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'Europe/London' });
  const page = await context.newPage();
  const bound = await bindComputerPage(page, computer, RENDERER_ROOT);
  return { page, ...bound, closeAll: async () => (await bound.close(), await context.close()) };
}

test('a workstation found by mDNS and paired from the list; its Backups tab says what is done at the clinic’s computer; revoked from the host screen, its screen ends at once', async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const dirs = [0, 1, 2].map(() => fs.mkdtempSync(path.join(os.tmpdir(), 'clinic-ui-owner-')));
  const [hostDir, officeDir, usbDisk] = dirs as [string, string, string];
  const processes: ComputerProcess[] = [];
  const windows: { closeAll: () => Promise<void> }[] = [];
  try {
    // Both computers announce and look on a network of this test's own: loopback, its own UDP port.
    const mdns = { interface: '127.0.0.1', bind: '0.0.0.0', port: await freeUdpPort() };
    const port = await freePort();
    const host = await spawnComputerProcess(hostDir, undefined, { mdns, chooseFolder: usbDisk });
    processes.push(host);
    await host.call('auth.setupClinic', { clinicName: 'Harbour Aesthetics', ownerName: OWNER.name, password: OWNER.password });
    // The clinic's computer has a backup place and one verified backup, made there.
    await host.call('backups.addPlace', {});
    await host.call('backups.run', {});
    await expect
      .poll(async () => (await host.call('backups.status', {})).lastAttempt?.ok ?? null, { timeout: 60_000 })
      .toBe(true);

    // The owner shares the clinic and shows a pairing code.
    const hostWindow = await windowFor(browser, host);
    windows.push(hostWindow);
    const hostPage = hostWindow.page;
    await hostWindow.goto('settings/network');
    await hostPage.getByLabel('Port').fill(String(port));
    await hostPage.getByRole('button', { name: 'Share this clinic' }).click();
    await expect(hostPage.getByRole('status').filter({ hasText: 'Sharing is on.' })).toBeVisible();
    const hostFingerprint = (await hostPage.getByTestId('own-fingerprint').textContent())!;
    await hostPage.getByRole('button', { name: 'Show a pairing code' }).click();
    const code = (await hostPage.getByTestId('pairing-code').textContent())!.replace(/\s/g, '');

    // A new computer in the back office: the clinic's computer is in the list of those found on the network.
    const office = await spawnComputerProcess(officeDir, undefined, { mdns });
    processes.push(office);
    const officeWindow = await windowFor(browser, office);
    windows.push(officeWindow);
    const officePage = officeWindow.page;
    await officeWindow.goto('today');
    await officePage.getByRole('button', { name: 'Connect to the clinic’s computer' }).click();
    const foundList = officePage.getByRole('list', { name: 'Clinic computers found' });
    await expect(foundList.getByRole('button')).toHaveCount(1, { timeout: 15_000 });
    const found = foundList.getByRole('button', { name: /Harbour Aesthetics/ });
    await expect(found).toContainText(`127.0.0.1, port ${port}`);
    await shoot(officePage, 'workstation-found-by-mdns');
    await found.click();
    await expect(officePage.getByRole('heading', { name: 'Pair with Harbour Aesthetics' })).toBeVisible();
    await expect(officePage.getByTestId('host-fingerprint')).toHaveText(hostFingerprint);
    await officePage.getByLabel('Pairing code').fill(code);
    await officePage.getByLabel('This computer’s name').fill('Back office');
    await officePage.getByRole('button', { name: 'Pair this computer' }).click();

    // The owner signs in there and opens Settings → Backups.
    await expect(officePage.getByRole('heading', { name: 'Sign in' })).toBeVisible({ timeout: 15_000 });
    await officePage.getByRole('button', { name: OWNER.name }).click();
    await officePage.getByLabel('Password').fill(OWNER.password);
    await officePage.getByRole('button', { name: 'Sign in' }).click();
    await expect(officePage.getByTestId('signed-in-name')).toHaveText(OWNER.name);
    await officeWindow.goto('settings/backups');
    await expect(officePage.getByRole('heading', { name: 'Backups', level: 1 })).toBeVisible();
    // The host screen is not offered on a workstation.
    await expect(
      officePage.getByRole('navigation', { name: 'Settings pages' }).getByRole('link', { name: 'Other computers' }),
    ).toHaveCount(0);
    await expect(officePage.getByRole('note', { name: 'Backups on a workstation' })).toContainText(
      'The clinic’s own computer makes the backups.',
    );
    // What opens a window on the clinic's computer, or replaces its data, is not offered, and says why.
    const addPlace = officePage.getByRole('button', { name: 'Add a place…' });
    await expect(addPlace).toBeDisabled();
    await expect(addPlace).toHaveAccessibleDescription(
      'Places are added at the clinic’s own computer: the folder is chosen there.',
    );
    const exportAll = officePage.getByRole('button', { name: 'Export everything…' });
    await expect(exportAll).toBeDisabled();
    await expect(exportAll).toHaveAccessibleDescription(/At the clinic’s own computer only/);
    const report = officePage.getByRole('button', { name: 'Copy diagnostic report' });
    await expect(report).toBeDisabled();
    await expect(report).toHaveAccessibleDescription(/At the clinic’s own computer only/);
    const made = officePage.getByRole('table', { name: 'Backups made' });
    await expect(made.getByRole('row')).toHaveCount(2); // the heading row and the backup made at the host
    await expect(made).toContainText('Verified');
    await expect(made.getByRole('button', { name: 'Restore…' })).toHaveCount(0);
    await expect(officePage.getByText('A backup is restored at the clinic’s own computer.')).toBeVisible();
    // What the clinic's computer does for a workstation is offered, and works: a backup now.
    await expect(officePage.getByRole('list', { name: 'Backup places' })).toContainText(usbDisk);
    await host.setClock('2026-11-22T10:02:00Z'); // two minutes after the first backup (sessions last five)
    await officePage.getByRole('button', { name: 'Back up now' }).click();
    await expect(officePage.getByTestId('backup-message')).toHaveText('Backed up and verified.', { timeout: 60_000 });
    // The clinic keeps the newest verified backup of each day: the one just made replaces the morning's.
    await expect(made.getByRole('row')).toHaveCount(2);
    await expect(made.getByRole('row').nth(1)).toContainText('10:02');
    await shoot(officePage, 'workstation-backups', true);
    // The same tab at the clinic's own computer offers all of it.
    await hostWindow.goto('settings/backups');
    await expect(hostPage.getByRole('button', { name: 'Add a place…' })).toBeEnabled();
    await expect(hostPage.getByRole('button', { name: 'Export everything…' })).toBeEnabled();
    await expect(hostPage.getByRole('table', { name: 'Backups made' }).getByRole('button', { name: 'Restore…' })).toHaveCount(1);
    await expect(hostPage.getByRole('note', { name: 'Backups on a workstation' })).toHaveCount(0);

    // The owner, back at the host screen, revokes the back office: it asks first.
    await hostWindow.goto('settings/network');
    const row = hostPage.getByRole('table').getByRole('row').filter({ hasText: 'Back office' });
    await expect(row).toContainText(OWNER.name);
    await expect(row).toContainText('Connected');
    await row.getByRole('button', { name: 'Revoke…' }).click();
    await expect(row).toContainText('Revoke Back office? Whoever is signed in there is signed out at once.');
    await shoot(hostPage, 'host-revoke-confirm');
    // Cancel changes nothing.
    await row.getByRole('button', { name: 'Cancel' }).click();
    await expect(row.getByRole('button', { name: 'Revoke…' })).toBeVisible();
    expect((await office.call('auth.status', {})).state).toBe('signed_in');
    await row.getByRole('button', { name: 'Revoke…' }).click();
    await row.getByRole('button', { name: 'Revoke', exact: true }).click();
    const revokedAt = Date.now();

    // The back office's screen ends at once: the settings page is gone, and it says what happened and what to do.
    const ended = officePage.getByRole('alert').filter({
      has: officePage.getByRole('heading', { name: 'The clinic’s computer revoked this workstation.' }),
    });
    await expect(ended).toBeVisible({ timeout: 2000 });
    await expect(ended).toContainText('Whoever was signed in here has been signed out');
    await expect(officePage.getByRole('heading', { name: 'Backups', level: 1 })).toHaveCount(0);
    await expect(officePage.getByTestId('signed-in-name')).toHaveCount(0);
    expect(Date.now() - revokedAt).toBeLessThan(2000);
    await expect(row).toContainText('Revoked just now');
    // Its main process is refused too, and so is every call it could make.
    const refused = await office.raw('patients.list', { text: '', sort: 'name', includeArchived: false });
    expect(refused.ok ? null : refused.error).toMatchObject({
      code: 'FORBIDDEN_SENDER',
      message: expect.stringContaining('revoked this workstation'),
    });
    // Said once, plainly: no "could not start", no second bar repeating it.
    await expect(officePage.getByText('Clinic Records could not start.')).toHaveCount(0);
    await expect(officePage.getByText('The clinic’s computer revoked this workstation.')).toHaveCount(1);
    await shoot(officePage, 'workstation-revoked');
    await shoot(hostPage, 'host-revoked');

    // The revocation is in the clinic's audit trail, by the owner at the clinic's own computer.
    const audit = await host.call('audit.search', {
      staffId: null,
      patientId: null,
      action: 'revoke',
      fromMs: null,
      toMs: null,
      limit: 10,
      offset: 0,
    });
    expect(audit.rows.map((r) => r.staffName)).toEqual([OWNER.name]);

    // "Forget this clinic and pair again" leaves an empty computer that can be paired anew.
    await officePage.getByRole('button', { name: 'Forget this clinic and pair again' }).click();
    await expect(officePage.getByRole('button', { name: 'Connect to the clinic’s computer' })).toBeVisible({ timeout: 15_000 });
    expect((await office.call('network.mode', {})).role).toBe('standalone');
  } finally {
    for (const w of windows) await w.closeAll().catch(() => undefined);
    for (const p of processes) await p.kill();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  }
});
