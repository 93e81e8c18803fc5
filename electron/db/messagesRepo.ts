import { DEFAULT_TEMPLATES, defaultLead } from '../../shared/messageDefaults';
import type {
  Channel,
  MailSettingsFields,
  OutboxMessage,
  OutboxStatus,
  SmsMode,
  SmtpSecurity,
  Template,
  TemplateKind,
  TimedKind,
} from '../../shared/messages';
import { OUTBOX_STATUSES, TEMPLATE_KINDS } from '../../shared/messages';
import type { Db } from './connection';

// --- the mail account -------------------------------------------------------------------------

/** The saved mail account, password included: for the main process only, never for the page. */
export interface StoredMailSettings extends Omit<MailSettingsFields, 'password' | 'trustedFingerprint'> {
  password: string;
  trustedCertPem: string | null;
  trustedFingerprint: string | null;
}

interface MailSettingsRow {
  host: string;
  port: number;
  security: SmtpSecurity;
  user: string;
  password: string;
  from_name: string;
  from_address: string;
  reply_to: string;
  trusted_cert_pem: string | null;
  trusted_cert_fingerprint: string | null;
  send_from: string;
  sending: 0 | 1;
  sms_mode: SmsMode;
  sms_gateway: string;
}

export function readMailSettings(db: Db): StoredMailSettings {
  const r = db.prepare('SELECT * FROM mail_settings WHERE id = 1').get() as MailSettingsRow | undefined;
  if (!r) {
    return {
      host: '',
      port: 587,
      security: 'starttls',
      user: '',
      password: '',
      fromName: '',
      fromAddress: '',
      replyTo: '',
      trustedCertPem: null,
      trustedFingerprint: null,
      sendFrom: '09:00',
      sending: false,
      smsMode: 'off',
      smsGateway: '',
    };
  }
  return {
    host: r.host,
    port: r.port,
    security: r.security,
    user: r.user,
    password: r.password,
    fromName: r.from_name,
    fromAddress: r.from_address,
    replyTo: r.reply_to,
    trustedCertPem: r.trusted_cert_pem,
    trustedFingerprint: r.trusted_cert_fingerprint,
    sendFrom: r.send_from,
    sending: r.sending === 1,
    smsMode: r.sms_mode,
    smsGateway: r.sms_gateway,
  };
}

export function writeMailSettings(db: Db, s: StoredMailSettings, nowMs: number): void {
  db.prepare(
    `INSERT INTO mail_settings (id, host, port, security, user, password, from_name, from_address, reply_to, trusted_cert_pem,
       trusted_cert_fingerprint, send_from, sending, sms_mode, sms_gateway, updated_at_ms)
     VALUES (1, @host, @port, @security, @user, @password, @fromName, @fromAddress, @replyTo, @trustedCertPem,
       @trustedFingerprint, @sendFrom, @sending, @smsMode, @smsGateway, @nowMs)
     ON CONFLICT (id) DO UPDATE SET host = excluded.host, port = excluded.port, security = excluded.security, user = excluded.user,
       password = excluded.password, from_name = excluded.from_name, from_address = excluded.from_address,
       reply_to = excluded.reply_to, trusted_cert_pem = excluded.trusted_cert_pem,
       trusted_cert_fingerprint = excluded.trusted_cert_fingerprint, send_from = excluded.send_from, sending = excluded.sending,
       sms_mode = excluded.sms_mode, sms_gateway = excluded.sms_gateway, updated_at_ms = excluded.updated_at_ms`,
  ).run({ ...s, sending: s.sending ? 1 : 0, nowMs });
}

// --- templates --------------------------------------------------------------------------------

interface TemplateRow {
  kind: TemplateKind;
  enabled: 0 | 1;
  lead: number;
  subject: string;
  body: string;
  sms_body: string;
  updated_at_ms: number;
}

function defaultTemplate(kind: TemplateKind): Template {
  const d = DEFAULT_TEMPLATES[kind];
  return { kind, enabled: false, lead: defaultLead(kind), ...d, updatedAtMs: 0, isDefault: true };
}

/** Every kind's template: the clinic's own where saved, otherwise the wording a new clinic starts with. */
export function readTemplates(db: Db): Template[] {
  const rows = new Map((db.prepare('SELECT * FROM message_templates').all() as TemplateRow[]).map((r) => [r.kind, r] as const));
  return TEMPLATE_KINDS.map((kind) => {
    const r = rows.get(kind);
    return r
      ? {
          kind,
          enabled: r.enabled === 1,
          lead: r.lead,
          subject: r.subject,
          body: r.body,
          smsBody: r.sms_body,
          updatedAtMs: r.updated_at_ms,
          isDefault: false,
        }
      : defaultTemplate(kind);
  });
}

export function readTemplate(db: Db, kind: TemplateKind): Template {
  return readTemplates(db).find((t) => t.kind === kind)!;
}

export function writeTemplate(db: Db, t: Omit<Template, 'updatedAtMs' | 'isDefault'>, nowMs: number): void {
  db.prepare(
    `INSERT INTO message_templates (kind, enabled, lead, subject, body, sms_body, updated_at_ms)
     VALUES (@kind, @enabled, @lead, @subject, @body, @smsBody, @nowMs)
     ON CONFLICT (kind) DO UPDATE SET enabled = excluded.enabled, lead = excluded.lead, subject = excluded.subject,
       body = excluded.body, sms_body = excluded.sms_body, updated_at_ms = excluded.updated_at_ms`,
  ).run({ ...t, enabled: t.enabled ? 1 : 0, nowMs });
}

// --- the outbox -------------------------------------------------------------------------------

export interface NewOutboxMessage {
  idemKey: string;
  kind: TemplateKind;
  channel: Channel;
  patientId: number;
  appointmentId: number | null;
  treatmentId: number | null;
  aboutOn: string;
  dueAtMs: number;
  recipient: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  createdBy: string;
  /** A message that cannot go (no valid address) is created failed, with the reason, so nothing is lost from view. */
  failedBecause: string | null;
}

/** Adds a message unless one with the same key exists; the new id, or null when it existed. */
export function insertOutbox(db: Db, m: NewOutboxMessage, nowMs: number): number | null {
  const r = db
    .prepare(
      `INSERT INTO outbox (idem_key, kind, channel, patient_id, appointment_id, treatment_id, about_on, due_at_ms, recipient, subject,
         body_text, body_html, message_id, status, attempts, next_attempt_at_ms, last_error, created_at_ms, created_by, updated_at_ms)
       VALUES (@idemKey, @kind, @channel, @patientId, @appointmentId, @treatmentId, @aboutOn, @dueAtMs, @recipient, @subject,
         @text, @html, @messageId, @status, 0, @dueAtMs, @lastError, @nowMs, @createdBy, @nowMs)
       ON CONFLICT (idem_key) DO NOTHING`,
    )
    .run({
      ...m,
      status: m.failedBecause === null ? 'queued' : 'failed',
      lastError: m.failedBecause ?? '',
      nowMs,
    });
  return r.changes === 1 ? Number(r.lastInsertRowid) : null;
}

export function outboxKeyExists(db: Db, idemKey: string): boolean {
  return db.prepare('SELECT 1 FROM outbox WHERE idem_key = ?').get(idemKey) !== undefined;
}

interface OutboxRow {
  id: number;
  idem_key: string;
  kind: TemplateKind;
  channel: Channel;
  patient_id: number;
  patient_name: string;
  appointment_id: number | null;
  treatment_id: number | null;
  about_on: string;
  due_at_ms: number;
  recipient: string;
  subject: string;
  body_text: string;
  body_html: string;
  message_id: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at_ms: number;
  last_error: string;
  server_response: string;
  exported: 0 | 1;
  created_at_ms: number;
  created_by: string;
  sent_at_ms: number | null;
  sent_by: string;
  cancel_reason: string;
}

/** A message with what sending needs besides what the page sees. */
export interface StoredOutboxMessage extends OutboxMessage {
  idemKey: string;
  appointmentId: number | null;
  treatmentId: number | null;
  html: string;
}

const SELECT_OUTBOX = `
  SELECT o.*, CASE WHEN p.preferred_name <> '' THEN p.preferred_name ELSE p.first_name END || ' ' || p.last_name AS patient_name
  FROM outbox o JOIN patients p ON p.id = o.patient_id`;

function toMessage(r: OutboxRow): StoredOutboxMessage {
  return {
    id: r.id,
    idemKey: r.idem_key,
    kind: r.kind,
    channel: r.channel,
    patientId: r.patient_id,
    patientName: r.patient_name,
    appointmentId: r.appointment_id,
    treatmentId: r.treatment_id,
    recipient: r.recipient,
    subject: r.subject,
    text: r.body_text,
    html: r.body_html,
    aboutOn: r.about_on,
    dueAtMs: r.due_at_ms,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAtMs: r.next_attempt_at_ms,
    lastError: r.last_error,
    serverResponse: r.server_response,
    messageId: r.message_id,
    createdAtMs: r.created_at_ms,
    createdBy: r.created_by,
    sentAtMs: r.sent_at_ms,
    sentBy: r.sent_by,
    exported: r.exported === 1,
    cancelReason: r.cancel_reason,
  };
}

/** The page's view of a message: without the HTML part and the sending bookkeeping. */
export function publicMessage(m: StoredOutboxMessage): OutboxMessage {
  const { idemKey: _k, appointmentId: _a, treatmentId: _t, html: _h, ...rest } = m;
  return rest;
}

export function getOutbox(db: Db, id: number): StoredOutboxMessage | undefined {
  const r = db.prepare(`${SELECT_OUTBOX} WHERE o.id = ?`).get(id) as OutboxRow | undefined;
  return r && toMessage(r);
}

export function getOutboxByKey(db: Db, idemKey: string): StoredOutboxMessage | undefined {
  const r = db.prepare(`${SELECT_OUTBOX} WHERE o.idem_key = ?`).get(idemKey) as OutboxRow | undefined;
  return r && toMessage(r);
}

/** The outbox list: waiting messages soonest first, the others newest first. */
export function listOutbox(db: Db, status: OutboxStatus | 'all', limit: number): { rows: StoredOutboxMessage[]; total: number } {
  const where = status === 'all' ? '' : 'WHERE o.status = @status';
  const order = status === 'queued' || status === 'sending' ? 'o.next_attempt_at_ms, o.id' : 'o.updated_at_ms DESC, o.id DESC';
  const rows = db.prepare(`${SELECT_OUTBOX} ${where} ORDER BY ${order} LIMIT @limit`).all({ status, limit }) as OutboxRow[];
  const total = db.prepare(`SELECT count(*) FROM outbox o ${where}`).pluck().get({ status }) as number;
  return { rows: rows.map(toMessage), total };
}

export function outboxCounts(db: Db): Record<OutboxStatus, number> {
  const counts = Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, 0])) as Record<OutboxStatus, number>;
  for (const r of db.prepare('SELECT status, count(*) AS n FROM outbox GROUP BY status').all() as {
    status: OutboxStatus;
    n: number;
  }[])
    counts[r.status] = r.n;
  return counts;
}

export function outboxOfPatient(db: Db, patientId: number, limit: number): StoredOutboxMessage[] {
  return (
    db
      .prepare(`${SELECT_OUTBOX} WHERE o.patient_id = ? ORDER BY o.created_at_ms DESC, o.id DESC LIMIT ?`)
      .all(patientId, limit) as OutboxRow[]
  ).map(toMessage);
}

export function outboxOfTreatment(db: Db, treatmentId: number): StoredOutboxMessage[] {
  return (
    db
      .prepare(`${SELECT_OUTBOX} WHERE o.treatment_id = ? AND o.kind = 'treatment_plan' ORDER BY o.created_at_ms DESC, o.id DESC`)
      .all(treatmentId) as OutboxRow[]
  ).map(toMessage);
}

/**
 * Messages the sender may try now: waiting, due, their next attempt reached, soonest first.
 * E-mail always; SMS only when they go through a gateway (otherwise they wait for the CSV export).
 */
export const DUE_OUTBOX_SQL = `${SELECT_OUTBOX}
  WHERE o.status = 'queued' AND o.next_attempt_at_ms <= @nowMs AND o.due_at_ms <= @nowMs
    AND (o.channel = 'email' OR @sms = 1)
  ORDER BY o.next_attempt_at_ms, o.id LIMIT @limit`;

export function dueOutbox(db: Db, nowMs: number, smsByGateway: boolean, limit: number): StoredOutboxMessage[] {
  return (db.prepare(DUE_OUTBOX_SQL).all({ nowMs, sms: smsByGateway ? 1 : 0, limit }) as OutboxRow[]).map(toMessage);
}

/**
 * Takes a waiting message for one attempt: it becomes 'sending' and its attempt is counted,
 * committed before the mail server hears of it. False when someone else changed it first.
 */
export function claimForSending(db: Db, id: number, recipient: string, nowMs: number): boolean {
  return (
    db
      .prepare(
        `UPDATE outbox SET status = 'sending', attempts = attempts + 1, recipient = ?, sending_at_ms = ?, updated_at_ms = ?
         WHERE id = ? AND status = 'queued'`,
      )
      .run(recipient, nowMs, nowMs, id).changes === 1
  );
}

export function markSent(db: Db, id: number, response: string, sentBy: string, nowMs: number): void {
  db.prepare(
    `UPDATE outbox SET status = 'sent', sent_at_ms = ?, sent_by = ?, server_response = ?, last_error = '', updated_at_ms = ?
     WHERE id = ? AND status = 'sending'`,
  ).run(nowMs, sentBy, response.slice(0, 500), nowMs, id);
}

/** Back to waiting after an attempt that did not go through, with the reason and when to try again. */
export function markRetry(db: Db, id: number, error: string, nextAttemptAtMs: number, nowMs: number): void {
  db.prepare(
    `UPDATE outbox SET status = 'queued', last_error = ?, next_attempt_at_ms = ?, updated_at_ms = ? WHERE id = ? AND status = 'sending'`,
  ).run(error.slice(0, 500), nextAttemptAtMs, nowMs, id);
}

/** An attempt that did not go through and must not be counted (the server could not be reached at all). */
export function releaseUncounted(db: Db, id: number, error: string, nextAttemptAtMs: number, nowMs: number): void {
  db.prepare(
    `UPDATE outbox SET status = 'queued', attempts = max(attempts - 1, 0), last_error = ?, next_attempt_at_ms = ?, updated_at_ms = ?
     WHERE id = ? AND status = 'sending'`,
  ).run(error.slice(0, 500), nextAttemptAtMs, nowMs, id);
}

export function markFailed(db: Db, id: number, error: string, nowMs: number): void {
  db.prepare(
    `UPDATE outbox SET status = 'failed', last_error = ?, updated_at_ms = ? WHERE id = ? AND status IN ('queued', 'sending')`,
  ).run(error.slice(0, 500), nowMs, id);
}

export function markCancelled(db: Db, id: number, reason: string, nowMs: number): boolean {
  return (
    db
      .prepare(
        `UPDATE outbox SET status = 'cancelled', cancel_reason = ?, cancelled_at_ms = ?, updated_at_ms = ?
         WHERE id = ? AND status IN ('queued', 'failed')`,
      )
      .run(reason.slice(0, 500), nowMs, nowMs, id).changes === 1
  );
}

/** A failed message tried again: waiting, due now, its attempts counted afresh. */
export function requeue(db: Db, id: number, nowMs: number): boolean {
  return (
    db
      .prepare(
        `UPDATE outbox SET status = 'queued', attempts = 0, next_attempt_at_ms = ?, updated_at_ms = ? WHERE id = ? AND status = 'failed'`,
      )
      .run(nowMs, nowMs, id).changes === 1
  );
}

/** "Send now" on a waiting message: due and tried at once. */
export function hurry(db: Db, id: number, nowMs: number): boolean {
  return (
    db
      .prepare(
        `UPDATE outbox SET next_attempt_at_ms = ?, due_at_ms = min(due_at_ms, ?), updated_at_ms = ? WHERE id = ? AND status = 'queued'`,
      )
      .run(nowMs, nowMs, nowMs, id).changes === 1
  );
}

/**
 * After a crash or a kill: messages left 'sending' were perhaps not taken by the server.
 * They wait again, with the Message-ID they already had, and the reason is said.
 */
export function requeueInterrupted(db: Db, nowMs: number): number {
  return db
    .prepare(
      `UPDATE outbox SET status = 'queued', next_attempt_at_ms = ?, updated_at_ms = ?,
         last_error = 'Interrupted while sending (the app stopped); sent again with the same Message-ID'
       WHERE status = 'sending'`,
    )
    .run(nowMs, nowMs).changes;
}

/** SMS texts for the clinic's SMS service, waiting to be exported. */
export function smsForExport(db: Db, nowMs: number): StoredOutboxMessage[] {
  return (
    db
      .prepare(`${SELECT_OUTBOX} WHERE o.channel = 'sms' AND o.status = 'queued' AND o.due_at_ms <= ? ORDER BY o.due_at_ms, o.id`)
      .all(nowMs) as OutboxRow[]
  ).map(toMessage);
}

export function countSmsForExport(db: Db, nowMs: number): number {
  return db
    .prepare(`SELECT count(*) FROM outbox WHERE channel = 'sms' AND status = 'queued' AND due_at_ms <= ?`)
    .pluck()
    .get(nowMs) as number;
}

export function markExported(db: Db, id: number, recipient: string, by: string, nowMs: number): boolean {
  return (
    db
      .prepare(
        `UPDATE outbox SET status = 'sent', exported = 1, recipient = ?, sent_at_ms = ?, sent_by = ?, attempts = attempts + 1,
           server_response = 'Exported for the clinic’s SMS service', updated_at_ms = ?
         WHERE id = ? AND status = 'queued' AND channel = 'sms'`,
      )
      .run(recipient, nowMs, by, nowMs, id).changes === 1
  );
}

/** Sent and failed since an instant (the start of the clinic's day), and what is waiting or failed in all. */
export function digestCounts(db: Db, sinceMs: number) {
  return db
    .prepare(
      `SELECT
         (SELECT count(*) FROM outbox WHERE sent_at_ms >= @sinceMs) AS sentToday,
         (SELECT count(*) FROM outbox WHERE status = 'failed' AND updated_at_ms >= @sinceMs) AS failedToday,
         (SELECT count(*) FROM outbox WHERE status IN ('queued', 'sending')) AS waiting,
         (SELECT count(*) FROM outbox WHERE status = 'failed') AS failed`,
    )
    .get({ sinceMs }) as { sentToday: number; failedToday: number; waiting: number; failed: number };
}

// --- what the planner reads -------------------------------------------------------------------

export interface CycleCandidate {
  patientId: number;
  lastTreatmentOn: string;
  recallOn: string;
  softReminderOn: string;
  reviewOn: string | null;
  expectedReturnOn: string;
  lastInjectorId: number | null;
}

/** Columns of patient_schedule a day-based kind is planned from. */
const DAY_COLUMN: Record<'soft_reminder' | 'recall' | 'check_in' | 'review_reminder', string> = {
  soft_reminder: 'soft_reminder_on',
  recall: 'recall_on',
  check_in: 'expected_return_on',
  review_reminder: 'review_on',
};

/**
 * Patients whose summary has the kind's date in [from, to], who are not archived and have a
 * contact preference among `preferences`, and who have no message of this kind for this cycle.
 */
/** The statement planning a day-based kind; exported so its query plan is tested as shipped. */
export function cycleCandidatesSql(kind: keyof typeof DAY_COLUMN): string {
  const column = DAY_COLUMN[kind];
  return `SELECT s.patient_id AS patientId, s.last_treatment_on AS lastTreatmentOn, s.recall_on AS recallOn,
      s.soft_reminder_on AS softReminderOn, s.review_on AS reviewOn, s.expected_return_on AS expectedReturnOn,
      s.last_injector_id AS lastInjectorId
    FROM patient_schedule s JOIN patients p ON p.id = s.patient_id
    WHERE s.${column} BETWEEN @from AND @to AND p.archived_at_ms IS NULL
      AND p.contact_preference IN (SELECT value FROM json_each(@preferences))
      AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.idem_key = @kind || ':' || s.patient_id || ':' || s.last_treatment_on)
    ORDER BY s.${column}, s.patient_id`;
}

export function cycleCandidates(
  db: Db,
  kind: keyof typeof DAY_COLUMN,
  from: string,
  to: string,
  preferences: readonly string[],
): CycleCandidate[] {
  return db
    .prepare(cycleCandidatesSql(kind))
    .all({ kind, from, to, preferences: JSON.stringify(preferences) }) as CycleCandidate[];
}

export interface EventCandidate {
  eventId: number;
  patientId: number;
  eventOn: string;
  label: string;
}

export const EVENT_CANDIDATES_SQL = `SELECT e.id AS eventId, e.patient_id AS patientId, e.event_on AS eventOn, e.label
  FROM patient_events e JOIN patients p ON p.id = e.patient_id
  WHERE e.event_on BETWEEN @from AND @to AND e.removed_at_ms IS NULL AND p.archived_at_ms IS NULL
    AND p.contact_preference IN (SELECT value FROM json_each(@preferences))
    AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.idem_key = 'event_preparation:' || e.id || ':' || e.event_on)
  ORDER BY e.event_on, e.id`;

export function eventCandidates(db: Db, from: string, to: string, preferences: readonly string[]): EventCandidate[] {
  return db.prepare(EVENT_CANDIDATES_SQL).all({ from, to, preferences: JSON.stringify(preferences) }) as EventCandidate[];
}

export interface AppointmentCandidate {
  appointmentId: number;
  patientId: number;
  practitionerId: number;
  startsAtMs: number;
  createdAtMs: number;
}

export const APPOINTMENT_CANDIDATES_SQL = `SELECT a.id AS appointmentId, a.patient_id AS patientId,
    a.practitioner_id AS practitionerId, a.starts_at_ms AS startsAtMs, a.created_at_ms AS createdAtMs
  FROM appointments a JOIN patients p ON p.id = a.patient_id
  WHERE a.starts_at_ms > @fromMs AND a.starts_at_ms <= @toMs AND a.status IN ('booked', 'confirmed')
    AND p.archived_at_ms IS NULL AND p.contact_preference IN (SELECT value FROM json_each(@preferences))
    AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.idem_key = 'appointment_reminder:' || a.id || ':' || a.starts_at_ms)
  ORDER BY a.starts_at_ms, a.id`;

/** Booked or confirmed appointments starting in (fromMs, toMs] that have no reminder for that start yet. */
export function appointmentCandidates(
  db: Db,
  fromMs: number,
  toMs: number,
  preferences: readonly string[],
): AppointmentCandidate[] {
  return db
    .prepare(APPOINTMENT_CANDIDATES_SQL)
    .all({ fromMs, toMs, preferences: JSON.stringify(preferences) }) as AppointmentCandidate[];
}

/** A treatment or touch-up booked from `nowMs` on (the patient needs no reminder to book). */
export function treatmentBookedAhead(db: Db, patientId: number, nowMs: number): boolean {
  return (
    db
      .prepare(
        `SELECT 1 FROM appointments WHERE patient_id = ? AND starts_at_ms >= ? AND type IN ('treatment', 'touch_up')
           AND status IN ('booked', 'confirmed') LIMIT 1`,
      )
      .get(patientId, nowMs) !== undefined
  );
}

/** A review appointment booked from `nowMs` on. */
export function reviewBookedAhead(db: Db, patientId: number, nowMs: number): boolean {
  return (
    db
      .prepare(
        `SELECT 1 FROM appointments WHERE patient_id = ? AND ends_at_ms >= ? AND type = 'review'
           AND status IN ('booked', 'confirmed', 'arrived') LIMIT 1`,
      )
      .get(patientId, nowMs) !== undefined
  );
}

/**
 * Reception's word on this cycle (contacts since the cycle's treatment): the patient declined,
 * said they booked, or was snoozed past today. The reason in words, or null.
 */
export function receptionHold(db: Db, patientId: number, since: string, today: string): string | null {
  const r = db
    .prepare(
      `SELECT
         (SELECT outcome FROM recall_contacts WHERE patient_id = @patientId AND contacted_on >= @since
            AND outcome IN ('declined', 'booked') ORDER BY at_ms DESC, id DESC LIMIT 1) AS decided,
         (SELECT max(snoozed_until) FROM recall_contacts WHERE patient_id = @patientId AND contacted_on >= @since
            AND outcome = 'snoozed') AS snoozedUntil`,
    )
    .get({ patientId, since }) as { decided: string | null; snoozedUntil: string | null };
  if (r.decided === 'declined') return 'The patient declined when reception called';
  if (r.decided === 'booked') return 'Reception recorded the patient as booked';
  if (r.snoozedUntil !== null && r.snoozedUntil > today) return `Reception snoozed the patient until ${r.snoozedUntil}`;
  return null;
}

/** The cycle a patient is in (their latest current treatment) and who treated them. */
export function scheduleSummaryOf(
  db: Db,
  patientId: number,
): { lastTreatmentOn: string; lastInjectorId: number | null } | undefined {
  return db
    .prepare(
      'SELECT last_treatment_on AS lastTreatmentOn, last_injector_id AS lastInjectorId FROM patient_schedule WHERE patient_id = ?',
    )
    .get(patientId) as { lastTreatmentOn: string; lastInjectorId: number | null } | undefined;
}

export type { TimedKind };
