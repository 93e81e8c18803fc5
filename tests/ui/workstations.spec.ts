import { expect, test, type Browser, type Page } from '@playwright/test';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { emptyPatient } from '../../shared/patients';
import { bindComputerPage } from '../harness/stationPage';
import { RENDERER_ROOT } from '../harness/fixtures';
import { spawnComputerProcess, type ComputerProcess } from '../support/computerProcess';

// One clinic, three computers, each its own process: the host (the owner's screen) and two
// workstations, reception's desk and a practitioner's treatment room, over TLS 1.3 on 127.0.0.1.

const OWNER = { name: 'Olivia Owner', password: 'correct horse battery staple' };
const SHOTS = path.resolve(__dirname, '../../test-results/screens/network');

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A screenshot at 1280×800 and at 1920×1080, to look at. */
async function shoot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}-1280x800.png`) });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: path.join(SHOTS, `${name}-1920x1080.png`) });
  await page.setViewportSize({ width: 1280, height: 800 });
}

async function windowFor(browser: Browser, computer: ComputerProcess) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'Europe/London' });
  const page = await context.newPage();
  const bound = await bindComputerPage(page, computer, RENDERER_ROOT);
  return { page, ...bound, closeAll: async () => (await bound.close(), await context.close()) };
}

/** First sign-in with the owner's setup code, then the person's own password, through the sign-in screen. */
async function firstSignIn(page: Page, name: string, setupCode: string, password: string) {
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible({ timeout: 15_000 });
  await page.getByRole('button', { name }).click();
  await page.getByLabel('Password').fill(setupCode);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: `Welcome, ${name}` })).toBeVisible();
  await page.getByLabel('Password or passphrase').fill(password);
  await page.getByLabel('Type it again').fill(password);
  await page.getByRole('button', { name: 'Save my password' }).click();
  await expect(page.getByTestId('signed-in-name')).toHaveText(name);
}

test('reception and a practitioner on two workstations share one host: pairing, live updates, the host screen, offline and back', async ({
  browser,
}) => {
  test.setTimeout(480_000);
  const dirs = [0, 1, 2].map(() => fs.mkdtempSync(path.join(os.tmpdir(), 'clinic-ui-net-')));
  const processes: ComputerProcess[] = [];
  const windows: { closeAll: () => Promise<void> }[] = [];
  try {
    const port = await freePort();
    let host = await spawnComputerProcess(dirs[0]!);
    processes.push(host);
    await host.call('auth.setupClinic', { clinicName: 'Harbour Aesthetics', ownerName: OWNER.name, password: OWNER.password });
    const settings = await host.call('settings.get', {});
    // Today (Sunday 22 November 2026) is open, so the day has a schedule to share.
    await host.call('settings.update', {
      ...settings,
      openingHours: settings.openingHours.map((h) =>
        h.day === 'sun' ? { ...h, open: true, opens: '09:00', closes: '17:00' } : h,
      ),
    });
    const invite = async (name: string, role: 'reception' | 'practitioner') => {
      const team = await host.call('team.add', { name, role, registration: '' });
      const id = team.find((m) => m.name === name)!.id;
      return { id, code: (await host.call('team.invite', { id })).setupCode };
    };
    const rita = await invite('Rita Reception', 'reception');
    const sarah = await invite('Dr Sarah Whitfield', 'practitioner');
    await host.call('patients.create', {
      patient: { ...emptyPatient(), firstName: 'Ann', lastName: 'Okafor', dob: '1985-06-15' },
      allowDuplicate: false,
    });

    // The owner, at the host: Settings → Other computers → Share this clinic, then a pairing code.
    const hostWindow = await windowFor(browser, host);
    windows.push(hostWindow);
    const hostPage = hostWindow.page;
    await hostWindow.goto('settings/network');
    await expect(hostPage.getByRole('heading', { name: 'Share this clinic with other computers' })).toBeVisible();
    await hostPage.getByLabel('Port').fill(String(port));
    await hostPage.getByRole('button', { name: 'Share this clinic' }).click();
    await expect(hostPage.getByRole('status').filter({ hasText: 'Sharing is on.' })).toBeVisible();
    await expect(hostPage.getByTestId('host-address')).toHaveText(`127.0.0.1, port ${port}`);
    const hostFingerprint = (await hostPage.getByTestId('own-fingerprint').textContent())!;
    await hostPage.getByRole('button', { name: 'Show a pairing code' }).click();
    const code = (await hostPage.getByTestId('pairing-code').textContent())!.replace(/\s/g, '');
    expect(code).toMatch(/^\d{6}$/);
    await shoot(hostPage, 'host-pairing-code');

    // Reception's computer, fresh: Connect to the clinic's computer, by address.
    const desk = await spawnComputerProcess(dirs[1]!);
    processes.push(desk);
    const deskWindow = await windowFor(browser, desk);
    windows.push(deskWindow);
    const deskPage = deskWindow.page;
    await deskWindow.goto('today');
    await deskPage.getByRole('button', { name: 'Connect to the clinic’s computer' }).click();
    await deskPage.getByLabel('Or type its address').fill('127.0.0.1');
    await deskPage.getByLabel('Port', { exact: true }).fill(String(port));
    await deskPage.getByRole('button', { name: 'Look it up' }).click();
    await expect(deskPage.getByRole('heading', { name: 'Pair with Harbour Aesthetics' })).toBeVisible();
    await expect(deskPage.getByTestId('host-fingerprint')).toHaveText(hostFingerprint);
    await deskPage.getByLabel('Pairing code').fill(`${code.slice(0, 3)} ${code.slice(3)}`);
    await deskPage.getByLabel('This computer’s name').fill('Reception desk');
    await shoot(deskPage, 'workstation-pairing');
    await deskPage.getByRole('button', { name: 'Pair this computer' }).click();
    await firstSignIn(deskPage, 'Rita Reception', rita.code, 'desk lamp orange river');

    // The treatment room, paired the same way (here by its main process directly), and Dr Whitfield signs in.
    const room = await spawnComputerProcess(dirs[2]!);
    processes.push(room);
    const seen = await room.call('network.inspectHost', { address: '127.0.0.1', port });
    const roomCode = (await host.call('network.newPairingCode', {})).pairing!.code;
    await room.call('network.pair', {
      address: '127.0.0.1',
      port,
      fingerprint: seen.fingerprint,
      code: roomCode,
      name: 'Room 2',
    });
    await room.waitForEvent((e) => e.kind === 'connection' && e.mode.workstation?.state === 'online');
    const roomWindow = await windowFor(browser, room);
    windows.push(roomWindow);
    const roomPage = roomWindow.page;
    await roomWindow.goto('today');
    await firstSignIn(roomPage, 'Dr Sarah Whitfield', sarah.code, 'quiet harbour morning tide');

    // The host screen: both computers, connected, and who is signed in where.
    const rows = hostPage.getByRole('table').getByRole('row');
    await expect(rows.filter({ hasText: 'Reception desk' })).toContainText('Rita Reception');
    await expect(rows.filter({ hasText: 'Room 2' })).toContainText('Dr Sarah Whitfield');
    await expect(rows.filter({ hasText: 'Room 2' })).toContainText('Connected');
    await expect(hostPage.getByText('Signed in here: Olivia Owner')).toBeVisible();
    await shoot(hostPage, 'host-screen');

    // Reception books Ann with Dr Whitfield for 11:00 today; the room's Today shows it without a reload.
    const roomToday = roomPage.getByRole('list', { name: 'Today with Dr Sarah Whitfield' });
    await expect(roomPage.getByTestId('today-count')).toHaveText('0');
    await deskWindow.goto('calendar/day/2026-11-22');
    await deskPage.getByRole('button', { name: 'New booking' }).click();
    const dialog = deskPage.getByRole('dialog', { name: 'New booking' });
    await dialog.getByLabel('Patient', { exact: true }).fill('oka');
    await expect(dialog.getByRole('listbox', { name: 'Matching patients' }).getByRole('option').first()).toBeVisible();
    await dialog.getByLabel('Patient', { exact: true }).press('Enter');
    await dialog.getByLabel('Practitioner').selectOption({ label: 'Dr Sarah Whitfield' });
    await dialog.getByLabel('Date', { exact: true }).fill('2026-11-22');
    await dialog.getByLabel('Start').fill('11:00');
    await dialog.getByRole('button', { name: 'Book' }).click();
    const booked = Date.now();
    await expect(deskPage.getByRole('status').filter({ hasText: 'Booked: Ann Okafor' })).toBeVisible();
    await expect(roomToday).toContainText('Ann Okafor', { timeout: 2000 });
    expect(Date.now() - booked).toBeLessThan(2000);

    // Ann arrives: reception marks it on its Today, the room sees "Arrived" within two seconds.
    await deskWindow.goto('today');
    await deskPage.getByRole('button', { name: 'Ann Okafor has arrived' }).click();
    await expect(roomToday).toContainText('Arrived', { timeout: 2000 });
    await shoot(roomPage, 'practitioner-today-live');

    // The host stops. Reception is typing a new patient: the bar says so within five seconds, the
    // typing stays, and saving is refused with a clear message.
    await deskWindow.goto('patients/new');
    await deskPage.getByLabel('First name').fill('Bea');
    await deskPage.getByLabel('Last name').fill('Brown');
    const stopped = Date.now();
    await host.kill();
    await expect(
      deskPage.getByRole('alert').filter({ hasText: 'The clinic’s computer (127.0.0.1) cannot be reached.' }),
    ).toBeVisible({
      timeout: 5000,
    });
    expect(Date.now() - stopped).toBeLessThan(5000);
    await expect(
      roomPage.getByRole('alert').filter({ hasText: 'The clinic’s computer (127.0.0.1) cannot be reached.' }),
    ).toBeVisible({
      timeout: 5000,
    });
    await deskPage.getByRole('button', { name: 'Register patient' }).click();
    await expect(deskPage.getByText(/nothing was saved/)).toBeVisible();
    await expect(deskPage.getByLabel('First name')).toHaveValue('Bea');
    // The room's screen stays readable.
    await expect(roomToday).toContainText('Ann Okafor');
    await shoot(deskPage, 'workstation-offline');

    // The host starts again by itself (sharing comes back); the workstations reconnect and, since
    // its sessions ended with it, ask their people to sign in again.
    host = await spawnComputerProcess(dirs[0]!);
    processes.push(host);
    await expect(deskPage.getByRole('alert')).toHaveCount(0, { timeout: 10_000 });
    await expect(deskPage.getByRole('heading', { name: 'Sign in' })).toBeVisible({ timeout: 10_000 });
    await expect(roomPage.getByRole('heading', { name: 'Sign in' })).toBeVisible({ timeout: 10_000 });
    await deskPage.getByRole('button', { name: 'Rita Reception' }).click();
    await deskPage.getByLabel('Password').fill('desk lamp orange river');
    await deskPage.getByRole('button', { name: 'Sign in' }).click();
    await expect(deskPage.getByTestId('signed-in-name')).toHaveText('Rita Reception');
    expect((await desk.call('patients.list', { text: 'Brown', sort: 'name', includeArchived: true })).patients).toEqual([]);
  } finally {
    for (const w of windows) await w.closeAll().catch(() => undefined);
    for (const p of processes) await p.kill();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  }
});
