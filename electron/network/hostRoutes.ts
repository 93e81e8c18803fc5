import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { isMethodName } from '../../shared/contract';
import { ApiError, type ApiErrorBody, type Envelope } from '../../shared/envelope';
import { changesNothing, HEARTBEAT_MS, shortFingerprint } from '../../shared/network';
import type { StagedFile } from '../../shared/photos';
import { getPhoto } from '../db/photosRepo';
import { isPublic, workstationSessionPrefix, type Sender } from '../dispatch';
import { MAX_PHOTO_BYTES } from '../photos/pipeline';
import { runForWorkstation, type Delivery } from './callScope';
import type { HostSharing, Stream } from './host';
import type { Registration } from './store';
import type { TokenRecord } from './tokens';

/** What a workstation's call gets back: the envelope, and what its main process acts on itself. */
export interface CallAnswer {
  envelope: Envelope<unknown>;
  /** undefined: keep the token you have; null: forget it; otherwise: use this one from now on. */
  token?: { value: string; expiresAtMs: number } | null;
  deliveries?: Delivery[];
}

const MAX_CALL_BYTES = 32 * 1024 * 1024;
const MAX_PAIR_BYTES = 4096;
const SIGN_IN_METHODS = new Set(['auth.signIn', 'auth.unlock', 'auth.setPassword']);

class DoorError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message);
  }
}

const refuse = (status: number, code: ApiErrorBody['code'], message: string) => new DoorError(status, { code, message });

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(refuse(413, 'INVALID_INPUT', 'The request is too large.'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function readJson(req: http.IncomingMessage, limit: number): Promise<Record<string, unknown>> {
  const raw = await readBody(req, limit);
  try {
    const v = JSON.parse(raw.toString('utf8')) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw refuse(400, 'INVALID_INPUT', 'The request is not valid.');
}

function addressOf(req: http.IncomingMessage): string {
  return (req.socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
}

function bearer(req: http.IncomingMessage): string | null {
  const h = req.headers.authorization;
  return typeof h === 'string' && h.startsWith('Bearer ') ? h.slice(7) : null;
}

/**
 * Every request to the host over the network: TLS 1.3 with a client certificate; only /v1/pair
 * takes an unpaired certificate. Anything else is turned away at the door, audited, before the
 * dispatcher sees it; what passes goes through the same dispatcher as the host's own window.
 */
export async function handleRequest(host: HostSharing, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const socket = req.socket as TLSSocket;
  const cert = socket.getPeerCertificate();
  const fingerprint = cert?.fingerprint256;
  const address = addressOf(req);
  const url = new URL(req.url ?? '/', 'https://host');
  try {
    if (!fingerprint) {
      host.auditRefusal(`no-certificate:${address}`, address, { reason: 'no client certificate', path: url.pathname });
      throw refuse(403, 'FORBIDDEN_SENDER', 'This computer is not paired with the clinic.');
    }
    if (url.pathname === '/v1/pair' && req.method === 'POST') {
      sendJson(res, 200, await pair(host, req, fingerprint, address));
      return;
    }
    const ws = host.byFingerprint(fingerprint);
    if (!ws) {
      const revoked = host.registrations.some((r) => r.fingerprint === fingerprint);
      host.auditRefusal(`${revoked ? 'revoked' : 'unpaired'}:${fingerprint}`, address, {
        reason: revoked ? 'a revoked workstation' : 'an unpaired certificate',
        fingerprint: shortFingerprint(fingerprint),
        path: url.pathname,
      });
      throw refuse(
        403,
        'FORBIDDEN_SENDER',
        revoked ? 'The clinic’s computer revoked this workstation.' : 'This computer is not paired with the clinic.',
      );
    }
    host.seen(ws.id, address);
    if (url.pathname === '/v1/call' && req.method === 'POST') {
      sendJson(res, 200, await call(host, req, ws));
    } else if (url.pathname === '/v1/events' && req.method === 'GET') {
      openStream(host, req, res, ws);
    } else if (url.pathname === '/v1/renew' && req.method === 'POST') {
      sendJson(res, 200, renew(host, req, ws));
    } else if (url.pathname.startsWith('/v1/photo/') && req.method === 'GET') {
      photo(host, req, res, ws, url.pathname.slice('/v1'.length));
    } else if (url.pathname === '/v1/stage' && req.method === 'POST') {
      sendJson(res, 200, await stage(host, req, ws));
    } else {
      throw refuse(404, 'UNKNOWN_METHOD', 'Not found.');
    }
  } catch (err) {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (err instanceof DoorError) sendJson(res, err.status, { error: err.body });
    else {
      host.o.log?.('A network request failed', err);
      sendJson(res, 500, { error: { code: 'INTERNAL', message: 'Something went wrong on the clinic’s computer.' } });
    }
  }
}

// --- pairing ---------------------------------------------------------------------------------

async function pair(host: HostSharing, req: http.IncomingMessage, fingerprint: string, address: string) {
  if (!host.signInAllowed(`pair:${address}`)) {
    throw refuse(429, 'TOO_MANY_ATTEMPTS', 'Too many pairing attempts from this computer. Wait a minute.');
  }
  const body = await readJson(req, MAX_PAIR_BYTES);
  const name = typeof body.name === 'string' ? body.name.trim().slice(0, 60) : '';
  const proof = typeof body.proof === 'string' ? body.proof : '';
  if (!name || !/^[0-9a-f]{64}$/.test(proof)) throw refuse(400, 'INVALID_INPUT', 'The pairing request is not valid.');
  const already = host.registrations.find((r) => r.fingerprint === fingerprint);
  if (already?.revokedAtMs != null) {
    host.auditRefusal(`pair-revoked:${fingerprint}`, address, { reason: 'pairing from a revoked workstation', name });
    throw refuse(403, 'PAIRING_REFUSED', 'This workstation was revoked. Forget the clinic on it and pair it again.');
  }
  const refusedPairing = (reason: string, message: string): never => {
    host.access.recordEvent({ id: '', name, role: 'workstation', device: `${name} (${address})` }, 'refused', 'workstation', '', {
      reason,
      name,
      fingerprint: shortFingerprint(fingerprint),
    });
    throw refuse(403, 'PAIRING_REFUSED', message);
  };
  const hostFingerprint = host.fingerprint!;
  const outcome = host.pairing.check(proof, hostFingerprint, fingerprint);
  if (outcome === 'no_code') {
    return refusedPairing(
      'no pairing code on offer',
      'There is no pairing code on the clinic’s computer now. Make one there first.',
    );
  }
  if (outcome === 'expired') {
    return refusedPairing('pairing code expired', 'That pairing code has expired (they last five minutes). Make a new one.');
  }
  if (outcome === 'used_up') {
    return refusedPairing(
      'pairing code used up by wrong tries',
      'That code is not right, and too many wrong codes were tried: make a new code on the clinic’s computer.',
    );
  }
  if (outcome === 'wrong') {
    return refusedPairing(
      'wrong pairing code',
      'That code is not the one shown on the clinic’s computer. Check it and try again.',
    );
  }
  if (already) return { workstationId: already.id, clinicName: host.clinicName() };
  const clash = host.registrations.find((r) => r.revokedAtMs === null && r.name.toLowerCase() === name.toLowerCase());
  const finalName = clash ? `${name} (${shortFingerprint(fingerprint).slice(0, 4)})` : name;
  const r = host.register(finalName, fingerprint);
  host.access.recordEvent({ id: '', name: finalName, role: 'workstation', device: finalName }, 'pair', 'workstation', r.id, {
    name: finalName,
    address,
    fingerprint: shortFingerprint(fingerprint),
  });
  return { workstationId: r.id, clinicName: host.clinicName(), name: finalName };
}

// --- calls -----------------------------------------------------------------------------------

/** The session a request acts on: its valid token's, or none (a screen no one has signed in on). */
function sessionOf(
  host: HostSharing,
  req: http.IncomingMessage,
  ws: Registration,
): { token: string | null; record: TokenRecord | null; stale: 'unknown' | 'expired' | 'other_workstation' | null } {
  const token = bearer(req);
  if (!token) return { token: null, record: null, stale: null };
  const check = host.tokens.check(token, ws.id);
  if (check.ok) return { token, record: check.record, stale: null };
  host.auditRefusal(`token-${check.reason}:${ws.id}`, ws.name, {
    reason:
      check.reason === 'expired'
        ? 'an expired session token'
        : check.reason === 'other_workstation'
          ? "another workstation's token"
          : 'an unknown or replayed session token',
  });
  return { token, record: null, stale: check.reason };
}

async function call(host: HostSharing, req: http.IncomingMessage, ws: Registration): Promise<CallAnswer> {
  const body = await readJson(req, MAX_CALL_BYTES);
  const method = body.method;
  const input = body.input;
  const key = typeof body.key === 'string' && /^[0-9a-f-]{36}$/.test(body.key) ? body.key : null;
  const s = sessionOf(host, req, ws);
  const publicMethod = isMethodName(method) && isPublic(method);
  if (s.stale && !publicMethod) {
    return {
      envelope: fail(
        'NOT_SIGNED_IN',
        'Your sign-in on this computer has ended (it expired, or the clinic’s computer restarted). Sign in again.',
      ),
      token: null,
    };
  }
  if (typeof method === 'string' && SIGN_IN_METHODS.has(method) && !host.signInAllowed(ws.id)) {
    host.auditRefusal(`sign-in-flood:${ws.id}`, ws.name, { reason: 'too many sign-in attempts from one workstation' });
    return { envelope: fail('TOO_MANY_ATTEMPTS', 'Too many sign-in attempts from this computer. Wait a minute and try again.') };
  }
  const session = s.record?.session ?? `${workstationSessionPrefix(ws.id)}${randomUUID()}`;
  const sender: Sender = { url: `clinic-workstation://${ws.id}/`, isMainFrame: true, session, workstation: ws.id, door: 'page' };
  const run = () => runForWorkstation(ws.name, () => host.o.dispatch(sender, method, input));
  const remember = key !== null && typeof method === 'string' && !publicMethod && !isRead(method);
  const { result: envelope, deliveries } = remember ? await host.once(ws.id, key, method, run) : await run();
  if (envelope.ok) afterCall(host, session, method as string, input, envelope.value);

  const answer: CallAnswer = { envelope };
  if (deliveries.length > 0) answer.deliveries = deliveries;
  const record = host.access.sessions.get(session);
  if (s.stale) answer.token = null;
  if (!record) {
    if (s.record) {
      host.tokens.forgetSession(session);
      answer.token = null;
    }
  } else if (!s.record) {
    // Someone just signed in on this workstation's screen: one person per workstation, so any
    // earlier session of it ends, and this one gets a token bound to this workstation.
    for (const [other] of host.access.sessions.all()) {
      if (other !== session && other.startsWith(workstationSessionPrefix(ws.id))) {
        host.tokens.forgetSession(other);
        host.access.signOut(other);
      }
    }
    const t = host.tokens.issue(ws.id, session);
    answer.token = { value: t.token, expiresAtMs: t.expiresAtMs };
  } else if (host.tokens.dueForRenewal(s.record)) {
    const t = host.tokens.renew(s.token!, s.record);
    answer.token = { value: t.token, expiresAtMs: t.expiresAtMs };
  }
  return answer;
}

const isRead = (method: string) => changesNothing(method) || method.startsWith('auth.');

/** What the host remembers from a workstation's successful call: photos it may load, uploads to remove. */
function afterCall(host: HostSharing, session: string, method: string, input: unknown, value: unknown): void {
  if (method === 'photos.recent' && Array.isArray(value)) {
    const grants = host.photoGrants.get(session) ?? new Set<number>();
    for (const p of value as { id?: unknown }[]) if (typeof p.id === 'number') grants.add(p.id);
    host.photoGrants.set(session, grants);
  }
  if (method === 'photos.import' && input && typeof input === 'object' && 'token' in input) {
    const file = host.uploads.get(String(input.token));
    if (file) {
      host.uploads.delete(String(input.token));
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  }
}

function fail(code: ApiErrorBody['code'], message: string): Envelope<never> {
  return { ok: false, error: new ApiError(code, message).toBody() };
}

function renew(host: HostSharing, req: http.IncomingMessage, ws: Registration) {
  const s = sessionOf(host, req, ws);
  if (!s.record || !host.access.sessions.get(s.record.session)) {
    throw refuse(401, 'NOT_SIGNED_IN', 'Your sign-in on this computer has ended. Sign in again.');
  }
  const t = host.tokens.renew(s.token!, s.record);
  return { token: { value: t.token, expiresAtMs: t.expiresAtMs } };
}

// --- live changes ------------------------------------------------------------------------------

function openStream(host: HostSharing, req: http.IncomingMessage, res: http.ServerResponse, ws: Registration): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
  let open = true;
  const stream: Stream = {
    workstationId: ws.id,
    send: (event, data) => {
      if (open) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    close: () => {
      if (!open) return;
      open = false;
      clearInterval(beat);
      unsubscribe();
      host.streams.delete(stream);
      res.end();
    },
  };
  host.streams.add(stream);
  stream.send('hello', { bootId: host.bootId, clinicName: host.clinicName(), heartbeatMs: HEARTBEAT_MS, name: ws.name });
  // A comment line each second: the workstation says "cannot reach" when these stop.
  const beat = setInterval(() => {
    if (open) res.write(': beat\n\n');
    host.seen(ws.id, addressOf(req));
  }, HEARTBEAT_MS);
  const unsubscribe = host.o.feed.subscribe((change) => stream.send('change', change));
  req.on('close', () => stream.close());
}

// --- photos and uploads --------------------------------------------------------------------------

function photo(host: HostSharing, req: http.IncomingMessage, res: http.ServerResponse, ws: Registration, pathname: string): void {
  const s = sessionOf(host, req, ws);
  const notFound = () => {
    res.writeHead(404, { 'content-type': 'text/plain', 'cache-control': 'no-store' }).end('Not found');
  };
  if (!s.record) return notFound();
  const session = s.record.session;
  const m = /^\/photo\/(\d+)\/(thumb|preview)$/.exec(pathname);
  const db = host.access.folder.db;
  const stored = m && db ? getPhoto(db, Number(m[1])) : undefined;
  const record = host.access.sessions.get(session);
  // A photo is served to a screen that has opened that patient's photos (recorded in the audit
  // trail) or was shown it among the latest imports: guessing numbers gets nothing.
  const shown =
    stored !== undefined &&
    record !== undefined &&
    (record.viewed.has(`photos:${stored.patientId}`) || host.photoGrants.get(session)?.has(stored.id) === true);
  if (!shown) {
    host.auditRefusal(`photo:${session}`, ws.name, {
      reason: 'a photo this screen has not opened',
      photoId: m ? Number(m[1]) : null,
      person: record?.name ?? null,
    });
    return notFound();
  }
  const answer = host.o.photo(pathname, session);
  if (answer.status !== 200) return notFound();
  res.writeHead(200, { 'content-type': answer.contentType, 'cache-control': 'no-store', 'content-length': answer.body.length });
  res.end(answer.body);
}

/** Uploads never imported are removed after the hour their staging token lives. */
function sweepUploads(host: HostSharing): void {
  const cutoff = Date.now() - 60 * 60_000;
  for (const [token, file] of host.uploads) {
    const dir = path.dirname(file);
    const st = fs.statSync(dir, { throwIfNoEntry: false });
    if (!st || st.mtimeMs < cutoff) {
      host.uploads.delete(token);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}

/**
 * A file a person chose on a workstation for import: saved in the host's upload folder and staged
 * through the dispatcher's file door, as a dropped file's path is on the host itself. The same
 * 50 MB limit applies while it arrives.
 */
async function stage(host: HostSharing, req: http.IncomingMessage, ws: Registration): Promise<Envelope<StagedFile[]>> {
  const s = sessionOf(host, req, ws);
  if (!s.record) return fail('NOT_SIGNED_IN', 'Sign in to continue.');
  const name = path.basename(decodeURIComponent(String(req.headers['x-file-name'] ?? ''))).slice(0, 255);
  if (!name || name === '.' || name === '..') throw refuse(400, 'INVALID_INPUT', 'The file has no name.');
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > MAX_PHOTO_BYTES) {
    host.auditRefusal(`upload-too-large:${ws.id}`, ws.name, { reason: 'an upload over 50 MB', name, bytes: declared });
    throw refuse(413, 'INVALID_INPUT', `“${name}”: the file is larger than 50 MB.`);
  }
  sweepUploads(host);
  const dir = path.join(host.uploadDir, randomUUID());
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, name);
  try {
    const bytes = await readBody(req, MAX_PHOTO_BYTES);
    fs.writeFileSync(file, bytes, { mode: 0o600 });
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    if (err instanceof DoorError && err.status === 413) {
      host.auditRefusal(`upload-too-large:${ws.id}`, ws.name, { reason: 'an upload over 50 MB', name });
      throw refuse(413, 'INVALID_INPUT', `“${name}”: the file is larger than 50 MB.`);
    }
    throw err;
  }
  const sender: Sender = {
    url: `clinic-workstation://${ws.id}/`,
    isMainFrame: true,
    session: s.record.session,
    workstation: ws.id,
    door: 'files',
  };
  const envelope = (await host.o.dispatch(sender, 'photos.stage', { paths: [file] })) as Envelope<StagedFile[]>;
  const staged = envelope.ok ? envelope.value.find((f) => f.token !== null) : undefined;
  if (staged?.token) host.uploads.set(staged.token, file);
  else fs.rmSync(dir, { recursive: true, force: true });
  return envelope;
}
