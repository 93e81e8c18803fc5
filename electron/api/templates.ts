import { clinicFormat } from '../../shared/locale';
import { addDays } from '../../shared/time';
import { ApiError } from '../../shared/envelope';
import { fillTemplate, templateProblems, type MergeValues, type TemplateKind, type TemplatePart } from '../../shared/messages';
import { epochMsToZoned } from '../../shared/time';
import { recordAudit } from '../db/auditRepo';
import { patientAppointments } from '../db/appointmentsRepo';
import { readTemplate, readTemplates, scheduleSummaryOf, writeTemplate } from '../db/messagesRepo';
import { getPatient } from '../db/patientsRepo';
import { readClinicSettings } from '../db/settingsRepo';
import { getTeamMember } from '../db/staffRepo';
import { lastClinicTreatment } from '../db/treatmentsRepo';
import type { ClinicHandlers } from '../dispatch';
import { planFacts } from '../messaging/plan';
import { eventAdvice } from '../messaging/planner';
import { commonValues, renderTemplate } from '../messaging/render';
import { loadRulesContext } from '../scheduling/context';
import { patientSchedule } from '../scheduling/patientSchedule';
import { clinicToday } from './clinicDay';
import type { ApiDeps } from './deps';

type Handlers = Pick<ClinicHandlers, 'templates.list' | 'templates.save' | 'templates.preview'>;

/** The message templates: listing, saving (unknown merge fields refused) and previewing with a real patient. */
export function templateHandlers(deps: ApiDeps): Handlers {
  const { db, clock, messaging } = deps;
  /** Values for a preview with a real patient, and what they are about. */
  function previewValues(kind: TemplateKind, patientId: number): { values: MergeValues; note: string } {
    const patient = getPatient(db, patientId);
    if (!patient) throw new ApiError('NOT_FOUND', `There is no patient number ${patientId}.`);
    const clinic = readClinicSettings(db, deps.systemTimeZone);
    const rules = loadRulesContext(db);
    const today = clinicToday(deps);
    const format = clinicFormat(clinic);
    const date = format.longDate;
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
        note: `${patient.firstName}’s treatment of ${format.date(t.performedOn)}.`,
      };
    }
    if (kind === 'appointment_reminder') {
      const next = patientAppointments(db, patientId).find(
        (a) => a.startsAtMs > clock.nowMs() && (a.status === 'booked' || a.status === 'confirmed'),
      );
      if (next) {
        const { day, time } = epochMsToZoned(next.startsAtMs, clinic.timeZone);
        return {
          values: { ...base, date: date(day), time: format.time(time), practitioner: next.practitionerName },
          note: `${patient.firstName}’s next appointment.`,
        };
      }
      return {
        values: {
          ...base,
          date: date(example),
          time: format.time('10:00'),
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
  };
}
