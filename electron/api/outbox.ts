import { toCsv } from '../../shared/csv';
import { calendarDayIn } from '../../shared/time';
import { ApiError } from '../../shared/envelope';
import { KIND_LABELS, type OutboxView } from '../../shared/messages';
import type { PatientMessage } from '../../shared/contract';
import { zonedToEpochMs } from '../../shared/time';
import { recordAudit } from '../db/auditRepo';
import {
  countSmsForExport,
  digestCounts,
  hurry,
  listOutbox,
  markCancelled,
  markExported,
  outboxCounts,
  outboxOfPatient,
  publicMessage,
  readMailSettings,
  requeue,
  smsForExport,
  getOutbox,
} from '../db/messagesRepo';
import { getPatient } from '../db/patientsRepo';
import { insertRecallContact } from '../db/scheduleRepo';
import { readClinicSettings } from '../db/settingsRepo';
import type { CallContext, ClinicHandlers } from '../dispatch';
import { recipientOf } from '../messaging/planner';
import { clinicToday } from './clinicDay';
import type { ApiDeps } from './deps';

type Handlers = Pick<
  ClinicHandlers,
  'outbox.list' | 'outbox.sendNow' | 'outbox.retry' | 'outbox.cancel' | 'outbox.exportSms' | 'outbox.digest' | 'outbox.ofPatient'
>;

const OUTBOX_PAGE = 200;

/** The outbox: what is queued, sent and failed; sending now, retrying, cancelling, the SMS export and Today's digest. */
export function outboxHandlers(deps: ApiDeps): Handlers {
  const { db, clock, messaging } = deps;
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

  return {
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
              atMs: nowMs,
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
  };
}
