import { clinicFormat } from '../../shared/locale';
import { calendarDayIn } from '../../shared/time';
import { addDays } from '../../shared/time';
import { CONTACT_PREFERENCE_LABELS, type Patient } from '../../shared/patients';
import { isEmailAddress, type Channel, type MergeValues, type Template, type TimedKind } from '../../shared/messages';
import type { ClinicSettings } from '../../shared/settings';
import { epochMsToZoned, zonedToEpochMs } from '../../shared/time';
import { getAppointment } from '../db/appointmentsRepo';
import type { Db } from '../db/connection';
import {
  appointmentCandidates,
  cycleCandidates,
  eventCandidates,
  insertOutbox,
  receptionHold,
  reviewBookedAhead,
  scheduleSummaryOf,
  treatmentBookedAhead,
  type StoredMailSettings,
  type StoredOutboxMessage,
} from '../db/messagesRepo';
import { getPatient } from '../db/patientsRepo';
import { getTeamMember } from '../db/staffRepo';
import type { RulesContext } from '../rules/types';
import { patientSchedule } from '../scheduling/patientSchedule';
import { commonValues, renderTemplate } from './render';
import { newMessageId } from './smtp';

/**
 * A message due on a day the app was not running still goes out when it is next opened, up to
 * this many days late; after that it would be more confusing than useful.
 */
export const CATCH_UP_DAYS = 3;

export const AUTOMATIC = 'Clinic Records (automatic)';

export interface PlanContext {
  db: Db;
  today: string;
  nowMs: number;
  clinic: ClinicSettings;
  mail: StoredMailSettings;
  templates: Template[];
  rules: RulesContext;
  /**
   * How many messages one call may queue. Planning runs on the thread that answers calls, so a
   * backlog (a clinic switching reminders on, days without the app open) is planned in short
   * steps between which calls are answered.
   */
  budget: { left: number };
}

/** Messages queued in one planning step: a few milliseconds of work on a 2-core machine. */
export const PLAN_STEP = 100;

/** Which contact preferences the clinic can reach, and by which channel. */
export function reachablePreferences(mail: Pick<StoredMailSettings, 'smsMode'>): string[] {
  return mail.smsMode === 'off' ? ['email'] : ['email', 'sms'];
}

function channelOf(p: Patient): Channel {
  return p.contactPreference === 'sms' ? 'sms' : 'email';
}

/** Who the message goes to, or why it cannot go. */
export function recipientOf(p: Patient, channel: Channel): { recipient: string; problem: string | null } {
  if (channel === 'sms') {
    const digits = p.phone.replace(/\D/g, '');
    return digits === ''
      ? { recipient: '', problem: 'There is no phone number on the patient’s record. Add it, then press Retry.' }
      : { recipient: p.phone.trim(), problem: null };
  }
  if (p.email.trim() === '') {
    return { recipient: '', problem: 'There is no e-mail address on the patient’s record. Add it, then press Retry.' };
  }
  if (!isEmailAddress(p.email.trim())) {
    return {
      recipient: p.email.trim(),
      problem: `“${p.email.trim()}” is not a valid e-mail address. Correct it on the patient’s record, then press Retry.`,
    };
  }
  return { recipient: p.email.trim(), problem: null };
}

/** The instant a day-based message is due: the clinic's "send from" time on that day. */
function dueOn(day: string, ctx: PlanContext): number {
  return zonedToEpochMs(day, ctx.mail.sendFrom, ctx.clinic.timeZone) ?? zonedToEpochMs(day, '12:00', ctx.clinic.timeZone)!;
}

function staffName(db: Db, id: number | null): string {
  return (id !== null && getTeamMember(db, id)?.name) || '';
}

interface Draft {
  idemKey: string;
  kind: TimedKind;
  patient: Patient;
  appointmentId: number | null;
  aboutOn: string;
  dueAtMs: number;
  values: MergeValues;
}

function queue(ctx: PlanContext, template: Template, d: Draft): boolean {
  const channel = channelOf(d.patient);
  const { recipient, problem } = recipientOf(d.patient, channel);
  const rendered = renderTemplate(template, { ...commonValues(d.patient, ctx.clinic), ...d.values }, ctx.clinic.name);
  const id = insertOutbox(
    ctx.db,
    {
      idemKey: d.idemKey,
      kind: d.kind,
      channel,
      patientId: d.patient.id,
      appointmentId: d.appointmentId,
      treatmentId: null,
      aboutOn: d.aboutOn,
      dueAtMs: d.dueAtMs,
      recipient,
      subject: channel === 'email' ? rendered.subject : '',
      text: channel === 'email' ? rendered.text : rendered.sms,
      html: channel === 'email' ? rendered.html : '',
      messageId: newMessageId(ctx.mail.fromAddress),
      createdBy: AUTOMATIC,
      failedBecause: problem,
    },
    ctx.nowMs,
  );
  if (id !== null) ctx.budget.left -= 1;
  return id !== null;
}

/** The window of "reason dates" whose message day (reason − lead) lies in the last few days up to today. */
function reasonWindow(ctx: PlanContext, lead: number, shift = 0): [string, string] {
  return [addDays(ctx.today, -CATCH_UP_DAYS + lead + shift), addDays(ctx.today, lead + shift)];
}

type CycleKind = 'soft_reminder' | 'recall' | 'check_in' | 'review_reminder';

function planCycleKind(ctx: PlanContext, t: Template, kind: CycleKind): number {
  const { db, today, nowMs, clinic } = ctx;
  const checkInLead = ctx.rules.settings.checkInLeadDays[0];
  const shift = kind === 'check_in' ? checkInLead : 0;
  const [earliest, to] = reasonWindow(ctx, t.lead, shift);
  // A review reminder is about a visit still ahead: never for a review day already past.
  const from = kind === 'review_reminder' && earliest < today ? today : earliest;
  let planned = 0;
  for (const c of cycleCandidates(db, kind, from, to, reachablePreferences(ctx.mail))) {
    if (ctx.budget.left <= 0) break;
    const patient = getPatient(db, c.patientId);
    if (!patient) continue;
    if (kind === 'review_reminder') {
      if (c.reviewOn === null || reviewBookedAhead(db, c.patientId, nowMs)) continue;
    } else if (treatmentBookedAhead(db, c.patientId, nowMs) || receptionHold(db, c.patientId, c.lastTreatmentOn, today)) {
      continue;
    }
    const reasonOn =
      kind === 'soft_reminder'
        ? c.softReminderOn
        : kind === 'recall'
          ? c.recallOn
          : kind === 'check_in'
            ? addDays(c.expectedReturnOn, -checkInLead)
            : c.reviewOn!;
    const dateShown = kind === 'recall' ? c.recallOn : kind === 'review_reminder' ? c.reviewOn! : c.expectedReturnOn;
    const messageDay = addDays(reasonOn, -t.lead);
    if (
      queue(ctx, t, {
        idemKey: `${kind}:${c.patientId}:${c.lastTreatmentOn}`,
        kind,
        patient,
        appointmentId: null,
        aboutOn: reasonOn,
        dueAtMs: dueOn(messageDay, ctx),
        values: { date: clinicFormat(clinic).longDate(dateShown), practitioner: staffName(db, c.lastInjectorId) },
      })
    )
      planned += 1;
  }
  return planned;
}

/** The rules' advice on when to book before an event, in a sentence for patients. */
export function eventAdvice(rules: RulesContext): string {
  const [from, to] = rules.settings.eventIdealDays;
  const weeks = (d: number) => (d % 7 === 0 ? `${d / 7} weeks` : `${d} days`);
  return `For a wedding, a holiday or another big day, book your treatment between ${weeks(from)} and ${weeks(to)} before, and no later than ${weeks(rules.settings.eventMinDays)} before.`;
}

function planEvents(ctx: PlanContext, t: Template): number {
  const { db, today, nowMs, clinic } = ctx;
  const [idealBefore] = ctx.rules.settings.eventIdealDays;
  const [earliest, to] = reasonWindow(ctx, t.lead, idealBefore);
  // Only events still ahead: an event today or past needs no preparation.
  const from = earliest <= today ? addDays(today, 1) : earliest;
  let planned = 0;
  for (const e of eventCandidates(db, from, to, reachablePreferences(ctx.mail))) {
    if (ctx.budget.left <= 0) break;
    const patient = getPatient(db, e.patientId);
    if (!patient || treatmentBookedAhead(db, e.patientId, nowMs)) continue;
    const schedule = patientSchedule(db, ctx.rules, e.patientId, today);
    const plan = schedule?.events.find((x) => x.event.id === e.eventId)?.plan;
    // When no date can work, reception sees why on the patient's page; a message would only confuse.
    if (!plan?.recommendedDate) continue;
    const messageDay = addDays(e.eventOn, -idealBefore - t.lead);
    if (
      queue(ctx, t, {
        idemKey: `event_preparation:${e.eventId}:${e.eventOn}`,
        kind: 'event_preparation',
        patient,
        appointmentId: null,
        aboutOn: e.eventOn,
        dueAtMs: dueOn(messageDay, ctx),
        values: {
          date: clinicFormat(clinic).longDate(plan.recommendedDate),
          event: e.label,
          event_date: clinicFormat(clinic).longDate(e.eventOn),
          event_advice: eventAdvice(ctx.rules),
          practitioner: staffName(db, scheduleSummaryOf(db, e.patientId)?.lastInjectorId ?? null),
        },
      })
    )
      planned += 1;
  }
  return planned;
}

function planAppointments(ctx: PlanContext, t: Template): number {
  const { db, nowMs, clinic } = ctx;
  const leadMs = t.lead * 3_600_000;
  let planned = 0;
  for (const a of appointmentCandidates(db, nowMs, nowMs + leadMs, reachablePreferences(ctx.mail))) {
    if (ctx.budget.left <= 0) break;
    // Booked inside the reminder window: the patient has just arranged it and needs no reminder.
    if (a.createdAtMs > a.startsAtMs - leadMs) continue;
    const patient = getPatient(db, a.patientId);
    if (!patient) continue;
    const { day, time } = epochMsToZoned(a.startsAtMs, clinic.timeZone);
    if (
      queue(ctx, t, {
        idemKey: `appointment_reminder:${a.appointmentId}:${a.startsAtMs}`,
        kind: 'appointment_reminder',
        patient,
        appointmentId: a.appointmentId,
        aboutOn: day,
        dueAtMs: nowMs,
        values: {
          date: clinicFormat(clinic).longDate(day),
          time: clinicFormat(clinic).time(time),
          practitioner: staffName(db, a.practitionerId),
        },
      })
    )
      planned += 1;
  }
  return planned;
}

/**
 * Queues every message that is due and not yet in the outbox, in one transaction. Each is
 * keyed by its reason (kind, patient and treatment cycle, or appointment and its time), so
 * running this again, after a restart or on another day, never makes a second one.
 */
export function planMessages(ctx: PlanContext): number {
  return ctx.db.transaction(() => {
    let planned = 0;
    for (const t of ctx.templates) {
      if (ctx.budget.left <= 0) break;
      if (!t.enabled || t.kind === 'treatment_plan') continue;
      switch (t.kind) {
        case 'appointment_reminder':
          planned += planAppointments(ctx, t);
          break;
        case 'event_preparation':
          planned += planEvents(ctx, t);
          break;
        default:
          planned += planCycleKind(ctx, t, t.kind);
      }
    }
    return planned;
  })();
}

/**
 * Whether a waiting message should still go, checked just before each attempt (the outbox may
 * have waited for hours): the reason to cancel it in words, or null to send it.
 */
export function reasonToCancel(
  db: Db,
  m: StoredOutboxMessage,
  p: Patient | undefined,
  now: { today: string; nowMs: number; timeZone: string },
): string | null {
  if (!p) return 'The patient’s record is missing';
  if (p.archived) return 'The patient’s record was archived';
  if (m.kind === 'treatment_plan') return null;
  if (p.contactPreference === 'do_not_contact') return 'The patient asked not to be contacted';
  if (channelOf(p) !== m.channel || p.contactPreference === 'phone') {
    return `The patient now prefers: ${CONTACT_PREFERENCE_LABELS[p.contactPreference].toLowerCase()}`;
  }
  if (m.kind === 'appointment_reminder') {
    const a = m.appointmentId === null ? undefined : getAppointment(db, m.appointmentId);
    if (!a || a.status === 'cancelled' || a.status === 'no_show') return 'The appointment was cancelled';
    if (!m.idemKey.endsWith(`:${a.startsAtMs}`)) return 'The appointment was moved (a reminder for the new time follows)';
    if (a.startsAtMs <= now.nowMs) return 'The appointment has already begun';
    return null;
  }
  const messageDay = calendarDayIn(now.timeZone, m.dueAtMs);
  if (addDays(messageDay, CATCH_UP_DAYS) < now.today) return `Too late: it was due on ${messageDay}`;
  if (m.kind === 'review_reminder') {
    if (m.aboutOn < now.today) return 'The review date has passed';
    return reviewBookedAhead(db, p.id, now.nowMs) ? 'The review has been booked since' : null;
  }
  if (treatmentBookedAhead(db, p.id, now.nowMs)) return 'A treatment has been booked since';
  if (m.kind === 'event_preparation') return m.aboutOn <= now.today ? 'The event has passed' : null;
  const cycleStart = m.idemKey.split(':')[2] ?? '';
  const hold = receptionHold(db, p.id, cycleStart, now.today);
  if (hold) return hold;
  const current = scheduleSummaryOf(db, p.id);
  if (current && current.lastTreatmentOn !== cycleStart) return 'A newer treatment was recorded since';
  return null;
}
