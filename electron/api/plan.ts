import { ApiError } from '../../shared/envelope';
import { clinicFormat } from '../../shared/locale';
import { type PlanDocument } from '../../shared/messages';
import { recordAudit } from '../db/auditRepo';
import { getOutboxByKey, insertOutbox, outboxOfTreatment, readMailSettings, readTemplate } from '../db/messagesRepo';
import { getPatient } from '../db/patientsRepo';
import { readClinicSettings } from '../db/settingsRepo';
import type { ClinicHandlers } from '../dispatch';
import { planFacts, planText } from '../messaging/plan';
import { recipientOf } from '../messaging/planner';
import { renderTemplate } from '../messaging/render';
import { newMessageId } from '../messaging/smtp';
import { loadRulesContext } from '../scheduling/context';
import { clinicToday } from './clinicDay';
import type { ApiDeps } from './deps';

type Handlers = Pick<ClinicHandlers, 'plan.get' | 'plan.email'>;

/** The take-home treatment plan: the document to print, and e-mailing it once per request. */
export function planHandlers(deps: ApiDeps): Handlers {
  const { db, clock, messaging } = deps;
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
      treatmentDateText: clinicFormat(clinic).longDate(facts.treatment.performedOn),
      clinicName: clinic.name,
      paper: clinicFormat(clinic).paper,
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

  return {
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
