import { z } from 'zod';

/**
 * Messages to patients: the kinds sent on a timer, the take-home plan, their templates and
 * the merge fields a template may use. Pure: the main process renders and checks templates
 * with these functions, and the template editor uses the same ones to point at a mistake.
 */

/** The kinds sent on their own, each on its day (or hours before an appointment). */
export const TIMED_KINDS = [
  'appointment_reminder',
  'soft_reminder',
  'check_in',
  'recall',
  'event_preparation',
  'review_reminder',
] as const;
export type TimedKind = (typeof TIMED_KINDS)[number];

/** Every template: the timed kinds and the take-home plan (printed, or e-mailed on request). */
export const TEMPLATE_KINDS = [...TIMED_KINDS, 'treatment_plan'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

export const KIND_LABELS: Record<TemplateKind, string> = {
  appointment_reminder: 'Appointment reminder',
  soft_reminder: 'Soft reminder',
  check_in: 'Check-in',
  recall: 'Recall',
  event_preparation: 'Event preparation',
  review_reminder: 'Review reminder',
  treatment_plan: 'Take-home treatment plan',
};

/** When each timed kind goes out, in words; `lead` is the number the clinic sets. */
export const KIND_TIMING: Record<
  TimedKind,
  { unit: 'hours' | 'days'; before: string; onTheDay: string; max: number; default: number }
> = {
  appointment_reminder: {
    unit: 'hours',
    before: 'before the appointment',
    onTheDay: 'at the appointment',
    max: 168,
    default: 48,
  },
  soft_reminder: {
    unit: 'days',
    before: 'before the soft-reminder date',
    onTheDay: 'on the soft-reminder date',
    max: 60,
    default: 0,
  },
  check_in: {
    unit: 'days',
    before: 'before the check-in window opens',
    onTheDay: 'when the check-in window opens',
    max: 60,
    default: 0,
  },
  recall: { unit: 'days', before: 'before the recall date', onTheDay: 'on the recall date', max: 60, default: 0 },
  event_preparation: {
    unit: 'days',
    before: 'before the event’s ideal treatment window opens',
    onTheDay: 'when the event’s ideal treatment window opens',
    max: 60,
    default: 0,
  },
  review_reminder: { unit: 'days', before: 'before the review date', onTheDay: 'on the review date', max: 14, default: 1 },
};

/** What `{{date}}` means in each kind, for the template editor. */
export const DATE_MEANING: Record<TemplateKind, string> = {
  appointment_reminder: 'the appointment’s date',
  soft_reminder: 'when the effect is expected to wear off',
  check_in: 'when the effect is expected to wear off',
  recall: 'the recall date: from when the next treatment can be booked',
  event_preparation: 'the recommended treatment date before the event',
  review_reminder: 'the review date',
  treatment_plan: 'the treatment date',
};

export const MERGE_FIELDS = {
  first_name: 'The patient’s first name (their preferred name when they gave one)',
  last_name: 'The patient’s surname',
  date: 'The date this message is about (see above)',
  time: 'The appointment’s start time',
  practitioner: 'The practitioner: the appointment’s, or who treated the patient last',
  clinic_name: 'The clinic’s name',
  clinic_address: 'The clinic’s address',
  clinic_phone: 'The clinic’s phone number',
  event: 'What the event is, as recorded (e.g. “Wedding”)',
  event_date: 'The event’s date',
  treatment_date: 'The date of the treatment',
  treated: 'What was treated: one line per area, with the product',
  review_date: 'The review date (the line is left out when there is none)',
  movement_returns: 'When movement is expected to start returning',
  check_in: 'The check-in window',
  recall_date: 'From when the next treatment can be booked',
  events: 'The patient’s upcoming events with when to book for each (left out when none)',
  event_advice: 'When to book before a wedding or holiday, from the scheduling rules',
} as const;
export type MergeField = keyof typeof MERGE_FIELDS;

const COMMON: readonly MergeField[] = [
  'first_name',
  'last_name',
  'date',
  'practitioner',
  'clinic_name',
  'clinic_address',
  'clinic_phone',
];

/** The fields each kind may use; a template using any other is refused. */
export const KIND_FIELDS: Record<TemplateKind, readonly MergeField[]> = {
  appointment_reminder: [...COMMON, 'time'],
  soft_reminder: COMMON,
  check_in: COMMON,
  recall: COMMON,
  event_preparation: [...COMMON, 'event', 'event_date', 'event_advice'],
  review_reminder: COMMON,
  treatment_plan: [
    ...COMMON,
    'treatment_date',
    'treated',
    'review_date',
    'movement_returns',
    'check_in',
    'recall_date',
    'events',
    'event_advice',
  ],
};

// --- the template language --------------------------------------------------------------

/**
 * A template is plain text with fields written `{{first_name}}`. Blank lines separate
 * paragraphs, a line starting with "# " is a heading and one starting with "- " a list item.
 * A line whose fields are all empty is left out, so "Review: {{review_date}}" disappears
 * for a patient without a review.
 */
const FIELD = /\{\{\s*([^{}]*?)\s*\}\}/g;

export interface TemplateProblem {
  /** 'subject', 'body' or 'smsBody'. */
  part: TemplatePart;
  message: string;
}
export type TemplatePart = 'subject' | 'body' | 'smsBody';

/** Every mistake in one part of a template: unknown fields, a brace left open. */
export function templateProblems(kind: TemplateKind, part: TemplatePart, text: string): string[] {
  const allowed = KIND_FIELDS[kind];
  const problems: string[] = [];
  const unknown = new Set<string>();
  for (const m of text.matchAll(FIELD)) {
    const name = m[1]!;
    if (!(allowed as readonly string[]).includes(name)) unknown.add(name);
  }
  for (const name of unknown) {
    const known = (Object.keys(MERGE_FIELDS) as MergeField[]).includes(name as MergeField);
    problems.push(
      known
        ? `{{${name}}} cannot be used in a ${KIND_LABELS[kind].toLowerCase()}`
        : `{{${name}}} is not a field: use one of ${allowed.map((f) => `{{${f}}}`).join(', ')}`,
    );
  }
  const leftOver = text.replace(FIELD, '');
  if (leftOver.includes('{{') || leftOver.includes('}}')) {
    problems.push('A field is not written as {{name}}: check the braces');
  }
  if (part !== 'subject' && text.trim() === '' && !(kind === 'treatment_plan' && part === 'smsBody')) {
    problems.push(part === 'smsBody' ? 'Write the text message' : 'Write the message');
  }
  if (part === 'subject' && text.trim() === '') problems.push('Write the subject line');
  if (part === 'subject' && /[\r\n]/.test(text)) problems.push('Keep the subject on one line');
  return problems;
}

export type MergeValues = Partial<Record<MergeField, string>>;

/** Fills the fields in. Lines whose fields are all empty are dropped. */
export function fillTemplate(text: string, values: MergeValues): string {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const names = [...line.matchAll(FIELD)].map((m) => m[1]!);
    const filled = line.replace(FIELD, (_all, name: string) => values[name as MergeField] ?? '');
    if (names.length > 0 && names.every((n) => (values[n as MergeField] ?? '').trim() === '')) continue;
    // A field holding several lines (a list) keeps the line's bullet on each of them.
    const bullet = /^- /.test(line) && names.length > 0 ? '- ' : '';
    out.push(...filled.split('\n').map((l, i) => (i > 0 && bullet && !l.startsWith('- ') ? bullet + l : l)));
  }
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export type DocumentBlock =
  { type: 'heading'; text: string } | { type: 'paragraph'; lines: string[] } | { type: 'list'; items: string[] };

/** A filled template as blocks, for the printed plan and the e-mail's HTML part. */
export function documentBlocks(text: string): DocumentBlock[] {
  const blocks: DocumentBlock[] = [];
  let last: DocumentBlock | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (line.trim() === '') {
      last = null;
    } else if (line.startsWith('# ')) {
      last = { type: 'heading', text: line.slice(2).trim() };
      blocks.push(last);
      last = null;
    } else if (line.startsWith('- ')) {
      if (last?.type !== 'list') {
        last = { type: 'list', items: [] };
        blocks.push(last);
      }
      last.items.push(line.slice(2).trim());
    } else {
      if (last?.type !== 'paragraph') {
        last = { type: 'paragraph', lines: [] };
        blocks.push(last);
      }
      last.lines.push(line);
    }
  }
  return blocks;
}

/** The plain-text part of an e-mail: headings lose their mark, list items keep theirs. */
export function plainText(text: string): string {
  return text
    .split('\n')
    .map((l) => (l.startsWith('# ') ? l.slice(2).toUpperCase() : l))
    .join('\n');
}

// --- settings, templates and the outbox as the page sees them -------------------------------

export const SMTP_SECURITY = ['tls', 'starttls', 'none'] as const;
export type SmtpSecurity = (typeof SMTP_SECURITY)[number];
export const SMTP_SECURITY_LABELS: Record<SmtpSecurity, string> = {
  tls: 'SSL/TLS from the start (usually port 465)',
  starttls: 'STARTTLS (usually port 587)',
  none: 'None: only for a mail relay on the clinic’s own network',
};

export const SMS_MODES = ['off', 'csv', 'gateway'] as const;
export type SmsMode = (typeof SMS_MODES)[number];

const EMAIL = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/;
export function isEmailAddress(text: string): boolean {
  return EMAIL.test(text) && text.length <= 254;
}

const optionalEmail = (what: string) =>
  z
    .string()
    .trim()
    .max(254)
    .refine((e) => e === '' || isEmailAddress(e), `Enter ${what} such as reception@yourclinic.com`);

export const mailSettingsInputSchema = z
  .object({
    host: z
      .string()
      .trim()
      .max(253)
      .regex(/^[A-Za-z0-9.:[\]-]*$/, 'Enter the server’s name, such as smtp.yourclinic.com'),
    port: z.number().int('Use a whole number').min(1, 'Use a port from 1 to 65535').max(65535, 'Use a port from 1 to 65535'),
    security: z.enum(SMTP_SECURITY),
    user: z.string().trim().max(254, 'Keep the user name under 254 characters'),
    /** null keeps the saved password; the page never receives it. */
    password: z.string().max(500, 'Keep the password under 500 characters').nullable(),
    fromName: z.string().trim().max(120, 'Keep the name under 120 characters'),
    fromAddress: optionalEmail('the clinic’s address'),
    replyTo: optionalEmail('an address'),
    /** The SHA-256 fingerprint of a certificate the owner chose to trust, or null. */
    trustedFingerprint: z
      .string()
      .regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)
      .nullable(),
    sendFrom: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use a 24-hour time such as 09:00'),
    sending: z.boolean(),
    smsMode: z.enum(SMS_MODES),
    smsGateway: z
      .string()
      .trim()
      .max(254)
      .refine((g) => g === '' || (g.includes('{phone}') && isEmailAddress(g.replace('{phone}', '447700900123'))), {
        message: 'Write the address with {phone} where the number goes, such as {phone}@sms.example.com',
      }),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.smsMode === 'gateway' && s.smsGateway === '') {
      ctx.addIssue({ code: 'custom', path: ['smsGateway'], message: 'Enter the gateway’s address pattern' });
    }
    if (s.host !== '' && s.fromAddress === '') {
      ctx.addIssue({ code: 'custom', path: ['fromAddress'], message: 'Enter the address messages are sent from' });
    }
    if (s.sending && s.host === '') {
      ctx.addIssue({ code: 'custom', path: ['host'], message: 'Enter the mail server before switching sending on' });
    }
  });
export type MailSettingsInput = z.input<typeof mailSettingsInputSchema>;
export type MailSettingsFields = z.output<typeof mailSettingsInputSchema>;

export interface CertificateInfo {
  fingerprint: string;
  subject: string;
  issuer: string;
  validTo: string;
}

export interface MailSettingsView extends Omit<MailSettingsFields, 'password' | 'trustedFingerprint'> {
  passwordSet: boolean;
  trustedCertificate: CertificateInfo | null;
}

export function emptyMailSettings(): MailSettingsView {
  return {
    host: '',
    port: 587,
    security: 'starttls',
    user: '',
    passwordSet: false,
    fromName: '',
    fromAddress: '',
    replyTo: '',
    trustedCertificate: null,
    sendFrom: '09:00',
    sending: false,
    smsMode: 'off',
    smsGateway: '',
  };
}

export type SmtpProblemKind =
  'auth' | 'unreachable' | 'certificate' | 'tls' | 'recipient' | 'sender' | 'dropped' | 'not_set_up' | 'other';

/** Why the mail server did not take a message, with the form field it points at. */
export interface SmtpProblem {
  kind: SmtpProblemKind;
  field: string;
  message: string;
  certificate?: CertificateInfo;
}

export type SmtpTestResult = { ok: true; response: string } | { ok: false; problem: SmtpProblem };

export const templateInputSchema = z
  .object({
    kind: z.enum(TEMPLATE_KINDS),
    enabled: z.boolean(),
    lead: z.number().int('Use a whole number').min(0, 'Use 0 or more'),
    subject: z.string().max(200, 'Keep the subject under 200 characters'),
    body: z.string().max(10_000, 'Keep the message under 10,000 characters'),
    smsBody: z.string().max(480, 'Keep the text message under 480 characters (three texts)'),
  })
  .strict()
  .superRefine((t, ctx) => {
    for (const part of ['subject', 'body', 'smsBody'] as const) {
      const problems = templateProblems(t.kind, part, t[part]);
      if (problems.length > 0) ctx.addIssue({ code: 'custom', path: [part], message: problems.join('. ') });
    }
    if (t.kind !== 'treatment_plan' && t.lead > KIND_TIMING[t.kind].max) {
      ctx.addIssue({
        code: 'custom',
        path: ['lead'],
        message: `At most ${KIND_TIMING[t.kind].max} ${KIND_TIMING[t.kind].unit}`,
      });
    }
  });
export type TemplateInput = z.input<typeof templateInputSchema>;
export type Template = z.output<typeof templateInputSchema> & { updatedAtMs: number; isDefault: boolean };

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  sms: string;
}

export const OUTBOX_STATUSES = ['queued', 'sending', 'sent', 'failed', 'cancelled'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];
export const OUTBOX_STATUS_LABELS: Record<OutboxStatus, string> = {
  queued: 'Waiting',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Failed',
  cancelled: 'Cancelled',
};
export const CHANNELS = ['email', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface OutboxMessage {
  id: number;
  kind: TemplateKind;
  channel: Channel;
  patientId: number;
  patientName: string;
  recipient: string;
  subject: string;
  text: string;
  /** The day the message is about (the appointment's, the recall date…). */
  aboutOn: string;
  dueAtMs: number;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAtMs: number;
  lastError: string;
  serverResponse: string;
  messageId: string;
  createdAtMs: number;
  createdBy: string;
  sentAtMs: number | null;
  sentBy: string;
  /** For SMS handed to the clinic's SMS service as a CSV file rather than sent through a gateway. */
  exported: boolean;
  cancelReason: string;
}

/** How the sending stands: what the outbox and Today show above the list. */
export interface MailerState {
  state: 'not_set_up' | 'off' | 'ready' | 'waiting' | 'refused';
  /** The last connection problem, in words, while waiting or refused. */
  problem: string | null;
  sinceMs: number | null;
  nextTryAtMs: number | null;
  lastRunAtMs: number | null;
}

export interface OutboxView {
  rows: OutboxMessage[];
  counts: Record<OutboxStatus, number>;
  total: number;
  mailer: MailerState;
  /** SMS texts waiting to be exported for the clinic's SMS service. */
  smsToExport: number;
  smsMode: SmsMode;
}

export interface MessageDigest {
  today: string;
  sentToday: number;
  failedToday: number;
  waiting: number;
  failed: number;
  mailer: MailerState;
}

export interface PlanDocument {
  patientId: number;
  patientName: string;
  treatmentId: number;
  treatmentOn: string;
  /** The treatment date as patients read it in this clinic's country. */
  treatmentDateText: string;
  clinicName: string;
  paper: 'A4' | 'Letter';
  subject: string;
  /** The filled template, for the page to lay out (documentBlocks). */
  text: string;
  email: string;
  /** Why it cannot be e-mailed, or null. */
  emailRefusal: string | null;
  /** The plan e-mails already queued or sent for this treatment. */
  emailed: { id: number; status: OutboxStatus; atMs: number; recipient: string }[];
}
