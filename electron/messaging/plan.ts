import { minDay } from '../../shared/time';
import { ApiError } from '../../shared/envelope';
import { displayName, type Patient } from '../../shared/patients';
import { clinicFormat } from '../../shared/locale';
import { fillTemplate, type MergeValues, type Template } from '../../shared/messages';
import type { ClinicSettings } from '../../shared/settings';
import type { Treatment } from '../../shared/treatments';
import type { Db } from '../db/connection';
import { eventsOf } from '../db/observationsRepo';
import { getPatient } from '../db/patientsRepo';
import { getTreatment, ruleTreatmentsOf } from '../db/treatmentsRepo';
import { evaluateRules } from '../rules';
import { planEvent } from '../rules/event';
import type { RulesContext } from '../rules/types';
import { rulesRequestFor } from '../scheduling/patientSchedule';
import { eventAdvice } from './planner';
import { commonValues } from './render';

export interface PlanFacts {
  patient: Patient;
  treatment: Treatment;
  values: MergeValues;
}

/**
 * The take-home plan's facts for one finalised treatment: what was treated, and the dates the
 * rules give for those areas. Later treatments are left out (the plan is the one given that
 * day); observations recorded since do count, so a plan printed again is up to date.
 */
export function planFacts(db: Db, rules: RulesContext, clinic: ClinicSettings, treatmentId: number, today: string): PlanFacts {
  const treatment = getTreatment(db, treatmentId);
  if (!treatment) throw new ApiError('NOT_FOUND', `There is no treatment number ${treatmentId}.`);
  if (treatment.status !== 'final') {
    throw new ApiError('CONFLICT', 'Finalise the treatment record first: the plan is made from the finalised record.');
  }
  const patient = getPatient(db, treatment.patientId);
  if (!patient) throw new ApiError('NOT_FOUND', `There is no patient number ${treatment.patientId}.`);
  // Dates as the clinic writes them everywhere (shared/locale.ts): "Tuesday 24 November 2026".
  const date = clinicFormat(clinic).longDate;
  const asOf = today > treatment.performedOn ? today : treatment.performedOn;
  const treatments = ruleTreatmentsOf(db, patient.id).filter((t) => t.date <= treatment.performedOn);
  const req = rulesRequestFor(db, rules, patient.id, asOf, { treatments });
  const recommendation = req ? evaluateRules(req).recommendation : null;
  const areaCodes = treatment.areas.map((a) => a.area);
  const ours =
    recommendation?.areas.filter((a) => areaCodes.includes(a.area) && a.lastTreatmentDate === treatment.performedOn) ?? [];
  const product = rules.products.get(treatment.product ?? '')?.brand ?? treatment.product ?? '';
  const treated = treatment.areas
    .map((a) => `- ${rules.areas.get(a.area)?.name ?? a.area}${product ? `, ${product}` : ''}`)
    .join('\n');
  const reviews = ours.flatMap((a) => (a.reviewDate ? [a.reviewDate] : []));
  const first = ours.length > 0 ? ours.reduce((x, y) => (y.expectedReturnDate < x.expectedReturnDate ? y : x)) : null;
  const events = recommendation
    ? eventsOf(db, patient.id)
        .filter((e) => e.eventOn > today)
        .map((e) => {
          const plan = planEvent(rules, today, e.eventOn, recommendation);
          return plan.recommendedDate
            ? `- ${e.label} on ${date(e.eventOn)}: book your treatment on or soon after ${date(plan.recommendedDate)}.`
            : `- ${e.label} on ${date(e.eventOn)}: please call us to talk about the timing.`;
        })
        .join('\n')
    : '';
  const values: MergeValues = {
    ...commonValues(patient, clinic),
    date: date(treatment.performedOn),
    treatment_date: date(treatment.performedOn),
    practitioner: treatment.injectorName ?? '',
    treated,
    review_date: reviews.length > 0 ? date(minDay(...reviews)) : '',
    movement_returns: first ? date(first.expectedReturnDate) : '',
    check_in: first ? `between ${date(first.checkInWindow[0])} and ${date(first.checkInWindow[1])}` : '',
    recall_date: ours.length > 0 ? date(minDay(...ours.map((a) => a.recallDate))) : '',
    events,
    event_advice: eventAdvice(rules),
  };
  return { patient, treatment, values };
}

export function planText(template: Pick<Template, 'subject' | 'body'>, facts: PlanFacts): { subject: string; text: string } {
  return {
    subject: fillTemplate(template.subject, facts.values).replace(/\s+/g, ' ').trim(),
    text: fillTemplate(template.body, facts.values),
  };
}

export function patientLabel(p: Patient): string {
  return displayName(p);
}
