import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server';

const FIXTURES = path.resolve(__dirname, '../fixtures/smtp');
/** A certificate for localhost / 127.0.0.1 signed by nobody but itself (valid until 2126). */
export const SELF_SIGNED = {
  key: fs.readFileSync(path.join(FIXTURES, 'localhost-key.pem')),
  cert: fs.readFileSync(path.join(FIXTURES, 'localhost-cert.pem')),
};
/** Another self-signed certificate for the same names: a server that changed its certificate. */
export const OTHER_SELF_SIGNED = {
  key: fs.readFileSync(path.join(FIXTURES, 'other-key.pem')),
  cert: fs.readFileSync(path.join(FIXTURES, 'other-cert.pem')),
};

export interface Received {
  envelopeTo: string[];
  mail: ParsedMail;
  raw: string;
}

export interface TestSmtpOptions {
  /** 'none': plain SMTP; 'starttls' and 'tls' use the self-signed certificate (or `certificate`). */
  security?: 'none' | 'starttls' | 'tls';
  certificate?: { key: Buffer; cert: Buffer };
  /** Require this user name and password. */
  login?: { user: string; password: string };
  /** Refuse some recipients: 550 for good, 451 for now. */
  refuse?: (address: string) => { code: number; message: string } | null;
  /** Called with each message before the server answers; return false to drop the connection instead. */
  beforeAccept?: (raw: string, session: SMTPServerSession) => Promise<boolean> | boolean;
  port?: number;
}

/**
 * A real SMTP server on 127.0.0.1 (the smtp-server package) for one test: what it accepts is
 * parsed with mailparser. Nothing leaves the machine.
 */
export async function startSmtpServer(o: TestSmtpOptions = {}) {
  const received: Received[] = [];
  const security = o.security ?? 'none';
  const cert = o.certificate ?? SELF_SIGNED;
  const waiters: { count: number; resolve: () => void }[] = [];
  const options: SMTPServerOptions = {
    logger: false,
    disableReverseLookup: true,
    secure: security === 'tls',
    ...(security === 'none'
      ? { disabledCommands: o.login ? ['STARTTLS'] : ['STARTTLS', 'AUTH'] }
      : { key: cert.key, cert: cert.cert }),
    authOptional: !o.login,
    allowInsecureAuth: security === 'none',
    onAuth(auth, _session, cb) {
      if (o.login && auth.username === o.login.user && auth.password === o.login.password) cb(null, { user: auth.username });
      else cb(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, cb) {
      const refusal = o.refuse?.(address.address);
      if (refusal) {
        const err = new Error(refusal.message) as Error & { responseCode: number };
        err.responseCode = refusal.code;
        cb(err);
      } else cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        void (async () => {
          const accept = o.beforeAccept ? await o.beforeAccept(raw, session) : true;
          if (!accept) {
            // Hang up without answering: the client cannot know whether the message was taken.
            socketOf(session.id)?.destroy();
            return;
          }
          received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), mail: await simpleParser(raw), raw });
          cb(null, `OK: queued as ${received.length}`);
          for (const w of waiters.filter((x) => received.length >= x.count)) w.resolve();
        })();
      });
    },
  };
  const server = new SMTPServer(options);
  server.on('error', () => undefined);
  // smtp-server keeps its connections in a set; each has its socket and session.
  const connections = () =>
    (server as unknown as { connections: Set<{ session?: { id: string }; _socket?: { destroy(): void } }> }).connections;
  const socketOf = (sessionId: string) => [...connections()].find((c) => c.session?.id === sessionId)?._socket;
  await new Promise<void>((resolve) => server.listen(o.port ?? 0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    /** Resolves once `count` messages in all have been accepted. */
    waitFor(count: number, timeoutMs = 10_000): Promise<void> {
      if (received.length >= count) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`Only ${received.length} of ${count} messages arrived`)), timeoutMs);
        waiters.push({ count, resolve: () => (clearTimeout(t), resolve()) });
      });
    },
    /** Stops at once: connections still open (a client left waiting) are cut rather than waited for. */
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const c of connections()) c._socket?.destroy();
      }),
  };
}

export type TestSmtp = Awaited<ReturnType<typeof startSmtpServer>>;

/** A port nothing listens on: a server started and stopped again. */
export async function closedPort(): Promise<number> {
  const s = await startSmtpServer();
  await s.close();
  return s.port;
}
