import https from 'node:https';
import http from 'node:http';
import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { makeIdentity } from '../../electron/network/certificate';
import { pairingProof } from '../../electron/network/pairing';
import { movableClock } from '../support/messaging';
import { hostComputer, rawClient, teamMember, workstationComputer } from '../support/network';
import { tempDir } from '../support/tempDir';
import { computer, PAGE } from '../support/network';
import { createStation } from '../../electron/network/station';
import { TEST_KDF } from '../../electron/auth/crypto';
import path from 'node:path';

/** A raw HTTPS request to the host with a certificate of our choosing (or none). */
function rawRequest(
  port: number,
  pathName: string,
  opts: { identity?: { key: string; cert: string } | null; body?: unknown; method?: string } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const body = opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body));
    const req = https.request(
      {
        host: '127.0.0.1',
        port,
        path: pathName,
        method: opts.method ?? (body ? 'POST' : 'GET'),
        rejectUnauthorized: false,
        minVersion: 'TLSv1.3',
        ...(opts.identity ? { key: opts.identity.key, cert: opts.identity.cert } : {}),
        headers: body ? { 'content-type': 'application/json', 'content-length': body.length } : {},
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function auditRows(host: Awaited<ReturnType<typeof hostComputer>>, action: string) {
  return (
    await host.call('audit.search', { staffId: null, patientId: null, action, fromMs: null, toMs: null, limit: 100, offset: 0 })
  ).rows;
}

describe('pairing a workstation with the clinic’s computer', () => {
  it('pairs with the six-digit code, pins the host, and the workstation signs people in through the host', async () => {
    const host = await hostComputer();
    const reception = await teamMember(host, 'Rita Reception', 'reception');
    const ws = await workstationComputer(host, 'Reception desk');

    const mode = await ws.call('network.mode', {});
    expect(mode.role).toBe('workstation');
    expect(mode.workstation).toMatchObject({ name: 'Reception desk', hostAddress: `127.0.0.1:${host.port}`, state: 'online' });
    expect(mode.workstation!.hostFingerprint).toBe((await host.call('network.host', {})).fingerprint);

    // The sign-in screen lists the clinic's people: the workstation is paired.
    const status = await ws.call('auth.status', {});
    expect(status.state).toBe('signed_out');
    expect(status.clinicName).toBe('Harbour Aesthetics');
    expect(status.people.map((p) => p.name)).toContain('Rita Reception');

    const signedIn = await ws.call('auth.signIn', { name: reception.name, password: reception.password });
    expect(signedIn.state).toBe('signed_in');
    expect((await ws.call('app.info', {})).staff).toMatchObject({
      name: 'Rita Reception',
      role: 'reception',
      device: 'Reception desk',
    });

    // The audit trail names the person and the workstation.
    const signIns = await auditRows(host, 'sign_in');
    expect(signIns.find((r) => r.staffName === 'Rita Reception')).toMatchObject({ device: 'Reception desk' });
    const pairs = await auditRows(host, 'pair');
    expect(pairs).toHaveLength(1);
    expect(pairs[0]).toMatchObject({ device: 'Reception desk' });

    // The host screen shows who is signed in where.
    const view = await host.call('network.host', {});
    expect(view.workstations).toHaveLength(1);
    expect(view.workstations[0]).toMatchObject({ name: 'Reception desk', connected: true, revokedAtMs: null });
    expect(view.workstations[0]!.signedIn).toEqual({ name: 'Rita Reception', role: 'reception', state: 'signed_in' });
    expect(view.hereSignedIn).toMatchObject({ name: 'Olivia Owner' });
    expect(view.pairing).toBeNull(); // the code was used up by the pairing
  });

  it('refuses a wrong code, throws a code away after five wrong tries, and refuses an expired one', async () => {
    const clock = movableClock('2026-11-22T10:00:00Z');
    const host = await hostComputer({ clock });
    const dir = tempDir('clinic-ws-');
    const ws = computer(
      createStation({
        dataDir: path.join(dir, 'clinic'),
        trustedOrigin: 'app://clinic',
        kdf: TEST_KDF,
        clock,
        mdns: false,
        messageIntervalMs: 0,
      }),
      dir,
    );
    const seen = await ws.call('network.inspectHost', { address: '127.0.0.1', port: host.port });
    const pair = (code: string) =>
      ws.raw('network.pair', { address: '127.0.0.1', port: host.port, fingerprint: seen.fingerprint, code, name: 'Room 2' });

    // No code on offer yet.
    let r = await pair('123456');
    expect(r.ok || r.error).toMatchObject({
      code: 'PAIRING_REFUSED',
      message: expect.stringContaining('no pairing code') as string,
    });

    const { pairing } = await host.call('network.newPairingCode', {});
    const wrong = pairing!.code === '000000' ? '000001' : '000000';
    r = await pair(wrong);
    expect(r.ok || r.error).toMatchObject({
      code: 'PAIRING_REFUSED',
      message: expect.stringContaining('not the one shown') as string,
    });
    expect((await host.call('network.host', {})).pairing!.triesLeft).toBe(4);
    for (let i = 0; i < 3; i++) await pair(wrong);
    r = await pair(wrong);
    expect(r.ok || r.error).toMatchObject({
      code: 'PAIRING_REFUSED',
      message: expect.stringContaining('too many wrong codes') as string,
    });
    // The right code no longer works: it was thrown away.
    r = await pair(pairing!.code);
    expect(r.ok).toBe(false);

    // A fresh code, five minutes and one second later, is refused as expired.
    const second = (await host.call('network.newPairingCode', {})).pairing!;
    expect(second.expiresAtMs - clock.nowMs()).toBe(5 * 60_000);
    clock.set('2026-11-22T10:05:01Z');
    await host.call('auth.unlock', { password: 'correct horse battery staple' }).catch(() => undefined);
    r = await pair(second.code);
    expect(r.ok || r.error).toMatchObject({ code: 'PAIRING_REFUSED', message: expect.stringContaining('expired') as string });

    expect((await ws.call('network.mode', {})).role).toBe('standalone');
    const refusals = await auditRows(host, 'refused');
    expect(refusals.map((row) => (JSON.parse(row.after ?? '{}') as { reason?: string }).reason)).toEqual(
      expect.arrayContaining([
        'no pairing code on offer',
        'wrong pairing code',
        'pairing code used up by wrong tries',
        'pairing code expired',
      ]),
    );
    expect((await host.call('network.host', {})).workstations).toEqual([]);
  });

  it('turns away an unpaired certificate, no certificate, plain HTTP and TLS 1.2: not even the staff names', async () => {
    const host = await hostComputer();
    await teamMember(host, 'Rita Reception', 'reception');
    const stranger = await makeIdentity('Stranger');

    const unpaired = await rawRequest(host.port, '/v1/call', { identity: stranger, body: { method: 'auth.status', input: {} } });
    expect(unpaired.status).toBe(403);
    expect(unpaired.body).toEqual({
      error: { code: 'FORBIDDEN_SENDER', message: 'This computer is not paired with the clinic.' },
    });
    expect(JSON.stringify(unpaired.body)).not.toContain('Rita');

    const none = await rawRequest(host.port, '/v1/events', { identity: null });
    expect(none.status).toBe(403);

    // A pairing attempt with a made-up proof and no code on offer.
    const guess = await rawRequest(host.port, '/v1/pair', {
      identity: stranger,
      body: { name: 'Intruder', proof: pairingProof('123456', 'AA', 'BB') },
    });
    expect(guess.status).toBe(403);
    expect(guess.body).toMatchObject({ error: { code: 'PAIRING_REFUSED' } });

    // Plain HTTP is never served on the port: the TLS server answers it with nothing usable.
    const plain = await new Promise<string>((resolve) => {
      const req = http.request({ host: '127.0.0.1', port: host.port, path: '/v1/call', method: 'GET' }, (res) =>
        resolve(`status ${res.statusCode}`),
      );
      req.on('error', (err) => resolve(`error ${err.message}`));
      req.end();
    });
    expect(plain).toMatch(/^error|status 400/);

    const old = await new Promise<string>((resolve) => {
      const s = tls.connect({ host: '127.0.0.1', port: host.port, maxVersion: 'TLSv1.2', rejectUnauthorized: false });
      s.on('secureConnect', () => resolve('connected'));
      s.on('error', (err: Error) => resolve(err.message));
    });
    expect(old).toMatch(/protocol version|alert/i);

    const refusals = await auditRows(host, 'refused');
    expect(refusals.map((row) => (JSON.parse(row.after ?? '{}') as { reason?: string }).reason)).toEqual(
      expect.arrayContaining(['an unpaired certificate', 'no client certificate']),
    );
  });

  it('a revoked workstation is refused at once: its session ends, its calls and stream are cut', async () => {
    const host = await hostComputer();
    const rita = await teamMember(host, 'Rita Reception', 'reception');
    const ws = await workstationComputer(host, 'Reception desk');
    await ws.call('auth.signIn', { name: rita.name, password: rita.password });
    expect((await ws.call('today.summary', {})).today).toBeTruthy();

    const id = (await host.call('network.host', {})).workstations[0]!.id;
    const view = await host.call('network.revoke', { id });
    expect(view.workstations[0]!.revokedAtMs).not.toBeNull();
    expect(view.workstations[0]!.signedIn).toBeNull();

    const after = await ws.raw('today.summary', {});
    expect(after.ok || after.error).toMatchObject({
      code: 'FORBIDDEN_SENDER',
      message: expect.stringContaining('revoked') as string,
    });
    await ws.waitForEvent((e) => e.kind === 'connection' && e.mode.workstation?.state === 'revoked');
    expect((await ws.call('network.mode', {})).workstation!.state).toBe('revoked');
    const revokes = await auditRows(host, 'revoke');
    expect(revokes[0]).toMatchObject({ staffName: 'Olivia Owner', device: 'This computer' });
    const signOuts = await auditRows(host, 'sign_out');
    expect(signOuts.find((r) => r.staffName === 'Rita Reception')).toMatchObject({ device: 'Reception desk' });
  });

  it('keeps the host’s own screen for the host: a workstation cannot share, pair, revoke or set up', async () => {
    const host = await hostComputer();
    const owner2 = await teamMember(host, 'Adam Admin', 'admin');
    const ws = await workstationComputer(host, 'Office');
    await ws.call('auth.signIn', { name: owner2.name, password: owner2.password });
    for (const [method, input] of [
      ['network.host', {}],
      ['network.share', { on: false, port: 47300 }],
      ['network.newPairingCode', {}],
      ['auth.setupClinic', { clinicName: 'x', ownerName: 'y', password: 'long enough password 1' }],
      ['auth.exploreDemo', {}],
      // Restoring, the recovery screen, the diagnostic report and the backup dialogs act on the
      // computer that runs them: the clinic's own.
      ['recovery.list', { chooseFolder: false }],
      ['recovery.startNew', { confirm: 'start a new clinic' }],
      ['diagnostics.report', {}],
      ['backups.addPlace', {}],
      ['backups.exportArchive', { passphrase: 'a long passphrase here', plainConfirmed: false }],
      // The camera is decided by the computer it is attached to, which on a workstation holds no clinic.
      ['camera.open', { patientId: 1 }],
    ] as const) {
      const r = await ws.station.dispatch(PAGE, method, input);
      expect(r.ok || r.error, method).toMatchObject({ code: 'FORBIDDEN_SENDER' });
    }
    // The owner on a workstation does everything else an owner does.
    expect((await ws.call('security.get', {})).idleMinutes).toBe(10);
    // Sent to the host by hand, past the workstation's own refusal, the host refuses them too.
    const raw = rawClient(ws.dir, host.port);
    const token = await raw.signIn(owner2.name, owner2.password);
    for (const method of ['backups.addPlace', 'diagnostics.report', 'recovery.list']) {
      const answer = await raw.call(method, method === 'recovery.list' ? { chooseFolder: false } : {}, token);
      expect(answer.envelope.error, method).toMatchObject({ code: 'FORBIDDEN_SENDER' });
    }
  });
});
