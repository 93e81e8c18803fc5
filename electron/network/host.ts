import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { DEFAULT_HOST_PORT, shortFingerprint, type HostView, type NetworkMode, type WorkstationView } from '../../shared/network';
import { ApiError } from '../../shared/envelope';
import type { Actor } from '../../shared/staff';
import type { ClinicAccess } from '../auth/clinicAccess';
import type { Clock } from '../clock';
import type { Dispatch } from '../dispatch';
import { workstationSessionPrefix } from '../dispatch';
import type { PhotoResponse } from '../photos/serve';
import { Announcer, type MdnsOptions } from './announce';
import { fingerprintOf, makeIdentity, TLS_VERSION } from './certificate';
import type { ChangeFeed } from './changes';
import { handleRequest } from './hostRoutes';
import { PairingCodes } from './pairing';
import {
  NETWORK_FOLDER,
  readHostSettings,
  readRegistrations,
  writeHostSettings,
  writeRegistrations,
  type HostSettings,
  type Registration,
  type SecretBox,
} from './store';
import { SessionTokens } from './tokens';

export interface HostOptions {
  /** The clinic's own data folder (never the demo's). */
  dataDir: string;
  clock: Clock;
  /** The dispatcher every call goes through (the host's own window's too), with its change feed. */
  dispatch: Dispatch;
  access: () => ClinicAccess;
  /** A photo's display copy for a session (the core's own check of who may see photos). */
  photo: (pathname: string, session: string) => PhotoResponse;
  feed: ChangeFeed;
  box?: SecretBox | undefined;
  /** Where to listen: every interface in the app; 127.0.0.1 in tests. */
  bindAddress?: string | undefined;
  /** mDNS options (tests pass their own socket), or false for no announcement. */
  mdns?: MdnsOptions | false | undefined;
  /** This computer's addresses on the clinic's network, for the host screen. */
  addresses?: (() => string[]) | undefined;
  log?: ((message: string, err?: unknown) => void) | undefined;
}

/** A workstation's stream of live changes, open while it is connected. */
export interface Stream {
  workstationId: string;
  send(event: string, data: unknown): void;
  close(): void;
}

/** One call's answer, kept against its idempotency key so a retry gets it again instead of doing it twice. */
interface Remembered {
  method: string;
  atMs: number;
  answer: Promise<unknown>;
}

const IDEMPOTENCY_KEEP_MS = 10 * 60_000;
const IDEMPOTENCY_MAX = 5000;
/** Sign-in attempts a workstation may make a minute, on top of the per-name wait. */
export const SIGN_IN_ATTEMPTS_PER_MINUTE = 10;

function lanAddresses(): string[] {
  const out: string[] = [];
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) out.push(a.address);
  }
  return out;
}

/**
 * "Share this clinic with other computers": the host's side. It keeps the host's certificate and
 * the paired workstations (in the data folder's network/ folder), runs the HTTPS server (TLS 1.3
 * only, a certificate asked of every client) and the mDNS announcement, and knows which session
 * belongs to which workstation. Every call still goes through the one dispatcher.
 */
export class HostSharing {
  readonly bootId = randomUUID();
  readonly pairing: PairingCodes;
  readonly tokens: SessionTokens;
  registrations: Registration[];
  private settings: HostSettings | null;
  private server: https.Server | null = null;
  private announcer: Announcer | null = null;
  private problem: string | null = null;
  readonly streams = new Set<Stream>();
  private sockets = new Map<string, Set<TLSSocket>>();
  readonly lastSeen = new Map<string, { atMs: number; address: string }>();
  private remembered = new Map<string, Remembered>();
  /** Photos a session was shown in the list of recent imports (it may load those by id). */
  readonly photoGrants = new Map<string, Set<number>>();
  /** Files uploaded for import, by their staging token: removed once imported. */
  readonly uploads = new Map<string, string>();
  private refusalsAudited = new Map<string, number>();
  private signInAttempts = new Map<string, number[]>();
  readonly uploadDir: string;

  constructor(readonly o: HostOptions) {
    const now = () => o.clock.nowMs();
    this.pairing = new PairingCodes(now);
    this.tokens = new SessionTokens(now);
    this.settings = readHostSettings(o.dataDir, o.box);
    this.registrations = readRegistrations(o.dataDir);
    this.uploadDir = path.join(o.dataDir, NETWORK_FOLDER, 'uploads');
    // Uploads left by a previous run are never imported now: the staging tokens died with it.
    fs.rmSync(this.uploadDir, { recursive: true, force: true });
  }

  get access(): ClinicAccess {
    return this.o.access();
  }

  get sharing(): boolean {
    return this.server !== null;
  }

  get fingerprint(): string | null {
    return this.settings ? fingerprintOf(this.settings.identity.cert) : null;
  }

  /** At start: shares again if it was sharing when the app last closed. */
  async resume(): Promise<void> {
    if (this.settings?.sharing) await this.listen(this.settings.port).catch(() => undefined);
  }

  // --- who is who ------------------------------------------------------------------------

  /** A paired, unrevoked workstation by the fingerprint of the certificate it presented. */
  byFingerprint(fingerprint: string | undefined): Registration | null {
    if (!fingerprint) return null;
    return this.registrations.find((r) => r.fingerprint === fingerprint && r.revokedAtMs === null) ?? null;
  }

  paired(id: string): boolean {
    return this.registrations.some((r) => r.id === id && r.revokedAtMs === null);
  }

  /** The device a session is on, for the audit trail: the workstation's name. */
  deviceOf(session: string): string | undefined {
    const m = /^ws:([^:]+):/.exec(session);
    if (!m) return undefined;
    const r = this.registrations.find((x) => x.id === m[1]);
    return r ? r.name : 'a revoked workstation';
  }

  clinicName(): string {
    try {
      return this.access.status('network').clinicName;
    } catch {
      return '';
    }
  }

  mode(): NetworkMode {
    return { role: this.sharing ? 'host' : 'standalone', clinicName: this.clinicName(), workstation: null };
  }

  // --- the host screen -------------------------------------------------------------------

  view(): HostView {
    const nowMs = this.o.clock.nowMs();
    const sessions = this.access.sessions.all();
    const signedInOn = (prefix: string) => {
      const hit = sessions.find(([key]) => key.startsWith(prefix));
      return hit ? { name: hit[1].name, role: hit[1].role, state: hit[1].state } : null;
    };
    const here = sessions.find(([key]) => !key.startsWith('ws:'));
    const connected = new Set([...this.streams].map((s) => s.workstationId));
    const workstations: WorkstationView[] = this.registrations
      .map((r) => ({
        id: r.id,
        name: r.name,
        fingerprint: shortFingerprint(r.fingerprint),
        pairedAtMs: r.pairedAtMs,
        revokedAtMs: r.revokedAtMs,
        lastSeenMs: this.lastSeen.get(r.id)?.atMs ?? null,
        connected: connected.has(r.id),
        address: this.lastSeen.get(r.id)?.address ?? null,
        signedIn: r.revokedAtMs === null ? signedInOn(workstationSessionPrefix(r.id)) : null,
      }))
      .sort((a, b) => Number(a.revokedAtMs !== null) - Number(b.revokedAtMs !== null) || a.name.localeCompare(b.name));
    const offer = this.pairing.current();
    return {
      sharing: this.sharing,
      port: this.settings?.port ?? DEFAULT_HOST_PORT,
      addresses: (this.o.addresses ?? lanAddresses)(),
      fingerprint: this.fingerprint,
      clinicName: this.clinicName(),
      pairing: this.sharing && offer ? offer : null,
      nowMs,
      hereSignedIn: here ? { name: here[1].name, role: here[1].role, state: here[1].state } : null,
      workstations,
      problem: this.problem,
    };
  }

  async share(on: boolean, port: number, actor: Actor): Promise<HostView> {
    if (on && this.access.folder.demo) {
      throw new ApiError('CONFLICT', 'The demo clinic is not shared with other computers. Leave the demo first.');
    }
    if (on) {
      if (!this.settings) {
        // The certificate is made once, when sharing is first set up, and kept: workstations pin it.
        this.settings = { sharing: false, port, identity: await makeIdentity(this.clinicName()) };
      }
      try {
        await this.listen(port);
      } catch {
        return this.view();
      }
    } else {
      await this.stop();
      this.pairing.withdraw();
    }
    this.settings = { ...this.settings!, sharing: on, port };
    writeHostSettings(this.o.dataDir, this.settings, this.o.box);
    this.access.recordEvent(actor, 'update', 'network_sharing', 'host', { sharing: on, port });
    return this.view();
  }

  newPairingCode(actor: Actor): HostView {
    if (!this.sharing) throw new ApiError('CONFLICT', 'Switch sharing on first: workstations pair over the network.');
    this.pairing.issue();
    this.access.recordEvent(actor, 'create', 'pairing_code', 'host', { validMinutes: 5 });
    return this.view();
  }

  revoke(id: string, actor: Actor): HostView {
    const r = this.registrations.find((x) => x.id === id);
    if (!r) throw new ApiError('NOT_FOUND', 'There is no such workstation.');
    if (r.revokedAtMs === null) {
      r.revokedAtMs = this.o.clock.nowMs();
      writeRegistrations(this.o.dataDir, this.registrations);
      this.cutOff(r);
      this.access.recordEvent(actor, 'revoke', 'workstation', r.id, {
        name: r.name,
        fingerprint: shortFingerprint(r.fingerprint),
      });
    }
    return this.view();
  }

  /** Ends everything a workstation has here at once: its sessions, tokens, event stream and connections. */
  private cutOff(r: Registration): void {
    this.tokens.forgetWorkstation(r.id);
    const prefix = workstationSessionPrefix(r.id);
    for (const [key] of this.access.sessions.all()) {
      if (key.startsWith(prefix)) this.access.signOut(key);
    }
    for (const s of [...this.streams]) {
      if (s.workstationId === r.id) {
        s.send('revoked', { message: 'The clinic’s computer revoked this workstation.' });
        s.close();
      }
    }
    for (const socket of this.sockets.get(r.fingerprint) ?? []) socket.destroy();
    this.sockets.delete(r.fingerprint);
  }

  register(name: string, fingerprint: string): Registration {
    const r: Registration = { id: randomUUID(), name, fingerprint, pairedAtMs: this.o.clock.nowMs(), revokedAtMs: null };
    this.registrations = [...this.registrations, r];
    writeRegistrations(this.o.dataDir, this.registrations);
    return r;
  }

  // --- calls ------------------------------------------------------------------------------

  /** Runs a changing call once per idempotency key: a retry waits for, and gets, the first answer. */
  once<T>(workstationId: string, key: string, method: string, run: () => Promise<T>): Promise<T> {
    const nowMs = Date.now();
    for (const [k, m] of this.remembered) {
      if (nowMs - m.atMs > IDEMPOTENCY_KEEP_MS || this.remembered.size > IDEMPOTENCY_MAX) this.remembered.delete(k);
      else break; // oldest first: the rest are newer
    }
    const id = `${workstationId}:${key}`;
    const seen = this.remembered.get(id);
    if (seen) {
      if (seen.method !== method) {
        return Promise.reject(new ApiError('INVALID_INPUT', 'This request key was already used for another kind of call.'));
      }
      return seen.answer as Promise<T>;
    }
    const answer = run();
    this.remembered.set(id, { method, atMs: nowMs, answer });
    return answer;
  }

  /** Whether a workstation may try to sign in again now (a flood is turned away before the per-name wait). */
  signInAllowed(workstationId: string): boolean {
    const nowMs = Date.now();
    const recent = (this.signInAttempts.get(workstationId) ?? []).filter((t) => nowMs - t < 60_000);
    if (recent.length >= SIGN_IN_ATTEMPTS_PER_MINUTE) {
      this.signInAttempts.set(workstationId, recent);
      return false;
    }
    recent.push(nowMs);
    this.signInAttempts.set(workstationId, recent);
    return true;
  }

  /**
   * Writes a refusal at the door to the audit trail: at most one row a minute for the same kind
   * and source, with how many more there were, so a flood cannot fill the trail.
   */
  auditRefusal(key: string, device: string, what: Record<string, unknown>): void {
    const nowMs = Date.now();
    const last = this.refusalsAudited.get(key);
    if (last !== undefined && nowMs - last < 60_000) return;
    this.refusalsAudited.set(key, nowMs);
    this.access.recordEvent(
      { id: '', name: '(refused at the network)', role: 'unknown', device },
      'refused',
      'network',
      key.slice(0, 80),
      what,
    );
  }

  seen(workstationId: string, address: string): void {
    this.lastSeen.set(workstationId, { atMs: this.o.clock.nowMs(), address });
  }

  // --- the server -------------------------------------------------------------------------

  private listen(port: number): Promise<void> {
    return (async () => {
      await this.stop();
      const identity = this.settings!.identity;
      const server = https.createServer(
        {
          key: identity.key,
          cert: identity.cert,
          minVersion: TLS_VERSION,
          maxVersion: TLS_VERSION,
          // Every client is asked for its certificate; which ones are let in is decided per
          // request against the paired workstations (self-signed, so no CA could vouch for them).
          requestCert: true,
          rejectUnauthorized: false,
        },
        (req, res) => void handleRequest(this, req, res),
      );
      server.on('secureConnection', (socket: TLSSocket) => {
        const fp = socket.getPeerCertificate()?.fingerprint256;
        if (!fp) return;
        const set = this.sockets.get(fp) ?? new Set<TLSSocket>();
        set.add(socket);
        this.sockets.set(fp, set);
        socket.once('close', () => set.delete(socket));
      });
      server.on('tlsClientError', () => undefined);
      server.keepAliveTimeout = 30_000;
      try {
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(port, this.o.bindAddress ?? '0.0.0.0', () => {
            server.off('error', reject);
            resolve();
          });
        });
      } catch (err) {
        const code = (err as { code?: string }).code;
        this.problem =
          code === 'EADDRINUSE'
            ? `Port ${port} is already used by another program on this computer. Choose another port.`
            : `Sharing could not start: ${err instanceof Error ? err.message : String(err)}`;
        this.o.log?.('Sharing could not start', err);
        throw err;
      }
      this.problem = null;
      this.server = server;
      fs.mkdirSync(this.uploadDir, { recursive: true, mode: 0o700 });
      if (this.o.mdns !== false) {
        this.announcer = new Announcer(this.o.mdns, this.o.log);
        try {
          this.announcer.start(this.clinicName(), port, fingerprintOf(identity.cert));
        } catch (err) {
          // Workstations can still type the address; the host screen shows it.
          this.o.log?.('The clinic could not be announced on the network', err);
        }
      }
    })();
  }

  /** Stops listening and ends every connection (the app is quitting, or sharing was switched off). */
  async stop(): Promise<void> {
    this.announcer?.stop();
    this.announcer = null;
    const server = this.server;
    this.server = null;
    for (const s of [...this.streams]) s.close();
    // Every socket goes first, also those the HTTP layer does not count as its connections (a TLS
    // handshake or an upload still under way): the server's close waits for all of them.
    for (const set of this.sockets.values()) for (const s of set) s.destroy();
    this.sockets.clear();
    if (server) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    }
    fs.rmSync(this.uploadDir, { recursive: true, force: true });
  }
}
