import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import type http from 'node:http';
import type { PeerCertificate } from 'node:tls';
import { contract, isMethodName } from '../../shared/contract';
import { ApiError, type ApiErrorBody, type Envelope } from '../../shared/envelope';
import {
  changesNothing,
  SILENCE_LIMIT_MS,
  TOKEN_LIFETIME_MS,
  type ConnectionState,
  type HostInspection,
  type LiveEvent,
  type NetworkMode,
  type PairInput,
} from '../../shared/network';
import type { StagedFile } from '../../shared/photos';
import { isTrustedUrl, type Dispatch, type Sender } from '../dispatch';
import type { PhotoResponse } from '../photos/serve';
import { expandChosen } from '../photos/staging';
import type { Delivery } from './callScope';
import type { CallAnswer } from './hostRoutes';
import { commonNameOf, fingerprintOf, makeIdentity, readPeerCertificate, TLS_VERSION, type Identity } from './certificate';
import { pairingProof } from './pairing';
import { writeWorkstationSettings, type SecretBox, type WorkstationSettings } from './store';

const PIN_MISMATCH = 'CLINIC_HOST_CERTIFICATE_CHANGED';

export interface WorkstationOptions {
  dataDir: string;
  settings: WorkstationSettings;
  /** Our own page's origin ("app://clinic", or the harness's), for the sender check before forwarding. */
  trustedOrigin: string;
  /** Where "Save as PDF" and exports go: this workstation's own dialog. */
  savePdf?: ((fileName: string) => Promise<string | null>) | undefined;
  saveFile?: ((fileName: string, bytes: Buffer) => Promise<string | null>) | undefined;
  log?: ((message: string, err?: unknown) => void) | undefined;
  /** How long a call that lost its connection waits for the host to come back before giving up. */
  retryWindowMs?: number | undefined;
  /** How long the host's heartbeat may be silent before this workstation says it cannot reach it. */
  silenceLimitMs?: number | undefined;
  /** The longest a single call may take (a large import is the slowest). */
  callTimeoutMs?: number | undefined;
}

/** An answer that is not a call's own: a refusal at the host's door, or no answer at all. */
class HostError extends Error {
  constructor(
    readonly status: number | null,
    readonly body: ApiErrorBody | null,
    readonly changed: boolean,
    cause?: unknown,
  ) {
    super(body?.message ?? (cause instanceof Error ? cause.message : 'no answer'));
  }
}

function tlsOptions(identity: Identity, hostCert: string): https.AgentOptions {
  const pinned = fingerprintOf(hostCert);
  return {
    key: identity.key,
    cert: identity.cert,
    // The host's own certificate is the only one trusted, and its exact fingerprint is checked
    // (the address may change; the certificate may not).
    ca: [hostCert],
    checkServerIdentity: (_host: string, cert: PeerCertificate) =>
      cert.fingerprint256 === pinned ? undefined : Object.assign(new Error(PIN_MISMATCH), { code: PIN_MISMATCH }),
    minVersion: TLS_VERSION,
    maxVersion: TLS_VERSION,
  };
}

const ok = <T>(value: T): Envelope<T> => ({ ok: true, value });
const fail = (code: ApiErrorBody['code'], message: string): Envelope<never> => ({
  ok: false,
  error: new ApiError(code, message).toBody(),
});

/**
 * A workstation's main process: it holds no clinic data and no key, only its pairing. Every call
 * of its window goes to the host over pinned TLS 1.3 with its own certificate, plus the session
 * token of whoever signed in here (kept in this process; the page never sees it). An event stream
 * from the host carries live changes and a heartbeat: when the heartbeat stops, the window is told
 * within seconds, changes are refused with a clear message (what was typed stays on screen), and
 * the workstation keeps trying until the host answers again.
 */
export class WorkstationLink {
  private readonly agent: https.Agent;
  private readonly tls: https.AgentOptions;
  private token: { value: string; expiresAtMs: number } | null = null;
  /** Changes each time someone new signs in here, so an unanswered save is never replayed for another person. */
  private signInEpoch = 0;
  private state: ConnectionState = 'connecting';
  private sinceMs = Date.now();
  private hostBootId: string | null = null;
  private listeners = new Set<(e: LiveEvent) => void>();
  private stream: http.ClientRequest | null = null;
  private silence: NodeJS.Timeout | null = null;
  private reconnect: NodeJS.Timeout | null = null;
  private renewal: NodeJS.Timeout | null = null;
  private waiters = new Set<() => void>();
  /** Changes sent without an answer: the same change sent again reuses its key, so it happens once. */
  private unresolved = new Map<string, string>();
  private closed = false;

  constructor(readonly o: WorkstationOptions) {
    this.tls = tlsOptions(o.settings.identity, o.settings.hostCert);
    this.agent = new https.Agent({ keepAlive: true, maxSockets: 8, ...this.tls });
    this.renewal = setInterval(() => void this.renew(), TOKEN_LIFETIME_MS / 3);
    this.renewal.unref();
  }

  get settings(): WorkstationSettings {
    return this.o.settings;
  }

  start(): void {
    this.openStream();
  }

  close(): void {
    this.closed = true;
    this.stream?.destroy();
    for (const t of [this.silence, this.reconnect]) if (t) clearTimeout(t);
    if (this.renewal) clearInterval(this.renewal);
    this.agent.destroy();
    for (const w of this.waiters) w();
  }

  onEvent(listener: (e: LiveEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: LiveEvent): void {
    for (const l of this.listeners) l(e);
  }

  // --- the connection ------------------------------------------------------------------------

  get connection(): ConnectionState {
    return this.state;
  }

  mode(): NetworkMode {
    const s = this.o.settings;
    return {
      role: 'workstation',
      clinicName: s.clinicName,
      workstation: {
        name: s.name,
        hostAddress: `${s.hostAddress}:${s.hostPort}`,
        hostFingerprint: fingerprintOf(s.hostCert),
        state: this.state,
        sinceMs: this.sinceMs,
        message: this.stateMessage(),
      },
    };
  }

  private stateMessage(): string {
    const where = `The clinic’s computer (${this.o.settings.hostAddress})`;
    switch (this.state) {
      case 'online':
        return `Connected to the clinic’s computer (${this.o.settings.hostAddress}).`;
      case 'connecting':
        return `Connecting to the clinic’s computer (${this.o.settings.hostAddress})…`;
      case 'offline':
        return `${where} cannot be reached. What is on screen stays readable; changes cannot be saved until it is back. Trying again…`;
      case 'revoked':
        return 'The clinic’s computer revoked this workstation. Ask the clinic owner to pair it again.';
      case 'host_changed':
        return `Something at the clinic’s computer’s address (${this.o.settings.hostAddress}) answered with a different certificate from the one paired, so nothing is sent to it. If the clinic’s computer was replaced, pair this workstation again.`;
    }
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    if (this.state === 'revoked' && state !== 'revoked') return; // final until paired again
    this.state = state;
    this.sinceMs = Date.now();
    this.emit({ kind: 'connection', mode: this.mode() });
    if (state === 'online') for (const w of [...this.waiters]) w();
  }

  private waitOnline(ms: number): Promise<void> {
    if (this.state === 'online' || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.waiters.delete(done);
        resolve();
      };
      const t = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }

  /** The host's event stream: live changes, and a heartbeat whose silence means "cannot reach". */
  private openStream(): void {
    if (this.closed || this.state === 'revoked') return;
    const s = this.o.settings;
    const req = https.request({
      ...this.tls,
      host: s.hostAddress,
      port: s.hostPort,
      path: '/v1/events',
      method: 'GET',
      agent: false,
      timeout: this.o.silenceLimitMs ?? SILENCE_LIMIT_MS,
    });
    this.stream = req;
    let buffer = '';
    const quiet = () => {
      if (this.silence) clearTimeout(this.silence);
      this.silence = setTimeout(
        () => req.destroy(new Error('The clinic’s computer went quiet')),
        this.o.silenceLimitMs ?? SILENCE_LIMIT_MS,
      );
    };
    quiet();
    req.on('timeout', () => req.destroy(new Error('The clinic’s computer did not answer')));
    req.on('response', (res) => {
      if (res.statusCode !== 200) {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => {
          if (res.statusCode === 403 && /revoked/i.test(text)) this.revoked();
          req.destroy();
        });
        return;
      }
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        quiet();
        buffer += chunk;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          this.onStreamEvent(block);
        }
      });
    });
    req.on('error', (err: Error & { code?: string }) => {
      if (err.code === PIN_MISMATCH) this.setState('host_changed');
    });
    req.on('close', () => {
      if (this.silence) clearTimeout(this.silence);
      if (this.stream !== req) return;
      this.stream = null;
      if (this.closed || this.state === 'revoked') return;
      if (this.state !== 'host_changed') this.setState('offline');
      this.reconnect = setTimeout(() => this.openStream(), this.state === 'host_changed' ? 5000 : 1000);
    });
    req.end();
  }

  private onStreamEvent(block: string): void {
    const event = /^event: (.*)$/m.exec(block)?.[1];
    const data = /^data: (.*)$/m.exec(block)?.[1];
    if (!event) return; // a heartbeat comment
    const value = data ? (JSON.parse(data) as Record<string, unknown>) : {};
    if (event === 'hello') {
      const bootId = String(value.bootId);
      if (this.hostBootId !== null && this.hostBootId !== bootId) {
        // The host restarted: every session it had is gone, so whoever was signed in here signs in again.
        this.dropToken();
        this.emit({ kind: 'session' });
      }
      this.hostBootId = bootId;
      if (typeof value.clinicName === 'string' && value.clinicName) this.o.settings.clinicName = value.clinicName;
      this.setState('online');
    } else if (event === 'change') {
      this.emit({ kind: 'change', change: value as unknown as Extract<LiveEvent, { kind: 'change' }>['change'] });
    } else if (event === 'revoked') {
      this.revoked();
    }
  }

  private revoked(): void {
    this.dropToken();
    this.setState('revoked');
    this.emit({ kind: 'session' });
  }

  private dropToken(): void {
    this.token = null;
    this.signInEpoch += 1;
    this.unresolved.clear();
  }

  private applyToken(t: CallAnswer['token']): void {
    if (t === undefined) return;
    if (t === null) {
      if (this.token) this.dropToken();
      return;
    }
    if (!this.token) this.signInEpoch += 1;
    this.token = t;
  }

  private async renew(): Promise<void> {
    if (!this.token || this.state !== 'online') return;
    try {
      const answer = (await this.request('/v1/renew', Buffer.from('{}'), 10_000)) as { token: CallAnswer['token'] };
      this.applyToken(answer.token);
    } catch (err) {
      if (err instanceof HostError && err.status === 401) {
        this.dropToken();
        this.emit({ kind: 'session' });
      }
    }
  }

  // --- requests ------------------------------------------------------------------------------

  private request(
    path: string,
    body: Buffer | { file: string; bytes: number; name: string },
    timeoutMs: number,
  ): Promise<unknown> {
    const s = this.o.settings;
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = {};
      if (this.token) headers.authorization = `Bearer ${this.token.value}`;
      if (Buffer.isBuffer(body)) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = body.length;
      } else {
        headers['content-type'] = 'application/octet-stream';
        headers['content-length'] = body.bytes;
        headers['x-file-name'] = encodeURIComponent(body.name);
      }
      const req = https.request(
        { host: s.hostAddress, port: s.hostPort, path, method: 'POST', agent: this.agent, headers, timeout: timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            let parsed: unknown = null;
            try {
              parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            } catch {
              // not JSON: treated as no answer below
            }
            if (res.statusCode === 200 && parsed !== null) resolve(parsed);
            else {
              const errBody = (parsed as { error?: ApiErrorBody } | null)?.error ?? null;
              reject(new HostError(res.statusCode ?? null, errBody, false));
            }
          });
          res.on('error', (err) => reject(new HostError(null, null, false, err)));
        },
      );
      req.on('timeout', () => req.destroy(new Error('The clinic’s computer did not answer in time')));
      req.on('error', (err: Error & { code?: string }) => reject(new HostError(null, null, err.code === PIN_MISMATCH, err)));
      if (Buffer.isBuffer(body)) req.end(body);
      else
        fs.createReadStream(body.file)
          .on('error', (err) => req.destroy(err))
          .pipe(req);
    });
  }

  /** The window's dispatcher on a workstation: a few checks here, everything else on the host. */
  readonly dispatch: Dispatch = async (sender: Sender, method, input) => {
    if (!sender.isMainFrame || !isTrustedUrl(sender.url, this.o.trustedOrigin)) {
      return fail('FORBIDDEN_SENDER', 'Calls are accepted only from the Clinic Records window.');
    }
    if (!isMethodName(method)) {
      const shown = typeof method === 'string' ? method.slice(0, 100) : typeof method;
      return fail('UNKNOWN_METHOD', `There is no method called ${JSON.stringify(shown)}.`);
    }
    const door = sender.door ?? 'page';
    if ((door === 'files') !== (method === 'photos.stage')) {
      return fail('FORBIDDEN_SENDER', 'Files reach the app from its file picker or a drop, never named by the page.');
    }
    if (method === 'network.mode') return ok(this.mode());
    if ((contract[method] as { localOnly?: boolean }).localOnly) {
      return fail('FORBIDDEN_SENDER', 'This can be done only at the clinic’s own computer, not from a workstation.');
    }
    if (method === 'photos.stage') return this.stage(input);
    return this.forward(method, input);
  };

  private unreachable(write: boolean, sent: boolean): Envelope<never> {
    if (this.state === 'revoked' || this.state === 'host_changed') return fail('FORBIDDEN_SENDER', this.stateMessage());
    const where = `The clinic’s computer (${this.o.settings.hostAddress})`;
    if (!write)
      return fail(
        'HOST_UNREACHABLE',
        `${where} cannot be reached. What is on screen stays; it updates when the computer is back.`,
      );
    return fail(
      'HOST_UNREACHABLE',
      sent
        ? `${where} did not answer, so this may or may not have been saved. What you typed is still here: when it is back, save again (it will not be saved twice).`
        : `${where} cannot be reached, so nothing was saved. What you typed is still here: save again when it is back.`,
    );
  }

  /** Sends a call to the host; a change keeps one idempotency key through every retry, and after. */
  async forward(method: string, input: unknown): Promise<Envelope<unknown>> {
    const write = !changesNothing(method) && !method.startsWith('auth.');
    if (this.state === 'revoked' || this.state === 'host_changed') return this.unreachable(write, false);
    if (this.state === 'offline') return this.unreachable(write, false);
    const identity = write
      ? createHash('sha256')
          .update(`${this.signInEpoch}\n${method}\n${JSON.stringify(input ?? null)}`)
          .digest('hex')
      : '';
    const key = (write && this.unresolved.get(identity)) || randomUUID();
    const deadline = Date.now() + (this.o.retryWindowMs ?? 10_000);
    const body = Buffer.from(JSON.stringify({ method, input, key }));
    for (;;) {
      try {
        const answer = (await this.request('/v1/call', body, this.o.callTimeoutMs ?? 120_000)) as CallAnswer;
        if (write) this.unresolved.delete(identity);
        this.applyToken(answer.token);
        return answer.deliveries ? await this.deliver(answer.envelope, answer.deliveries) : answer.envelope;
      } catch (err) {
        if (!(err instanceof HostError)) throw err;
        if (err.changed) {
          this.setState('host_changed');
          return this.unreachable(write, false);
        }
        if (err.body) {
          if (err.status === 403 && /revoked/i.test(err.body.message)) this.revoked();
          return { ok: false, error: err.body };
        }
        // No answer: the host stopped, or the network did. The same key goes again once it is back.
        if (write) this.unresolved.set(identity, key);
        if (this.state === 'online') {
          // A call that got no answer: say so now, and let the event stream reconnect to find out when it is back.
          this.setState('offline');
          this.stream?.destroy();
        }
        const left = deadline - Date.now();
        if (left <= 0 || this.closed) return this.unreachable(write, true);
        await this.waitOnline(left);
        if (this.state !== 'online') return this.unreachable(write, true);
      }
    }
  }

  /** What the host handed back for this screen: the page printed or a file saved here, where the person chooses. */
  private async deliver(envelope: Envelope<unknown>, deliveries: Delivery[]): Promise<Envelope<unknown>> {
    if (!envelope.ok) return envelope;
    let savedTo: string | null = null;
    for (const d of deliveries) {
      if (d.kind === 'pdf') savedTo = this.o.savePdf ? await this.o.savePdf(d.fileName) : null;
      else savedTo = this.o.saveFile ? await this.o.saveFile(d.fileName, Buffer.from(d.base64, 'base64')) : null;
    }
    const value = envelope.value;
    return value && typeof value === 'object' && 'savedTo' in value ? { ok: true, value: { ...value, savedTo } } : envelope;
  }

  /** The files a person chose here, checked here and uploaded one by one to the host's staging. */
  private async stage(input: unknown): Promise<Envelope<StagedFile[]>> {
    const parsed = contract['photos.stage'].input.safeParse(input);
    if (!parsed.success) return fail('INVALID_INPUT', parsed.error.issues[0]?.message ?? 'The input is not valid.');
    if (this.state !== 'online') return this.unreachable(true, false);
    const out: StagedFile[] = [];
    for (const chosen of expandChosen(parsed.data.paths)) {
      if ('problem' in chosen) {
        out.push(chosen);
        continue;
      }
      try {
        const envelope = (await this.request('/v1/stage', chosen, 120_000)) as Envelope<StagedFile[]>;
        if (!envelope.ok) return envelope;
        out.push(...envelope.value);
      } catch (err) {
        if (err instanceof HostError && err.body) {
          if (err.status === 413)
            out.push({ token: null, name: chosen.name, bytes: chosen.bytes, problem: 'the file is larger than 50 MB' });
          else return { ok: false, error: err.body };
        } else return this.unreachable(true, true);
      }
    }
    return ok(out);
  }

  /** A photo's display copy by id, from the host (for the app:// protocol): only while signed in here. */
  async photo(pathname: string): Promise<PhotoResponse> {
    if (!this.token || !/^\/photo\/\d+\/(thumb|preview)$/.test(pathname)) return { status: 404 };
    const s = this.o.settings;
    return new Promise((resolve) => {
      const req = https.request(
        {
          host: s.hostAddress,
          port: s.hostPort,
          path: `/v1${pathname}`,
          method: 'GET',
          agent: this.agent,
          headers: { authorization: `Bearer ${this.token!.value}` },
          timeout: 15_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve(
              res.statusCode === 200 ? { status: 200, body: Buffer.concat(chunks), contentType: 'image/jpeg' } : { status: 404 },
            ),
          );
          res.on('error', () => resolve({ status: 404 }));
        },
      );
      req.on('timeout', () => req.destroy());
      req.on('error', () => resolve({ status: 404 }));
      req.end();
    });
  }

  /** The computer is going to sleep or its screen locked: the person's session on the host locks too. */
  async lock(): Promise<void> {
    if (this.token) await this.forward('auth.lock', {});
  }
}

// --- before pairing ----------------------------------------------------------------------------

/** A host's name and certificate fingerprint, read over TLS without trusting it yet. */
export async function inspectHost(address: string, port: number): Promise<HostInspection> {
  let cert: string;
  try {
    cert = await readPeerCertificate(address, port);
  } catch (err) {
    throw new ApiError(
      'HOST_UNREACHABLE',
      `Nothing answered at ${address}:${port} (${err instanceof Error ? err.message : String(err)}). Check the address on the clinic’s computer, and that sharing is on there.`,
    );
  }
  return { address, port, clinicName: commonNameOf(cert), fingerprint: fingerprintOf(cert) };
}

/**
 * Pairs this computer with a host: checks that the host still shows the fingerprint the person
 * compared, makes this workstation's own certificate, proves the code over both certificates
 * and, once the host agrees, keeps the host's certificate pinned.
 */
export async function pairWithHost(
  input: PairInput & { code: string },
  dataDir: string,
  box?: SecretBox,
): Promise<WorkstationSettings> {
  const seen = await inspectHost(input.address, input.port);
  if (seen.fingerprint !== input.fingerprint) {
    throw new ApiError(
      'PAIRING_REFUSED',
      'The computer at that address now shows a different certificate from the one you compared. Nothing was paired. Look up the clinic’s computer again.',
    );
  }
  const hostCert = await readPeerCertificate(input.address, input.port);
  const identity = await makeIdentity(input.name);
  const proof = pairingProof(input.code, input.fingerprint, fingerprintOf(identity.cert));
  const tls = tlsOptions(identity, hostCert);
  const body = Buffer.from(JSON.stringify({ name: input.name, proof }));
  const answer = await new Promise<{ workstationId: string; clinicName: string; name?: string }>((resolve, reject) => {
    const req = https.request(
      {
        ...tls,
        host: input.address,
        port: input.port,
        path: '/v1/pair',
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': body.length },
        timeout: 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          let parsed: Record<string, unknown> = {};
          try {
            parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
          } catch {
            // handled below
          }
          if (res.statusCode === 200) resolve(parsed as { workstationId: string; clinicName: string });
          else {
            const e = parsed.error as ApiErrorBody | undefined;
            reject(new ApiError(e?.code ?? 'PAIRING_REFUSED', e?.message ?? 'The clinic’s computer refused to pair.'));
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('The clinic’s computer did not answer')));
    req.on('error', (err) =>
      reject(new ApiError('HOST_UNREACHABLE', `The clinic’s computer could not be reached: ${err.message}`)),
    );
    req.end(body);
  });
  const settings: WorkstationSettings = {
    id: answer.workstationId,
    name: answer.name ?? input.name,
    clinicName: answer.clinicName || seen.clinicName,
    hostAddress: input.address,
    hostPort: input.port,
    hostCert,
    identity,
  };
  writeWorkstationSettings(dataDir, settings, box);
  return settings;
}
