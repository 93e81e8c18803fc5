import { calendarDayIn } from '../../shared/time';
import { KIND_LABELS, type MailerState, type SmtpTestResult } from '../../shared/messages';
import type { Clock } from '../clock';
import { recordAudit, type AuditActor } from '../db/auditRepo';
import type { Db } from '../db/connection';
import {
  claimForSending,
  dueOutbox,
  getOutbox,
  markFailed,
  markCancelled,
  markRetry,
  markSent,
  readMailSettings,
  readTemplates,
  releaseUncounted,
  requeueInterrupted,
  type StoredMailSettings,
  type StoredOutboxMessage,
} from '../db/messagesRepo';
import { getPatient } from '../db/patientsRepo';
import { insertRecallContact } from '../db/scheduleRepo';
import { readClinicSettings } from '../db/settingsRepo';
import { loadRulesContext } from '../scheduling/context';
import { AUTOMATIC, PLAN_STEP, planMessages, reasonToCancel, recipientOf } from './planner';
import {
  classifySmtpError,
  fetchServerCertificate,
  SmtpSession,
  type Classified,
  type OutgoingMail,
  type ServerCertificate,
  type SmtpAccount,
} from './smtp';

/** How often the timer looks for work; "Send now" does not wait for it. */
export const DEFAULT_INTERVAL_MS = 60_000;
/** The planner reads the schedule at most this often (appointment reminders every run). */
const PLAN_EVERY_MS = 10 * 60_000;
/** Messages tried in one run; the rest wait for the next. */
const BATCH = 25;
/** Attempts of one message that the server refused for now (4xx) before it counts as failed. */
export const MAX_ATTEMPTS = 6;

/** Waiting between attempts of one message: 5 min, 10, 20… up to 6 hours. */
export function messageBackoffMs(attempts: number): number {
  return Math.min(5 * 60_000 * 2 ** Math.max(0, attempts - 1), 6 * 3_600_000);
}

/** Waiting after the server could not be reached: 1 min, 2, 4… up to 30 minutes. */
export function connectionBackoffMs(failures: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, failures - 1), 30 * 60_000);
}

/** After the server refused the account (password, certificate): try again hourly, or at once after a settings change. */
const REFUSED_RETRY_MS = 60 * 60_000;

export interface MessagingOptions {
  db: Db;
  clock: Clock;
  systemTimeZone: string;
  /** This computer's name, for the audit trail of automatic sends. */
  device: string;
  /** How often the timer runs; 0 runs nothing on its own (tests drive it). */
  intervalMs: number;
  /** Shorter waits for tests of a server that never answers. */
  timeouts?: { connect: number; socket: number };
  log?: (message: string, err?: unknown) => void;
}

export interface RunSummary {
  planned: number;
  /** More was due than one run plans or sends: another run follows shortly. */
  more: boolean;
  sent: number;
  failed: number;
  cancelled: number;
  waiting: boolean;
}

function configured(m: StoredMailSettings): boolean {
  return m.host !== '' && m.fromAddress !== '';
}

/**
 * Sends the outbox. Runs on a timer in the main process; each run does a little synchronous
 * database work (planning by indexed day ranges, one short transaction per message) between
 * awaits on the network, so the thread that answers calls is never held for long.
 *
 * Exactly once, as far as SMTP allows: a message is keyed by its reason (never queued twice),
 * its Message-ID is fixed when it is queued, and it is marked 'sending' in a committed
 * transaction before the server hears of it and 'sent' as soon as the server answers. A crash
 * in between leaves it 'sending'; at the next start it waits again and goes with the same
 * Message-ID, so a copy the server may already have taken is the same message to the
 * patient's mail program, not a second one.
 */
export class MessagingService {
  private timer: NodeJS.Timeout | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private stopped = false;
  private session: SmtpSession | null = null;
  private lastPlanMs = -Infinity;
  private lastPlanDay = '';
  private recovered = false;
  private failures = 0;
  private state: MailerState = { state: 'ready', problem: null, sinceMs: null, nextTryAtMs: null, lastRunAtMs: null };
  /** Certificates servers showed during tests, so the owner can choose to trust the one they saw. */
  readonly certificatesSeen = new Map<string, ServerCertificate>();

  constructor(private readonly o: MessagingOptions) {}

  private get automatic(): AuditActor {
    return { id: 'automatic', name: AUTOMATIC, role: 'system', device: this.o.device };
  }

  private timeZone(): string {
    return readClinicSettings(this.o.db, this.o.systemTimeZone).timeZone;
  }

  /** Starts the timer; the first run puts back what a crash left half-sent. */
  start(): void {
    if (this.o.intervalMs > 0) {
      this.timer = setInterval(() => void this.run({ force: false, actor: null }), this.o.intervalMs);
      this.timer.unref();
      // A first look soon after opening, so what waited while the app was closed goes out.
      setTimeout(() => void this.run({ force: false, actor: null }), Math.min(3_000, this.o.intervalMs)).unref();
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.session?.close();
  }

  /** The settings changed: try at once rather than after a back-off meant for the old ones. */
  settingsChanged(): void {
    this.failures = 0;
    this.state = { state: 'ready', problem: null, sinceMs: null, nextTryAtMs: null, lastRunAtMs: this.state.lastRunAtMs };
    this.lastPlanMs = -Infinity;
  }

  mailerState(): MailerState {
    const mail = readMailSettings(this.o.db);
    if (!configured(mail)) return { ...this.state, state: 'not_set_up' };
    if (!mail.sending && this.state.state === 'ready') return { ...this.state, state: 'off' };
    return { ...this.state };
  }

  /** One run after whatever run is under way: runs never overlap. */
  run(opts: { force: boolean; actor: AuditActor | null }): Promise<RunSummary> {
    const next = this.chain.then(() => this.runOnce(opts));
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async runOnce({ force, actor }: { force: boolean; actor: AuditActor | null }): Promise<RunSummary> {
    const summary: RunSummary = { planned: 0, more: false, sent: 0, failed: 0, cancelled: 0, waiting: false };
    if (this.stopped) return summary;
    const { db, clock } = this.o;
    try {
      if (!this.recovered) {
        // Messages a crash or a kill left 'sending' (only one process sends this clinic's outbox).
        const n = requeueInterrupted(db, clock.nowMs());
        if (n > 0) this.o.log?.(`${n} message(s) interrupted while sending wait to be sent again`);
        this.recovered = true;
      }
      const nowMs = clock.nowMs();
      const clinic = readClinicSettings(db, this.o.systemTimeZone);
      const today = calendarDayIn(clinic.timeZone, nowMs);
      const mail = readMailSettings(db);
      if (!configured(mail)) return summary;
      // Automatic messages are planned only while sending is switched on; "Send now" still sends
      // what is already waiting (a plan e-mailed on request, say) when it is off.
      if (mail.sending) {
        const rules = loadRulesContext(db);
        const every = force || today !== this.lastPlanDay || nowMs - this.lastPlanMs >= PLAN_EVERY_MS;
        // Appointment reminders depend on the hour, not the day: planned on every run.
        const templates = readTemplates(db).filter((t) => every || t.kind === 'appointment_reminder');
        const budget = { left: PLAN_STEP };
        summary.planned = planMessages({ db, today, nowMs, clinic, mail, templates, rules, budget });
        // A full step may have left some unplanned: plan again on the next run, whatever the clock says.
        summary.more = budget.left <= 0;
        if (every && !summary.more) {
          this.lastPlanMs = nowMs;
          this.lastPlanDay = today;
        }
      } else if (!force) {
        return summary;
      }
      if (!force && this.state.nextTryAtMs !== null && nowMs < this.state.nextTryAtMs) {
        summary.waiting = true;
        return summary;
      }
      const due = dueOutbox(db, nowMs, mail.smsMode === 'gateway', BATCH);
      if (due.length === BATCH) summary.more = true;
      if (due.length > 0) await this.sendBatch(mail, due, actor ?? this.automatic, summary);
      return summary;
    } catch (err) {
      this.o.log?.('Sending messages failed', err);
      return summary;
    } finally {
      this.state.lastRunAtMs = clock.nowMs();
      // A backlog goes on in steps a moment apart, so calls are answered in between.
      if (summary.more && !summary.waiting && this.o.intervalMs > 0 && !this.stopped) {
        setTimeout(() => void this.run({ force: false, actor: null }), 200).unref();
      }
    }
  }

  private connectionProblem(c: Classified): void {
    const nowMs = this.o.clock.nowMs();
    this.failures += 1;
    const wait = c.refused ? REFUSED_RETRY_MS : connectionBackoffMs(this.failures);
    this.state = {
      state: c.refused ? 'refused' : 'waiting',
      problem: c.problem.message,
      sinceMs: this.state.sinceMs ?? nowMs,
      nextTryAtMs: nowMs + wait,
      lastRunAtMs: this.state.lastRunAtMs,
    };
  }

  private reachable(): void {
    this.failures = 0;
    this.state = { state: 'ready', problem: null, sinceMs: null, nextTryAtMs: null, lastRunAtMs: this.state.lastRunAtMs };
  }

  /** Everything before the server hears of a message, in one transaction: still wanted? to whom? claimed. */
  private prepare(m: StoredOutboxMessage, mail: StoredMailSettings, summary: RunSummary): OutgoingMail | null {
    const { db, clock } = this.o;
    return db.transaction((): OutgoingMail | null => {
      const nowMs = clock.nowMs();
      const timeZone = this.timeZone();
      const current = getOutbox(db, m.id);
      if (current?.status !== 'queued') return null;
      const patient = getPatient(db, m.patientId);
      const cancel = reasonToCancel(db, current, patient, { today: calendarDayIn(timeZone, nowMs), nowMs, timeZone });
      if (cancel !== null) {
        markCancelled(db, m.id, cancel, nowMs);
        summary.cancelled += 1;
        return null;
      }
      const { recipient, problem } = recipientOf(patient!, m.channel);
      if (problem !== null) {
        markFailed(db, m.id, problem, nowMs);
        summary.failed += 1;
        return null;
      }
      const to = m.channel === 'sms' ? mail.smsGateway.replace('{phone}', recipient.replace(/\D/g, '')) : recipient;
      if (!claimForSending(db, m.id, recipient, nowMs)) return null;
      return {
        messageId: current.messageId,
        to,
        subject: m.channel === 'sms' ? '' : current.subject,
        text: current.text,
        html: m.channel === 'sms' ? null : current.html,
        dateMs: nowMs,
      };
    })();
  }

  /** The server took the message: sent, in the contact history, and audited, together. */
  private recordSent(m: StoredOutboxMessage, response: string, actor: AuditActor): void {
    const { db, clock } = this.o;
    const nowMs = clock.nowMs();
    db.transaction(() => {
      markSent(db, m.id, response, actor.name, nowMs);
      insertRecallContact(
        db,
        {
          patientId: m.patientId,
          contactedOn: calendarDayIn(this.timeZone(), nowMs),
          atMs: nowMs,
          outcome: m.channel === 'sms' ? 'sms_sent' : 'email_sent',
          snoozedUntil: null,
          note: m.channel === 'sms' ? KIND_LABELS[m.kind] : `${KIND_LABELS[m.kind]}: ${m.subject}`,
          staffName: actor.name,
        },
        nowMs,
      );
      recordAudit(db, {
        atMs: nowMs,
        staff: actor,
        action: 'send',
        entity: 'message',
        entityId: String(m.id),
        patientId: m.patientId,
        before: undefined,
        after: { kind: m.kind, channel: m.channel, recipient: getOutbox(db, m.id)?.recipient, messageId: m.messageId, response },
      });
    })();
  }

  private async sendBatch(mail: StoredMailSettings, due: StoredOutboxMessage[], actor: AuditActor, summary: RunSummary) {
    const { db, clock } = this.o;
    const session = new SmtpSession(mail, this.o.timeouts);
    this.session = session;
    try {
      try {
        await session.open();
      } catch (err) {
        this.connectionProblem(classifySmtpError(err, mail));
        summary.waiting = true;
        return;
      }
      let dropped = false;
      for (const m of due) {
        if (this.stopped) break;
        const outgoing = this.prepare(m, mail, summary);
        if (!outgoing) continue;
        try {
          const response = await session.send(outgoing);
          this.recordSent(m, response, actor);
          summary.sent += 1;
        } catch (err) {
          const c = classifySmtpError(err, mail);
          const nowMs = clock.nowMs();
          const attempts = getOutbox(db, m.id)?.attempts ?? 1;
          if (c.scope === 'message') {
            if (c.permanent || attempts >= MAX_ATTEMPTS) {
              markFailed(db, m.id, c.problem.message, nowMs);
              summary.failed += 1;
            } else {
              markRetry(db, m.id, c.problem.message, nowMs + messageBackoffMs(attempts), nowMs);
            }
            if (await session.reset()) continue;
            dropped = true;
            break;
          }
          if (c.refused) {
            // The account was refused (a sender the server will not relay for): no fault of this message.
            releaseUncounted(db, m.id, c.problem.message, nowMs, nowMs);
          } else if (attempts >= MAX_ATTEMPTS) {
            markFailed(db, m.id, c.problem.message, nowMs);
            summary.failed += 1;
          } else {
            // The connection broke during this message: the server may or may not have it. It waits,
            // with the same Message-ID, and the attempt counts so one bad message cannot stall the rest.
            markRetry(db, m.id, c.problem.message, nowMs, nowMs);
          }
          this.connectionProblem(c);
          summary.waiting = true;
          dropped = true;
          break;
        }
      }
      if (!dropped) this.reachable();
    } finally {
      session.close();
      if (this.session === session) this.session = null;
    }
  }

  /**
   * "Send a test message" with the settings on the form (not yet saved): straight to the
   * server, not through the outbox. A certificate the server shows is kept in memory so the
   * owner can choose to trust exactly that one.
   */
  async test(account: SmtpAccount, to: string, nowMs: number): Promise<SmtpTestResult> {
    const session = new SmtpSession(account, this.o.timeouts);
    try {
      await session.open();
      const response = await session.send({
        messageId: `<test-${nowMs}-${Math.random().toString(36).slice(2)}@${account.fromAddress.split('@')[1] ?? 'clinic-records.invalid'}>`,
        to,
        subject: 'Test message from Clinic Records',
        text: `This test message was sent by Clinic Records through ${account.host}. If you can read it, the clinic's e-mail settings work.`,
        html: null,
        dateMs: nowMs,
      });
      return { ok: true, response };
    } catch (err) {
      const c = classifySmtpError(err, account);
      if (c.problem.kind === 'certificate' && account.security !== 'none') {
        try {
          const cert = await fetchServerCertificate(account);
          this.certificatesSeen.set(cert.fingerprint, cert);
          const { pem: _pem, ...info } = cert;
          return { ok: false, problem: { ...c.problem, certificate: info } };
        } catch {
          // The certificate could not be read a second time; the message alone still explains.
        }
      }
      return { ok: false, problem: c.problem };
    } finally {
      session.close();
    }
  }
}
