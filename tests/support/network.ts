import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { afterEach } from 'vitest';
import { TEST_KDF } from '../../electron/auth/crypto';
import type { Clock } from '../../electron/clock';
import { createStation, type Station, type StationOptions } from '../../electron/network/station';
import { readWorkstationSettings } from '../../electron/network/store';
import type { InputOf, MethodName, OutputOf } from '../../shared/contract';
import type { Envelope } from '../../shared/envelope';
import type { LiveEvent } from '../../shared/network';
import { tempDir } from './tempDir';
import { spawnComputerProcess, type ComputerProcess } from './computerProcess';

export type { ComputerProcess };

/** The page of each computer in these tests: its own window, as Electron's IPC reports it. */
export const PAGE = { url: 'app://clinic/index.html', isMainFrame: true };
export const HOST_OWNER = { name: 'Olivia Owner', password: 'correct horse battery staple' };

const open: Station[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

/** A port nothing listens on now, on loopback. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Typed calls into one computer's station, from its own window. */
export function computer(station: Station, dir: string) {
  async function raw<M extends MethodName>(method: M, input: InputOf<M>): Promise<Envelope<OutputOf<M>>> {
    return (await station.dispatch(PAGE, method, input)) as Envelope<OutputOf<M>>;
  }
  async function call<M extends MethodName>(method: M, input: InputOf<M>): Promise<OutputOf<M>> {
    const r = await raw(method, input);
    if (!r.ok) throw new Error(`${method} failed: ${r.error.code} ${r.error.message} ${JSON.stringify(r.error.fields ?? {})}`);
    return r.value;
  }
  const events: LiveEvent[] = [];
  station.onEvent((e) => events.push(e));
  /** Resolves with the first event (already seen or still to come) that `match` accepts. */
  function waitForEvent(match: (e: LiveEvent) => boolean, timeoutMs = 5000): Promise<LiveEvent> {
    const seen = events.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        off();
        reject(new Error(`no matching event within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = station.onEvent((e) => {
        if (!match(e)) return;
        clearTimeout(t);
        off();
        resolve(e);
      });
    });
  }
  return { station, dir, raw, call, events, waitForEvent };
}

export type Computer = ReturnType<typeof computer>;

function build(dir: string, clock: Clock | undefined, extra: Partial<StationOptions>): Station {
  const station = createStation({
    dataDir: path.join(dir, 'clinic'),
    demoDir: path.join(dir, 'demo'),
    trustedOrigin: 'app://clinic',
    ...(clock ? { clock } : {}),
    systemTimeZone: 'Europe/London',
    kdf: TEST_KDF,
    messageIntervalMs: 0,
    bindAddress: '127.0.0.1',
    mdns: false,
    addresses: () => ['127.0.0.1'],
    ...extra,
  });
  open.push(station);
  return station;
}

/** The clinic's computer: set up with its owner signed in at its own screen, sharing on a free loopback port. */
export async function hostComputer(opts: { clock?: Clock; dir?: string; extra?: Partial<StationOptions>; share?: boolean } = {}) {
  const dir = opts.dir ?? tempDir('clinic-host-');
  const station = build(dir, opts.clock, opts.extra ?? {});
  await station.start();
  const c = computer(station, dir);
  if ((await c.call('auth.status', {})).state === 'new_clinic') {
    await c.call('auth.setupClinic', {
      clinicName: 'Harbour Aesthetics',
      ownerName: HOST_OWNER.name,
      password: HOST_OWNER.password,
    });
  } else {
    await c.call('auth.signIn', HOST_OWNER);
  }
  let port = 0;
  if (opts.share !== false) {
    port = await freePort();
    const view = await c.call('network.share', { on: true, port });
    if (!view.sharing) throw new Error(`sharing did not start: ${view.problem}`);
  }
  return { ...c, port };
}

/** Adds a team member with a password of their own (signed in once through the host's own screen's setup code). */
export async function teamMember(host: Computer, name: string, role: 'admin' | 'practitioner' | 'reception') {
  const team = await host.call('team.add', { name, role, registration: '' });
  const id = team.find((m) => m.name === name)!.id;
  const { setupCode } = await host.call('team.invite', { id });
  const password = `${name} has a long password 42`;
  // The setup code is used once on a session of its own, as on a workstation of the person's own.
  const s = { ...PAGE, session: `setup-${id}` };
  let r = await host.station.dispatch(s, 'auth.signIn', { name, password: setupCode });
  if (!r.ok) throw new Error(r.error.message);
  r = await host.station.dispatch(s, 'auth.setPassword', { password });
  if (!r.ok) throw new Error(r.error.message);
  await host.station.dispatch(s, 'auth.signOut', {});
  return { id, name, password };
}

/** A computer with nothing set up, paired with the host as a workstation under `name`. */
export async function workstationComputer(
  host: Awaited<ReturnType<typeof hostComputer>>,
  name: string,
  opts: { clock?: Clock; extra?: Partial<StationOptions>; viaPort?: number } = {},
) {
  const dir = tempDir('clinic-ws-');
  // Host and workstation share this one process here: a long import on the host also holds up
  // the heartbeat, which separate computers would not, so the workstation is given more patience.
  const station = build(dir, opts.clock, { retryWindowMs: 3000, silenceLimitMs: 10_000, ...opts.extra });
  const c = computer(station, dir);
  const port = opts.viaPort ?? host.port;
  const seen = await c.call('network.inspectHost', { address: '127.0.0.1', port });
  const { pairing } = await host.call('network.newPairingCode', {});
  await c.call('network.pair', { address: '127.0.0.1', port, fingerprint: seen.fingerprint, code: pairing!.code, name });
  await c.waitForEvent((e) => e.kind === 'connection' && e.mode.workstation?.state === 'online');
  return c;
}

export function fileExists(p: string): boolean {
  return fs.existsSync(p);
}

/**
 * Requests made by hand with a paired workstation's own certificate (read from its folder), as a
 * misbehaving or replaying client would make them: to test what the host refuses.
 */
export function rawClient(workstationDir: string, port: number) {
  const settings = readWorkstationSettings(path.join(workstationDir, 'clinic'))!;
  function request(
    pathName: string,
    opts: {
      json?: unknown;
      bytes?: Buffer;
      headers?: Record<string, string | number>;
      token?: string | null;
      method?: string;
    } = {},
  ): Promise<{ status: number; json: Record<string, unknown> | null; bytes: Buffer }> {
    const body = opts.json !== undefined ? Buffer.from(JSON.stringify(opts.json)) : opts.bytes;
    return new Promise((resolve, reject) => {
      const req = https.request(
        {
          host: '127.0.0.1',
          port,
          path: pathName,
          method: opts.method ?? (body ? 'POST' : 'GET'),
          key: settings.identity.key,
          cert: settings.identity.cert,
          ca: [settings.hostCert],
          checkServerIdentity: () => undefined,
          minVersion: 'TLSv1.3',
          agent: false,
          headers: {
            ...(body ? { 'content-length': body.length } : {}),
            ...(opts.json !== undefined ? { 'content-type': 'application/json' } : {}),
            ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
            ...opts.headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const bytes = Buffer.concat(chunks);
            let json: Record<string, unknown> | null = null;
            try {
              json = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
            } catch {
              // not JSON
            }
            resolve({ status: res.statusCode ?? 0, json, bytes });
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }
  /** A call as the workstation's main process makes it; returns the host's whole answer. */
  async function call(method: string, input: unknown, token: string | null = null, key?: string) {
    const r = await request('/v1/call', { json: { method, input, ...(key ? { key } : {}) }, token });
    return r.json as {
      envelope: { ok: boolean; value?: unknown; error?: { code: string; message: string } };
      token?: { value: string } | null;
    };
  }
  /** Signs a person in and returns their token. */
  async function signIn(name: string, password: string): Promise<string> {
    const answer = await call('auth.signIn', { name, password });
    if (!answer.token?.value) throw new Error(`no token: ${JSON.stringify(answer.envelope)}`);
    return answer.token.value;
  }
  return { settings, request, call, signIn };
}

/**
 * A TCP relay between a workstation and the host that can lose the host's answers on the way
 * back (TLS stays end to end; the relay sees only ciphertext): a network that dropped the
 * connection after the host had done the work.
 */
export async function lossyRelay(targetPort: number) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.on('data', (d) => upstream.write(d));
    upstream.on('data', (d: Buffer) => {
      // Answers are hundreds of bytes; the event stream's heartbeat records a few dozen.
      if (relay.dropAnswers && d.length >= 300) {
        client.destroy();
        upstream.destroy();
        relay.dropped += 1;
      } else client.write(d);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const relay = {
    port: (server.address() as net.AddressInfo).port,
    dropAnswers: false,
    dropped: 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  return relay;
}

const children: ComputerProcess[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) await c.kill();
});

/** A computer of the clinic as a process of its own (the station without a window), ended after the test. */
export async function spawnComputer(dir: string, now = '2026-11-22T10:00:00Z'): Promise<ComputerProcess> {
  const c = await spawnComputerProcess(dir, now);
  children.push(c);
  return c;
}
