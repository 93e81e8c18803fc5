import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chart, fullTreatment, TEST_OWNER, testClinic } from '../support/core';
import { clinicDetails, enableKinds, mailSettings } from '../support/messaging';
import { startSmtpServer, type TestSmtp } from '../support/smtp';

const NOW = '2026-12-08T09:30:00Z';
const CHILD = path.resolve(__dirname, '../support/messagingChild.ts');

const children: ChildProcess[] = [];
const servers: TestSmtp[] = [];
afterEach(async () => {
  for (const p of children.splice(0)) p.kill('SIGKILL');
  for (const s of servers.splice(0)) await s.close();
});

/** The clinic's main process in a process of its own, sending the outbox on its timer. */
function startApp(dir: string): ChildProcess {
  // Node itself with tsx as its loader: the tsx command would run the app in a grandchild that a kill misses.
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, NOW, TEST_OWNER.password], {
    cwd: path.resolve(__dirname, '../..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', (d: Buffer) => process.stderr.write(`[app] ${d.toString()}`));
  children.push(child);
  return child;
}

/** Resolves when the app says it has nothing left to send. */
function outboxEmpty(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('outbox empty')) resolve();
    });
    child.once('exit', () => reject(new Error(`The app stopped before sending everything: ${out}`)));
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

const NAMES = ['Ann', 'Bea', 'Cy', 'Dee', 'Eli'];

/** A clinic with five patients whose recall e-mails are due, left closed for the app process to open. */
async function clinicWithDueRecalls(port: number) {
  const c = await testClinic(NOW);
  await clinicDetails(c);
  const injectorId = await c.injector();
  const lotId = await c.lot();
  for (const firstName of NAMES) {
    const id = await c.patient({ firstName, email: `${firstName.toLowerCase()}@example.com`, contactPreference: 'email' });
    await c.consent(id);
    await chart(c, fullTreatment(id, injectorId, lotId, '2026-09-01'));
  }
  await c.call('mailSettings.update', mailSettings(port));
  await enableKinds(c, ['recall']);
  c.core.close();
  return c.dir;
}

/** Opens the clinic in this process to look at the outbox (after the app process is gone). */
async function outboxOf(dir: string) {
  const { createClinicCore } = await import('../../electron/core');
  const { TEST_KDF } = await import('../../electron/auth/crypto');
  const core = createClinicCore({
    dataDir: path.join(dir, 'clinic'),
    demoDir: path.join(dir, 'demo'),
    trustedOrigin: 'app://clinic',
    kdf: TEST_KDF,
    messageIntervalMs: 0,
    systemTimeZone: 'Europe/London',
  });
  const page = { url: 'app://clinic/index.html', isMainFrame: true };
  const signIn = await core.dispatch(page, 'auth.signIn', { name: TEST_OWNER.name, password: TEST_OWNER.password });
  expect(signIn.ok).toBe(true);
  // Read straight from the table: opening through the API would start a sender of its own.
  const rows = core.db
    .prepare('SELECT recipient, status, message_id AS messageId, attempts, sent_by AS sentBy FROM outbox ORDER BY id')
    .all() as { recipient: string; status: string; messageId: string; attempts: number; sentBy: string }[];
  core.close();
  return rows;
}

describe('a kill during sending', () => {
  it('before the server took the message: nothing is lost and nothing arrives twice', { timeout: 60_000 }, async () => {
    let kill: (() => void) | null = null;
    let accepted = 0;
    const server = await startSmtpServer({
      // The third message: the app is killed while the server still holds it, before any answer.
      beforeAccept: () => {
        accepted += 1;
        if (accepted !== 3 || !kill) return true;
        kill();
        return false;
      },
    });
    servers.push(server);
    const dir = await clinicWithDueRecalls(server.port);

    const first = startApp(dir);
    await new Promise<void>((resolve) => {
      kill = () => {
        first.kill('SIGKILL');
        resolve();
      };
    });
    await killed(first);
    kill = null;
    expect(server.received).toHaveLength(2);
    const afterKill = await outboxOf(dir);
    expect(afterKill.map((m) => m.status)).toEqual(['sent', 'sent', 'sending', 'queued', 'queued']);
    // The Message-ID of the interrupted message was recorded before the server heard of it.
    const interrupted = afterKill[2]!;

    const second = startApp(dir);
    await outboxEmpty(second);
    second.kill('SIGKILL');
    await killed(second);

    const final = await outboxOf(dir);
    expect(final.map((m) => m.status)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
    // Each patient's message arrived exactly once, under the Message-ID recorded for it.
    const arrived = server.received.map((r) => [r.envelopeTo[0], r.mail.messageId]).sort();
    expect(arrived).toEqual(final.map((m) => [m.recipient, m.messageId]).sort());
    expect(new Set(arrived.map(([to]) => to)).size).toBe(5);
    expect(arrived).toContainEqual([interrupted.recipient, interrupted.messageId]);
    expect(final[2]!.attempts).toBe(2);
    // Sent by the timer, with nobody pressing anything.
    expect(new Set(final.map((m) => m.sentBy))).toEqual(new Set(['Clinic Records (automatic)']));
  });

  it(
    'just after the server took it: the copy sent again is the same message, with the same Message-ID',
    { timeout: 60_000 },
    async () => {
      let kill: (() => void) | null = null;
      let seen = 0;
      const server = await startSmtpServer({
        // The second message is taken by the server, but the app dies before it hears "250".
        beforeAccept: () => {
          seen += 1;
          if (seen === 2 && kill) kill();
          return true;
        },
      });
      servers.push(server);
      const dir = await clinicWithDueRecalls(server.port);
      const first = startApp(dir);
      await new Promise<void>((resolve) => {
        kill = () => {
          first.kill('SIGKILL');
          resolve();
        };
      });
      await killed(first);
      kill = null;
      const second = startApp(dir);
      await outboxEmpty(second);
      second.kill('SIGKILL');
      await killed(second);

      const final = await outboxOf(dir);
      expect(final.map((m) => m.status)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
      // Every patient got their message; the one the server took twice came both times as one
      // Message-ID, so the patient's mail program shows it once. SMTP cannot say whether a message
      // was taken when the connection dies before the answer: that is the only case of a second copy.
      const byId = new Map<string, string[]>();
      for (const r of server.received) byId.set(r.mail.messageId!, [...(byId.get(r.mail.messageId!) ?? []), r.envelopeTo[0]!]);
      expect([...byId.keys()].sort()).toEqual(final.map((m) => m.messageId).sort());
      expect(server.received).toHaveLength(6);
      const twice = [...byId.entries()].filter(([, to]) => to.length > 1);
      expect(twice).toEqual([[final[1]!.messageId, ['bea@example.com', 'bea@example.com']]]);
      const copies = server.received.filter((r) => r.mail.messageId === final[1]!.messageId);
      expect(copies[0]!.mail.text).toBe(copies[1]!.mail.text);
      expect(copies[0]!.mail.subject).toBe(copies[1]!.mail.subject);
    },
  );
});
