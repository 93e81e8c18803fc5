import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { chart, fullTreatment, testClinic, type TestClinic } from '../support/core';
import { clinicDetails, enableKinds, mailSettings, movableClock } from '../support/messaging';
import { moveClock } from '../support/moveClock';
import { closedPort, OTHER_SELF_SIGNED, SELF_SIGNED, startSmtpServer, type TestSmtp } from '../support/smtp';

const servers: TestSmtp[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});
async function smtp(o: Parameters<typeof startSmtpServer>[0] = {}) {
  const s = await startSmtpServer(o);
  servers.push(s);
  return s;
}

function fingerprintOf(pem: Buffer): string {
  return new crypto.X509Certificate(pem).fingerprint256;
}

const LOGIN = { user: 'reception@harbour.test', password: 'mail box password 7' };

describe('the clinic’s mail account', () => {
  it('keeps the password in the clinic database only: never shown to the page, never in the audit trail; admin only', async () => {
    const c = await testClinic();
    const server = await smtp({ login: LOGIN });
    const saved = await c.call('mailSettings.update', mailSettings(server.port, { user: LOGIN.user, password: LOGIN.password }));
    expect(saved).toMatchObject({ host: '127.0.0.1', user: LOGIN.user, passwordSet: true });
    expect(JSON.stringify(saved)).not.toContain(LOGIN.password);
    expect(JSON.stringify(await c.call('mailSettings.get', {}))).not.toContain(LOGIN.password);
    // A save without a password keeps the one saved.
    await c.call('mailSettings.update', mailSettings(server.port, { user: LOGIN.user, fromName: 'Harbour' }));
    expect(c.core.db.prepare('SELECT password FROM mail_settings').pluck().get()).toBe(LOGIN.password);
    const audit = c.core.db.prepare("SELECT after_json FROM audit_log WHERE entity = 'mail_settings'").pluck().all() as string[];
    expect(audit).toHaveLength(2);
    expect(audit[0]).toContain('"passwordChanged":true');
    expect(audit[1]).toContain('"passwordChanged":false');
    for (const row of audit) expect(row).not.toContain(LOGIN.password);

    await c.person('Rosa Reception', 'reception', 'desk');
    await c.person('Dr Pam', 'practitioner', 'room1');
    for (const [session, method] of [
      ['desk', 'mailSettings.get'],
      ['room1', 'mailSettings.get'],
      ['room1', 'outbox.list'],
      ['room1', 'templates.list'],
    ] as const) {
      const r = await c.raw(method, method === 'outbox.list' ? { status: 'all', limit: 10 } : {}, session);
      expect(r.ok ? 'ok' : r.error.code, `${session} ${method}`).toBe('NOT_PERMITTED');
    }
    expect((await c.raw('outbox.list', { status: 'all', limit: 10 }, 'desk')).ok).toBe(true);
    expect((await c.raw('templates.list', {}, 'desk')).ok).toBe(true);
  });

  it('"Send a test message" says at the right field what is wrong: the password, the server, the address', async () => {
    const c = await testClinic();
    const server = await smtp({
      login: LOGIN,
      refuse: (a) => (a.startsWith('nobody@') ? { code: 550, message: 'No such user here' } : null),
    });
    const form = mailSettings(server.port, { user: LOGIN.user, password: 'wrong' });

    const wrong = await c.call('mailSettings.test', { settings: form, to: 'owner@harbour.test' });
    expect(wrong).toMatchObject({ ok: false, problem: { kind: 'auth', field: 'password' } });
    expect(!wrong.ok && wrong.problem.message).toMatch(
      /^The mail server refused the user name or password\. The server said: “535/,
    );

    const down = await c.call('mailSettings.test', { settings: mailSettings(await closedPort()), to: 'owner@harbour.test' });
    expect(down).toMatchObject({ ok: false, problem: { kind: 'unreachable', field: 'host' } });
    expect(!down.ok && down.problem.message).toMatch(/cannot be reached \(connect ECONNREFUSED 127\.0\.0\.1:\d+\)/);

    const bounced = await c.call('mailSettings.test', {
      settings: { ...form, password: LOGIN.password },
      to: 'nobody@harbour.test',
    });
    expect(bounced).toMatchObject({ ok: false, problem: { kind: 'recipient', field: 'to' } });

    const ok = await c.call('mailSettings.test', { settings: { ...form, password: LOGIN.password }, to: 'owner@harbour.test' });
    expect(ok).toMatchObject({ ok: true, response: expect.stringMatching(/^250 /) as string });
    expect(server.received).toHaveLength(1);
    expect(server.received[0]!.mail.subject).toBe('Test message from Clinic Records');
    // Nothing was saved by testing.
    expect((await c.call('mailSettings.get', {})).host).toBe('');
  });

  it('refuses a server’s self-signed certificate unless the owner chose to trust exactly that one', async () => {
    const c = await testClinic();
    for (const security of ['tls', 'starttls'] as const) {
      const server = await smtp({ security });
      const form = mailSettings(server.port, { security });
      const refused = await c.call('mailSettings.test', { settings: form, to: 'owner@harbour.test' });
      expect(refused).toMatchObject({ ok: false, problem: { kind: 'certificate', field: 'trustedFingerprint' } });
      const shown = !refused.ok ? refused.problem.certificate : undefined;
      expect(shown?.fingerprint).toBe(fingerprintOf(SELF_SIGNED.cert));
      expect(shown?.subject).toContain('CN=localhost');
      expect(server.received).toHaveLength(0);

      const trusted = { ...form, trustedFingerprint: shown!.fingerprint };
      expect(await c.call('mailSettings.test', { settings: trusted, to: 'owner@harbour.test' })).toMatchObject({ ok: true });
      const saved = await c.call('mailSettings.update', trusted);
      expect(saved.trustedCertificate).toMatchObject({
        fingerprint: shown!.fingerprint,
        subject: expect.stringContaining('CN=localhost') as string,
      });
      expect(server.received).toHaveLength(1);
    }
    // Another server shows another self-signed certificate for the same names: refused, although one is
    // trusted, and trusting it needs the fingerprint it really shows.
    const saved = await c.call('mailSettings.get', {});
    const impostor = await smtp({ security: 'starttls', certificate: OTHER_SELF_SIGNED });
    const form = mailSettings(impostor.port, { security: 'starttls', trustedFingerprint: saved.trustedCertificate!.fingerprint });
    const test = await c.call('mailSettings.test', { settings: form, to: 'owner@harbour.test' });
    expect(test).toMatchObject({ ok: false, problem: { kind: 'certificate' } });
    expect(!test.ok && test.problem.certificate?.fingerprint).toBe(fingerprintOf(OTHER_SELF_SIGNED.cert));
    const wrongTrust = await c.raw('mailSettings.update', {
      ...form,
      trustedFingerprint: fingerprintOf(SELF_SIGNED.cert).replace(/^../, '00'),
    });
    expect(wrongTrust.ok || wrongTrust.error.code).toBe('INVALID_INPUT');
    expect(!wrongTrust.ok && wrongTrust.error.fields).toHaveProperty('trustedFingerprint');
    expect(impostor.received).toHaveLength(0);
  });
});

async function dueRecall(c: TestClinic, clock: ReturnType<typeof movableClock>, names: string[]) {
  const injectorId = await c.injector();
  const lotId = await c.lot();
  const ids: number[] = [];
  for (const firstName of names) {
    const id = await c.patient({ firstName, email: `${firstName.toLowerCase()}@example.com`, contactPreference: 'email' });
    await c.consent(id);
    await chart(c, fullTreatment(id, injectorId, lotId, '2026-09-01'));
    ids.push(id);
  }
  await enableKinds(c, ['recall']);
  await moveClock(c, clock, '2026-12-08T09:30:00Z');
  return ids;
}

describe('sending through a server that is down, refuses, bounces or hangs up', () => {
  it('keeps messages waiting while the server cannot be reached and sends each once when it is back', async () => {
    const clock = movableClock('2026-09-01T12:00:00Z');
    const c = await testClinic('', { clock });
    await clinicDetails(c);
    const port = await closedPort();
    await c.call('mailSettings.update', mailSettings(port));
    await dueRecall(c, clock, ['Ann', 'Bea']);

    const offline = await c.call('outbox.sendNow', { id: null });
    expect(offline.counts).toMatchObject({ queued: 2, sent: 0, failed: 0 });
    expect(offline.rows.every((m) => m.attempts === 0)).toBe(true);
    expect(offline.mailer).toMatchObject({ state: 'waiting', problem: expect.stringMatching(/cannot be reached/) as string });
    const digest = await c.call('outbox.digest', {});
    expect(digest).toMatchObject({ sentToday: 0, waiting: 2, mailer: { state: 'waiting' } });
    const ids = c.core.db.prepare('SELECT message_id FROM outbox ORDER BY id').pluck().all();

    // The server comes back on the same port; the next try after the back-off sends both, once.
    const server = await smtp({ port });
    await moveClock(c, clock, '2026-12-08T09:45:00Z');
    const back = await c.call('outbox.sendNow', { id: null });
    expect(back.counts).toMatchObject({ queued: 0, sent: 2 });
    expect(back.mailer.state).toBe('ready');
    await c.call('outbox.sendNow', { id: null });
    expect(server.received.map((r) => r.mail.messageId)).toEqual(ids);
    expect((await c.call('outbox.digest', {})).sentToday).toBe(2);
  });

  it('with a wrong password, messages wait untouched and the outbox says why; they go once the password is corrected', async () => {
    const clock = movableClock('2026-09-01T12:00:00Z');
    const c = await testClinic('', { clock });
    await clinicDetails(c);
    const server = await smtp({ login: LOGIN });
    await c.call('mailSettings.update', mailSettings(server.port, { user: LOGIN.user, password: 'an old password' }));
    await dueRecall(c, clock, ['Ann']);
    const refused = await c.call('outbox.sendNow', { id: null });
    expect(refused.rows[0]).toMatchObject({ status: 'queued', attempts: 0 });
    expect(refused.mailer).toMatchObject({
      state: 'refused',
      problem: expect.stringMatching(/refused the user name or password/) as string,
    });
    await c.call('mailSettings.update', mailSettings(server.port, { user: LOGIN.user, password: LOGIN.password }));
    const sent = await c.call('outbox.sendNow', { id: null });
    expect(sent.rows[0]).toMatchObject({ status: 'sent', attempts: 1 });
    expect(server.received).toHaveLength(1);
  });

  it('fails a bounced address at once with the server’s reason, and retries one the server cannot take yet with back-off', async () => {
    const clock = movableClock('2026-09-01T12:00:00Z');
    const c = await testClinic('', { clock });
    await clinicDetails(c);
    let busy = true;
    const server = await smtp({
      refuse: (a) =>
        a.startsWith('ann@')
          ? { code: 550, message: '5.1.1 No such mailbox' }
          : a.startsWith('bea@') && busy
            ? { code: 451, message: '4.2.1 Mailbox busy, try later' }
            : null,
    });
    await c.call('mailSettings.update', mailSettings(server.port));
    await dueRecall(c, clock, ['Ann', 'Bea', 'Cy']);
    const first = await c.call('outbox.sendNow', { id: null });
    const by = (name: string) => first.rows.find((m) => m.patientName.startsWith(name))!;
    expect(by('Ann')).toMatchObject({
      status: 'failed',
      lastError: expect.stringContaining('550 5.1.1 No such mailbox') as string,
    });
    expect(by('Bea')).toMatchObject({
      status: 'queued',
      attempts: 1,
      lastError: expect.stringContaining('451 4.2.1 Mailbox busy') as string,
    });
    expect(by('Bea').nextAttemptAtMs - clock.nowMs()).toBe(5 * 60_000);
    expect(by('Cy')).toMatchObject({ status: 'sent' });
    // Before the back-off is over nothing is tried; after it, the mailbox has room.
    await c.call('outbox.sendNow', { id: null });
    expect((await c.call('outbox.list', { status: 'queued', limit: 5 })).rows[0]).toMatchObject({ attempts: 1 });
    busy = false;
    await moveClock(c, clock, '2026-12-08T09:36:00Z');
    const later = await c.call('outbox.sendNow', { id: null });
    expect(later.counts).toMatchObject({ sent: 2, failed: 1, queued: 0 });
    expect(server.received.map((r) => r.envelopeTo[0])).toEqual(['cy@example.com', 'bea@example.com']);
  });

  it('a server that hangs up in the middle of a message: it waits with its Message-ID and arrives once later', async () => {
    const clock = movableClock('2026-09-01T12:00:00Z');
    const c = await testClinic('', { clock });
    await clinicDetails(c);
    let hangUps = 1;
    const server = await smtp({ beforeAccept: () => (hangUps-- > 0 ? false : true) });
    await c.call('mailSettings.update', mailSettings(server.port));
    await dueRecall(c, clock, ['Ann']);
    const dropped = await c.call('outbox.sendNow', { id: null });
    expect(dropped.rows[0]).toMatchObject({
      status: 'queued',
      attempts: 1,
      lastError: expect.stringMatching(/closed the connection|cannot be reached/) as string,
    });
    expect(server.received).toHaveLength(0);
    await moveClock(c, clock, '2026-12-08T09:45:00Z');
    await c.call('outbox.sendNow', { id: null });
    expect(server.received).toHaveLength(1);
    expect(server.received[0]!.mail.messageId).toBe(dropped.rows[0]!.messageId);
  });

  it('keeps answering calls while the mail server takes its time', async () => {
    const clock = movableClock('2026-09-01T12:00:00Z');
    const c = await testClinic('', { clock, core: { mailTimeouts: { connect: 5_000, socket: 5_000 } } });
    await clinicDetails(c);
    let release: () => void = () => undefined;
    const held = new Promise<boolean>((resolve) => (release = () => resolve(true)));
    const server = await smtp({ beforeAccept: () => held });
    await c.call('mailSettings.update', mailSettings(server.port));
    await dueRecall(c, clock, ['Ann']);
    const sending = c.call('outbox.sendNow', { id: null });
    await new Promise((r) => setTimeout(r, 200));
    const started = performance.now();
    const list = await c.call('patients.list', { text: 'ann', sort: 'name', includeArchived: false });
    expect(performance.now() - started).toBeLessThan(100);
    expect(list.total).toBe(1);
    expect(server.received).toHaveLength(0);
    release();
    expect((await sending).counts.sent).toBe(1);
  });
});
