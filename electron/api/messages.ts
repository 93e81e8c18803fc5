import { toCsv } from '../../shared/csv';
import { calendarDayIn } from '../../shared/dates';
import { addDays } from '../../shared/days';
import { ApiError } from '../../shared/envelope';
import {
  fillTemplate,
  KIND_LABELS,
  patientDate,
  patientTime,
  paperSizeFor,
  templateProblems,
  type CertificateInfo,
  type MailSettingsFields,
  type MailSettingsView,
  type MergeValues,
  type OutboxView,
  type PlanDocument,
  type TemplateKind,
  type TemplatePart,
} from '../../shared/messages';
import type { PatientMessage } from '../../shared/contract';
import { zonedToEpochMs, epochMsToZoned } from '../../shared/zonedTime';
import { readAppState, writeAppState } from '../db/appStateRepo';
import { recordAudit } from '../db/auditRepo';
import { patientAppointments } from '../db/appointmentsRepo';
import {
  countSmsForExport,
  digestCounts,
  getOutboxByKey,
  hurry,
  insertOutbox,
  listOutbox,
  markCancelled,
  markExported,
  outboxCounts,
  outboxOfPatient,
  outboxOfTreatment,
  publicMessage,
  readMailSettings,
  readTemplate,
  readTemplates,
  requeue,
  scheduleSummaryOf,
  smsForExport,
  writeMailSettings,
  writeTemplate,
  getOutbox,
  type StoredMailSettings,
} from '../db/messagesRepo';
import { getPatient } from '../db/patientsRepo';
import { insertRecallContact } from '../db/scheduleRepo';
import { readClinicSettings } from '../db/settingsRepo';
import { getTeamMember } from '../db/staffRepo';
import { lastClinicTreatment } from '../db/treatmentsRepo';
import type { CallContext, ClinicHandlers } from '../dispatch';
import { planFacts, planText } from '../messaging/plan';
import { eventAdvice, recipientOf } from '../messaging/planner';
import { commonValues, renderTemplate } from '../messaging/render';
import { fetchServerCertificate, newMessageId } from '../messaging/smtp';
import { loadRulesContext } from '../scheduling/context';
import { patientSchedule } from '../scheduling/patientSchedule';
import { clinicToday } from './clinicDay';
import type { ApiDeps } from './deps';

type MessageHandlers = Pick<
  ClinicHandlers,
  | 'mailSettings.get'
  | 'mailSettings.update'
  | 'mailSettings.test'
  | 'templates.list'
  | 'templates.save'
  | 'templates.preview'
  | 'outbox.list'
  | 'outbox.sendNow'
  | 'outbox.retry'
  | 'outbox.cancel'
  | 'outbox.exportSms'
  | 'outbox.digest'
  | 'outbox.ofPatient'
  | 'plan.get'
  | 'plan.email'
>;

function view(s: StoredMailSettings, certificate: MailSettingsView['trustedCertificate']): MailSettingsView {
  const { password, trustedCertPem: _pem, trustedFingerprint: _fp, ...rest } = s;
  return { ...rest, passwordSet: password !== '', trustedCertificate: certificate };
}

const OUTBOX_PAGE = 200;

export function messageHandlers(deps: ApiDeps): MessageHandlers {
  const { db, clock, messaging } = deps;
  /** The trusted certificate's description is kept beside it, read back for the page. */
  const certificateKey = 'mail_trusted_certificate';

  function settingsView(): MailSettingsView {
    const s = readMailSettings(db);
    const described = s.trustedFingerprint ? readAppState(db, certificateKey) : null;
    return view(
      s,
      s.trustedFingerprint
        ? {
            fingerprint: s.trustedFingerprint,
            subject: '',
            issuer: '',
            validTo: '',
            ...(described ? (JSON.parse(described) as Omit<CertificateInfo, 'fingerprint'>) : {}),
          }
        : null,
    );
  }

  /**
   * The settings as the form gives them, with the saved password kept when none was typed and
   * the certificate the owner chose resolved to the one the server actually showed.
   */
  async function resolveAccount(input: MailSettingsFields): Promise<StoredMailSettings> {
    const saved = readMailSettings(db);
    let trustedCertPem: string | null = null;
    if (input.trustedFingerprint !== null) {
      if (input.trustedFingerprint === saved.trustedFingerprint) {
        trustedCertPem = saved.trustedCertPem;
      } else {
        let seen = messaging.certificatesSeen.get(input.trustedFingerprint);
        if (!seen && input.host !== '' && input.security !== 'none') {
          seen = await fetchServerCertificate(input).catch(() => undefined);
        }
        if (!seen || seen.fingerprint !== input.trustedFingerprint) {
          throw new ApiError(
            'INVALID_INPUT',
            'That certificate is not the one the server shows now. Send a test message to see it again.',
            {
              trustedFingerprint: 'Send a test message first, so the app can show you the server’s certificate',
            },
          );
        }
        messaging.certificatesSeen.set(seen.fingerprint, seen);
        trustedCertPem = seen.pem;
      }
    }
    return {
      ...input,
      password: input.password ?? saved.password,
      trustedCertPem,
      trustedFingerprint: trustedCertPem === null ? null : input.trustedFingerprint,
    };
  }

  function outboxView(ctx: CallContext, status: Parameters<typeof listOutbox>[1], limit = OUTBOX_PAGE): OutboxView {
    const { rows, total } = listOutbox(db, status, limit);
    return {
      rows: rows.map((m) => {
        const pub = publicMessage(m);
        // A take-home plan says what was treated: reception sees that it went, not what it says.
        return ctx.staff.role === 'reception' && m.kind === 'treatment_plan'
          ? { ...pub, text: '(The plan’s text is shown to practitioners only.)' }
          : pub;
      }),
      total,
      counts: outboxCounts(db),
      mailer: messaging.mailerState(),
      smsToExport: countSmsForExport(db, clock.nowMs()),
      smsMode: readMailSettings(db).smsMode,
    };
  }

  function mustHaveMessage(id: number) {
    const m = getOutbox(db, id);
    if (!m) throw new ApiError('NOT_FOUND', `There is no message number ${id}.`);
    return m;
  }

  function planDocument(treatmentId: number): PlanDocument {
    const clinic = readClinicSettings(db, deps.systemTimeZone);
    const facts = planFacts(db, loadRulesContext(db), clinic, treatmentId, clinicToday(deps));
    const { subject, text } = planText(readTemplate(db, 'treatment_plan'), facts);
    const { patient } = facts;
    const { problem } = recipientOf(patient, 'email');
    const mail = readMailSettings(db);
    const emailRefusal =
      mail.host === '' || mail.fromAddress === ''
        ? 'The clinic’s e-mail account is not set up yet (Settings → E-mail and SMS).'
        : patient.archived
          ? 'The patient’s record is archived.'
          : patient.contactPreference === 'do_not_contact'
            ? 'The patient asked not to be contacted.'
            : problem;
    return {
      patientId: patient.id,
      patientName: `${patient.preferredName || patient.firstName} ${patient.lastName}`,
      treatmentId,
      treatmentOn: facts.treatment.performedOn,
      treatmentDateText: patientDate(facts.treatment.performedOn, clinic.country),
      clinicName: clinic.name,
      paper: paperSizeFor(clinic.country),
      subject,
      text,
      email: patient.email,
      emailRefusal,
      emailed: outboxOfTreatment(db, treatmentId).map((m) => ({
        id: m.id,
        status: m.status,
        atMs: m.sentAtMs ?? m.createdAtMs,
        recipient: m.recipient,
      })),
    };
  }

  /** Values for a preview with a real patient, and what they are about. */
  function previewValues(kind: TemplateKind, patientId: number): { values: MergeValues; note: string } {
    const patient = getPatient(db, patientId);
    if (!patient) throw new ApiError('NOT_FOUND', `There is no patient number ${patientId}.`);
    const clinic = readClinicSettings(db, deps.systemTimeZone);
    const rules = loadRulesContext(db);
    const today = clinicToday(deps);
    const date = (d: string) => patientDate(d, clinic.country);
    const base = commonValues(patient, clinic);
    const summary = scheduleSummaryOf(db, patientId);
    const lastInjector = summary?.lastInjectorId ? (getTeamMember(db, summary.lastInjectorId)?.name ?? '') : '';
    const example = addDays(today, 14);
    if (kind === 'treatment_plan') {
      const t = lastClinicTreatment(db, patientId);
      if (!t)
        return {
          values: { ...base, date: date(today), treatment_date: date(today), event_advice: eventAdvice(rules) },
          note: `${patient.firstName} has no finalised treatment yet: the treatment’s facts are left out.`,
        };
      return {
        values: planFacts(db, rules, clinic, t.id, today).values,
        note: `${patient.firstName}’s treatment of ${t.performedOn}.`,
      };
    }
    if (kind === 'appointment_reminder') {
      const next = patientAppointments(db, patientId).find(
        (a) => a.startsAtMs > clock.nowMs() && (a.status === 'booked' || a.status === 'confirmed'),
      );
      if (next) {
        const { day, time } = epochMsToZoned(next.startsAtMs, clinic.timeZone);
        return {
          values: { ...base, date: date(day), time: patientTime(time, clinic.country), practitioner: next.practitionerName },
          note: `${patient.firstName}’s next appointment.`,
        };
      }
      return {
        values: {
          ...base,
          date: date(example),
          time: patientTime('10:00', clinic.country),
          practitioner: lastInjector || 'Dr Example',
        },
        note: `${patient.firstName} has no appointment booked: an example one is shown.`,
      };
    }
    if (kind === 'event_preparation') {
      const schedule = patientSchedule(db, rules, patientId, today);
      const ev = schedule?.events[0];
      if (ev) {
        return {
          values: {
            ...base,
            date: ev.plan.recommendedDate ? date(ev.plan.recommendedDate) : '',
            event: ev.event.label,
            event_date: date(ev.event.eventOn),
            event_advice: eventAdvice(rules),
            practitioner: lastInjector,
          },
          note: `${patient.firstName}’s ${ev.event.label.toLowerCase()}.`,
        };
      }
      return {
        values: {
          ...base,
          date: date(example),
          event: 'Wedding',
          event_date: date(addDays(example, 42)),
          event_advice: eventAdvice(rules),
          practitioner: lastInjector,
        },
        note: `${patient.firstName} has no event recorded: an example wedding is shown.`,
      };
    }
    if (!summary) {
      return {
        values: { ...base, date: date(example), practitioner: lastInjector },
        note: `${patient.firstName} has no treatment dates yet: an example date is shown.`,
      };
    }
    const s = patientSchedule(db, rules, patientId, today)!;
    const current = s.areas.filter((a) => a.current);
    const dates = {
      soft_reminder: current.map((a) => a.expectedReturnDate).sort()[0],
      check_in: current.map((a) => a.expectedReturnDate).sort()[0],
      recall: s.nextRecallDate,
      review_reminder: current.flatMap((a) => (a.reviewDate ? [a.reviewDate] : [])).sort()[0],
    }[kind];
    return {
      values: { ...base, date: dates ? date(dates) : '', practitioner: lastInjector },
      note: dates ? `${patient.firstName}’s own dates from the scheduling rules.` : `${patient.firstName} has no such date now.`,
    };
  }

  return {
    'mailSettings.get': () => settingsView(),

    'mailSettings.update': async (input, { staff }) => {
      const next = await resolveAccount(input);
      const before = settingsView();
      const passwordChanged = input.password !== null && input.password !== readMailSettings(db).password;
      db.transaction(() => {
        const atMs = clock.nowMs();
        writeMailSettings(db, next, atMs);
        const seen = next.trustedFingerprint ? messaging.certificatesSeen.get(next.trustedFingerprint) : undefined;
        if (seen) {
          const { pem: _p, fingerprint: _f, ...described } = seen;
          writeAppState(db, certificateKey, JSON.stringify(described));
        }
        // The password itself never reaches the audit trail: only whether it changed.
        recordAudit(db, {
          atMs,
          staff,
          action: 'update',
          entity: 'mail_settings',
          entityId: '1',
          before,
          after: { ...settingsView(), passwordChanged },
        });
      })();
      messaging.settingsChanged();
      return settingsView();
    },

    'mailSettings.test': async ({ settings, to }, { staff }) => {
      const account = await resolveAccount(settings).catch((err: unknown) => {
        // An untrusted certificate is what the test is there to show: test without it.
        if (err instanceof ApiError && err.fields?.trustedFingerprint)
          return resolveAccount({ ...settings, trustedFingerprint: null });
        throw err;
      });
      const result = await messaging.test(account, to, clock.nowMs());
      const atMs = clock.nowMs();
      recordAudit(db, {
        atMs,
        staff,
        action: 'send',
        entity: 'test_message',
        entityId: to,
        patientId: null,
        before: undefined,
        after: { host: account.host, port: account.port, ok: result.ok, problem: result.ok ? null : result.problem.kind },
      });
      return result;
    },

    'templates.list': () => readTemplates(db),

    'templates.save': (t, { staff }) =>
      db.transaction(() => {
        const before = readTemplate(db, t.kind);
        const atMs = clock.nowMs();
        writeTemplate(db, t, atMs);
        recordAudit(db, {
          atMs,
          staff,
          action: 'update',
          entity: 'message_template',
          entityId: t.kind,
          before,
          after: readTemplate(db, t.kind),
        });
        messaging.settingsChanged();
        return readTemplates(db);
      })(),

    'templates.preview': ({ kind, subject, body, smsBody, patientId }) => {
      const problems = (['subject', 'body', 'smsBody'] as TemplatePart[]).flatMap((part) =>
        templateProblems(kind, part, { subject, body, smsBody }[part]).map((message) => ({ part, message })),
      );
      const { values, note } = previewValues(kind, patientId);
      const clinic = readClinicSettings(db, deps.systemTimeZone);
      const rendered = renderTemplate({ subject, body, smsBody }, values, clinic.name);
      return { rendered, filled: fillTemplate(body, values), problems, note };
    },

    'outbox.list': ({ status, limit }, ctx) => outboxView(ctx, status, limit),

    'outbox.sendNow': async ({ id }, ctx) => {
      if (id !== null) {
        const m = mustHaveMessage(id);
        if (m.status !== 'queued') throw new ApiError('CONFLICT', `This message is ${m.status}, not waiting.`);
        hurry(db, id, clock.nowMs());
      }
      await messaging.run({ force: true, actor: ctx.staff });
      return outboxView(ctx, 'all');
    },

    'outbox.retry': async ({ id }, ctx) => {
      const m = mustHaveMessage(id);
      db.transaction(() => {
        if (!requeue(db, id, clock.nowMs()))
          throw new ApiError('CONFLICT', `This message is ${m.status}: only a failed message can be tried again.`);
        recordAudit(db, {
          atMs: clock.nowMs(),
          staff: ctx.staff,
          action: 'update',
          entity: 'message',
          entityId: String(id),
          patientId: m.patientId,
          before: { status: m.status },
          after: { status: 'queued' },
        });
      })();
      await messaging.run({ force: true, actor: ctx.staff });
      return outboxView(ctx, 'all');
    },

    'outbox.cancel': ({ id, reason }, ctx) => {
      const m = mustHaveMessage(id);
      db.transaction(() => {
        if (!markCancelled(db, id, `${reason} (${ctx.staff.name})`, clock.nowMs())) {
          throw new ApiError('CONFLICT', `This message is ${m.status}: only a waiting or failed message can be cancelled.`);
        }
        recordAudit(db, {
          atMs: clock.nowMs(),
          staff: ctx.staff,
          action: 'update',
          entity: 'message',
          entityId: String(id),
          patientId: m.patientId,
          before: { status: m.status },
          after: { status: 'cancelled', reason },
        });
      })();
      return outboxView(ctx, 'all');
    },

    'outbox.exportSms': (_input, { staff }) => {
      const mail = readMailSettings(db);
      if (mail.smsMode !== 'csv') {
        throw new ApiError(
          'CONFLICT',
          mail.smsMode === 'gateway'
            ? 'Text messages go through the e-mail-to-SMS gateway by themselves.'
            : 'Text messages are switched off (Settings → E-mail and SMS).',
        );
      }
      return db.transaction(() => {
        const nowMs = clock.nowMs();
        const today = clinicToday(deps);
        const rows: string[][] = [];
        for (const m of smsForExport(db, nowMs)) {
          const patient = getPatient(db, m.patientId);
          const { recipient, problem } = patient ? recipientOf(patient, 'sms') : { recipient: '', problem: 'No patient' };
          if (problem !== null) continue;
          if (!markExported(db, m.id, recipient, staff.name, nowMs)) continue;
          insertRecallContact(
            db,
            {
              patientId: m.patientId,
              contactedOn: today,
              outcome: 'sms_sent',
              snoozedUntil: null,
              note: `${KIND_LABELS[m.kind]} (exported for the SMS service)`,
              staffName: staff.name,
            },
            nowMs,
          );
          recordAudit(db, {
            atMs: nowMs,
            staff,
            action: 'send',
            entity: 'message',
            entityId: String(m.id),
            patientId: m.patientId,
            before: undefined,
            after: { kind: m.kind, channel: 'sms', recipient, exported: true },
          });
          rows.push([recipient, m.text, m.patientName, KIND_LABELS[m.kind], m.aboutOn]);
        }
        recordAudit(db, {
          atMs: nowMs,
          staff,
          action: 'export',
          entity: 'csv',
          entityId: 'sms_texts',
          patientId: null,
          before: undefined,
          after: { rows: rows.length },
        });
        return {
          fileName: `sms-${today}.csv`,
          csv: toCsv(['phone', 'message', 'patient', 'reason', 'about'], rows),
          count: rows.length,
        };
      })();
    },

    'outbox.digest': () => {
      const clinic = readClinicSettings(db, deps.systemTimeZone);
      const nowMs = clock.nowMs();
      const today = calendarDayIn(clinic.timeZone, nowMs);
      const since = zonedToEpochMs(today, '00:00', clinic.timeZone) ?? nowMs - 86_400_000;
      return { today, ...digestCounts(db, since), mailer: messaging.mailerState() };
    },

    'outbox.ofPatient': ({ patientId }) => {
      const { timeZone } = readClinicSettings(db, deps.systemTimeZone);
      return outboxOfPatient(db, patientId, 50).map((m): PatientMessage => {
        const { text: _t, ...rest } = publicMessage(m);
        return { ...rest, sentOn: m.sentAtMs === null ? null : calendarDayIn(timeZone, m.sentAtMs) };
      });
    },

    'plan.get': ({ treatmentId }) => planDocument(treatmentId),

    'plan.email': async ({ treatmentId, requestKey }, { staff }) => {
      const doc = planDocument(treatmentId);
      if (doc.emailRefusal) throw new ApiError('CONFLICT', doc.emailRefusal);
      const idemKey = `treatment_plan:${treatmentId}:${requestKey}`;
      // The same request twice (a double click, a retried call) queues one message.
      if (!getOutboxByKey(db, idemKey)) {
        const clinic = readClinicSettings(db, deps.systemTimeZone);
        const patient = getPatient(db, doc.patientId)!;
        const facts = planFacts(db, loadRulesContext(db), clinic, treatmentId, clinicToday(deps));
        const rendered = renderTemplate(readTemplate(db, 'treatment_plan'), facts.values, clinic.name);
        const mail = readMailSettings(db);
        db.transaction(() => {
          const nowMs = clock.nowMs();
          const id = insertOutbox(
            db,
            {
              idemKey,
              kind: 'treatment_plan',
              channel: 'email',
              patientId: patient.id,
              appointmentId: null,
              treatmentId,
              aboutOn: facts.treatment.performedOn,
              dueAtMs: nowMs,
              recipient: patient.email.trim(),
              subject: rendered.subject,
              text: rendered.text,
              html: rendered.html,
              messageId: newMessageId(mail.fromAddress),
              createdBy: staff.name,
              failedBecause: null,
            },
            nowMs,
          );
          recordAudit(db, {
            atMs: nowMs,
            staff,
            action: 'create',
            entity: 'message',
            entityId: String(id),
            patientId: patient.id,
            before: undefined,
            after: { kind: 'treatment_plan', treatmentId },
          });
        })();
      }
      await messaging.run({ force: true, actor: staff });
      return planDocument(treatmentId);
    },
  };
}
