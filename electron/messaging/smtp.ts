import crypto from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import MailComposer from 'nodemailer/lib/mail-composer';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { CertificateInfo, SmtpProblem } from '../../shared/messages';
import type { StoredMailSettings } from '../db/messagesRepo';

/**
 * The clinic's own mail server, spoken to with nodemailer's SMTP connection so that each step
 * (connect, sign in, one message) fails on its own: a server that cannot be reached leaves every
 * message waiting untouched, while a refused address fails only that message.
 */

const CONNECT_TIMEOUT_MS = 15_000;
const SOCKET_TIMEOUT_MS = 45_000;

export interface OutgoingMail {
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  dateMs: number;
}

/** What a connection to the server needs from the settings; the password stays in this process. */
export type SmtpAccount = Pick<
  StoredMailSettings,
  | 'host'
  | 'port'
  | 'security'
  | 'user'
  | 'password'
  | 'fromName'
  | 'fromAddress'
  | 'replyTo'
  | 'trustedCertPem'
  | 'trustedFingerprint'
>;

function tlsOptions(a: SmtpAccount): tls.ConnectionOptions {
  const base: tls.ConnectionOptions = { rejectUnauthorized: true, minVersion: 'TLSv1.2' };
  if (a.trustedCertPem === null || a.trustedFingerprint === null) return base;
  const pinned = a.trustedFingerprint;
  return {
    ...base,
    // The owner chose to trust this exact certificate: it is the only authority, and the name on it
    // matters less than being byte for byte the one that was shown and accepted.
    ca: [a.trustedCertPem],
    checkServerIdentity: (_host, cert) =>
      cert.fingerprint256 === pinned
        ? undefined
        : new Error('The server presented a different certificate from the one the clinic chose to trust'),
  };
}

export function connectionOptions(a: SmtpAccount, timeouts = { connect: CONNECT_TIMEOUT_MS, socket: SOCKET_TIMEOUT_MS }) {
  return {
    host: a.host,
    port: a.port,
    secure: a.security === 'tls',
    requireTLS: a.security === 'starttls',
    ignoreTLS: a.security === 'none',
    connectionTimeout: timeouts.connect,
    greetingTimeout: timeouts.connect,
    socketTimeout: timeouts.socket,
    tls: tlsOptions(a),
    // Never write the conversation (which carries the sign-in) to any log.
    logger: false,
    debug: false,
  } satisfies SMTPConnection.Options;
}

/** One conversation with the server: connect, sign in, then any number of messages. */
export class SmtpSession {
  private conn: SMTPConnection;
  private closed = false;
  private lastError: Error | null = null;

  constructor(
    private readonly account: SmtpAccount,
    timeouts?: { connect: number; socket: number },
  ) {
    this.conn = new SMTPConnection(connectionOptions(account, timeouts));
    this.conn.on('error', (err: Error) => {
      this.lastError = err;
    });
    this.conn.on('end', () => {
      this.closed = true;
    });
  }

  get isOpen(): boolean {
    return !this.closed && !this.conn.destroyed;
  }

  /**
   * Runs one step, settling once: with the step's own answer, or with the connection's error or
   * its end when the server goes away in the middle (nodemailer may then never call back).
   */
  private step<T>(run: (done: (err: Error | null | undefined, value?: T) => void) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const finish = (err: Error | null | undefined, value?: T) => {
        if (settled) return;
        settled = true;
        this.conn.off('error', onError);
        this.conn.off('end', onEnd);
        if (err) reject(err);
        else resolve(value as T);
      };
      const onError = (err: Error) => finish(err);
      const onEnd = () => finish(this.lastError ?? new Error('Connection closed unexpectedly'));
      this.conn.on('error', onError);
      this.conn.on('end', onEnd);
      run(finish);
    });
  }

  async open(): Promise<void> {
    await this.step<void>((done) => this.conn.connect(() => done(null)));
    if (this.account.user !== '') {
      await this.step<void>((done) =>
        this.conn.login({ user: this.account.user, pass: this.account.password }, (err) => done(err)),
      );
    }
  }

  /** Sends one message; resolves with the server's answer once it has taken the message. */
  async send(mail: OutgoingMail): Promise<string> {
    const raw = await composeMail(this.account, mail);
    return this.step<string>((done) =>
      this.conn.send({ from: this.account.fromAddress, to: [mail.to] }, raw, (err, info) => {
        if (err) done(err);
        else if (!info || info.accepted.length === 0) done(new Error('The server accepted no recipient'));
        else done(null, info.response);
      }),
    );
  }

  /** Clears a refused transaction so the next message can go on the same connection. */
  async reset(): Promise<boolean> {
    if (!this.isOpen) return false;
    return new Promise<boolean>((resolve) => this.conn.reset((err) => resolve(!err)));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.conn.quit();
    } catch {
      this.conn.close();
    }
  }
}

/** The message exactly as it goes over the wire, with the Message-ID recorded before sending. */
export function composeMail(
  account: Pick<SmtpAccount, 'fromName' | 'fromAddress' | 'replyTo'>,
  m: OutgoingMail,
): Promise<Buffer> {
  const composer = new MailComposer({
    from: account.fromName ? { name: account.fromName, address: account.fromAddress } : account.fromAddress,
    to: m.to,
    ...(account.replyTo ? { replyTo: account.replyTo } : {}),
    subject: m.subject,
    messageId: m.messageId,
    date: new Date(m.dateMs),
    text: m.text,
    ...(m.html ? { html: m.html } : {}),
    xMailer: false,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return composer.compile().build();
}

/** A Message-ID under the sender's own domain: unique, and fixed for the life of the message. */
export function newMessageId(fromAddress: string): string {
  const domain = fromAddress.split('@')[1] || 'clinic-records.invalid';
  return `<${crypto.randomUUID()}@${domain}>`;
}

// --- what went wrong, in the clinic's words -----------------------------------------------------

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  reason?: string;
}

/**
 * Where a failure belongs: to the connection (every message waits: the server cannot be reached,
 * or refuses the account) or to one message (its address is refused, for now or for good).
 */
export interface Classified {
  scope: 'connection' | 'message';
  /** A message problem the server will not change its mind about (5xx). */
  permanent: boolean;
  /** The account or server set-up is wrong: waiting will not help until the settings change. */
  refused: boolean;
  problem: SmtpProblem;
}

const CERT_WORDS = /certificate|self[- ]signed|CERT_|altnames|unable to verify|different certificate/i;
const UNREACHABLE = /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|ECONNRESET|EPIPE|Timeout|timed out/i;

export function classifySmtpError(e: unknown, a: Pick<SmtpAccount, 'host' | 'port'>): Classified {
  const err = (e instanceof Error ? e : new Error(String(e))) as SmtpError;
  const server = `${a.host}:${a.port}`;
  const said = err.response ? ` The server said: “${err.response.slice(0, 200)}”.` : '';
  const code = err.responseCode ?? 0;
  if (err.code === 'EAUTH') {
    return {
      scope: 'connection',
      permanent: false,
      refused: true,
      problem: { kind: 'auth', field: 'password', message: `The mail server refused the user name or password.${said}` },
    };
  }
  if (CERT_WORDS.test(err.message)) {
    return {
      scope: 'connection',
      permanent: false,
      refused: true,
      problem: {
        kind: 'certificate',
        field: 'trustedFingerprint',
        message: `The mail server’s certificate is not trusted (${err.message}). If this is the clinic’s own server with its own certificate, check its fingerprint and choose to trust it.`,
      },
    };
  }
  if (err.code === 'ETLS' || /wrong version number|unknown protocol|handshake/i.test(`${err.message} ${err.reason ?? ''}`)) {
    return {
      scope: 'connection',
      permanent: false,
      refused: true,
      problem: {
        kind: 'tls',
        field: 'security',
        message: `The server at ${server} does not use the security chosen (${err.reason ?? err.message}). Port 465 usually needs SSL/TLS, port 587 STARTTLS.`,
      },
    };
  }
  if (err.code === 'EENVELOPE' && err.command === 'MAIL FROM') {
    return {
      scope: 'connection',
      permanent: false,
      refused: true,
      problem: { kind: 'sender', field: 'fromAddress', message: `The mail server refused the sender address.${said}` },
    };
  }
  if (err.code === 'EENVELOPE' || err.code === 'EMESSAGE' || (code >= 400 && code < 600 && err.command !== 'CONN')) {
    const permanent = code >= 500;
    const what = err.command?.startsWith('RCPT') ? 'the patient’s address' : 'the message';
    return {
      scope: 'message',
      permanent,
      refused: false,
      problem: {
        kind: 'recipient',
        field: 'to',
        message: permanent
          ? `The mail server refused ${what} for good.${said}`
          : `The mail server could not take ${what} for now and will be asked again later.${said}`,
      },
    };
  }
  if (/closed|Connection closed|unexpected/i.test(err.message) && !UNREACHABLE.test(err.message)) {
    return {
      scope: 'connection',
      permanent: false,
      refused: false,
      problem: { kind: 'dropped', field: 'host', message: `The mail server at ${server} closed the connection unexpectedly.` },
    };
  }
  if (
    err.code === 'ESOCKET' ||
    err.code === 'ECONNECTION' ||
    err.code === 'ETIMEDOUT' ||
    err.code === 'EDNS' ||
    UNREACHABLE.test(err.message)
  ) {
    return {
      scope: 'connection',
      permanent: false,
      refused: false,
      problem: {
        kind: 'unreachable',
        field: 'host',
        message: `The mail server at ${server} cannot be reached (${err.message.replace(/\s+/g, ' ').slice(0, 120)}).`,
      },
    };
  }
  return {
    scope: 'connection',
    permanent: false,
    refused: false,
    problem: { kind: 'other', field: 'host', message: `Sending failed: ${err.message.slice(0, 200)}` },
  };
}

// --- looking at a server's certificate ---------------------------------------------------------

export interface ServerCertificate extends CertificateInfo {
  pem: string;
}

function toPem(raw: Buffer): string {
  const b64 = raw.toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN CERTIFICATE-----\n${b64.trimEnd()}\n-----END CERTIFICATE-----\n`;
}

function describeName(n: tls.Certificate | undefined): string {
  if (!n) return '';
  return Object.entries(n)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`)
    .join(', ');
}

export function certificateInfo(c: tls.PeerCertificate): ServerCertificate {
  return {
    fingerprint: c.fingerprint256,
    subject: describeName(c.subject),
    issuer: describeName(c.issuer),
    validTo: new Date(c.valid_to).toISOString().slice(0, 10),
    pem: toPem(c.raw),
  };
}

/** Reads lines from the server until a final reply ("250 " rather than "250-"). */
function readReply(socket: net.Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const onData = (chunk: Buffer) => {
      buf += chunk.toString('latin1');
      const lines = buf.split('\r\n').filter(Boolean);
      const last = lines.at(-1);
      if (buf.endsWith('\r\n') && last && /^\d{3} /.test(last)) {
        socket.off('data', onData);
        socket.off('error', reject);
        resolve(buf);
      }
    };
    socket.on('data', onData);
    socket.once('error', reject);
  });
}

/**
 * The certificate the server presents, without trusting it: so the owner can compare its
 * fingerprint with the one their mail provider or IT person gives before choosing to trust it.
 */
export async function fetchServerCertificate(a: Pick<SmtpAccount, 'host' | 'port' | 'security'>): Promise<ServerCertificate> {
  if (a.security === 'none') throw new Error('This connection does not use TLS, so there is no certificate to trust');
  const servername = net.isIP(a.host) ? undefined : a.host;
  const secure = (socket?: net.Socket) =>
    new Promise<ServerCertificate>((resolve, reject) => {
      const t = tls.connect({
        ...(socket ? { socket } : { host: a.host, port: a.port }),
        ...(servername ? { servername } : {}),
        rejectUnauthorized: false,
        // An idle timeout given as an option (the socket's own, when tls makes it).
        timeout: CONNECT_TIMEOUT_MS,
      });
      t.once('timeout', () => t.destroy(new Error('Timeout')));
      t.once('secureConnect', () => {
        const cert = t.getPeerCertificate(true);
        t.end();
        if (!cert.raw) reject(new Error('The server presented no certificate'));
        else resolve(certificateInfo(cert));
      });
      t.once('error', reject);
    });
  if (a.security === 'tls') return secure();
  const socket = net.connect({ host: a.host, port: a.port, timeout: CONNECT_TIMEOUT_MS });
  socket.once('timeout', () => socket.destroy(new Error('Timeout')));
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    await readReply(socket);
    socket.write('EHLO clinic-records\r\n');
    await readReply(socket);
    socket.write('STARTTLS\r\n');
    const reply = await readReply(socket);
    if (!reply.startsWith('220')) throw new Error(`The server does not offer STARTTLS: ${reply.trim().slice(0, 120)}`);
    return await secure(socket);
  } catch (err) {
    socket.destroy();
    throw err;
  }
}
