import { minDay } from '../../shared/time';
import type { PatientSchedule } from '../../shared/schedule';
import type { Db } from '../db/connection';
import { eventsOf, observationsOf } from '../db/observationsRepo';
import { getPatient } from '../db/patientsRepo';
import { deleteScheduleSummary, patientsWithTreatments, writeScheduleSummary } from '../db/scheduleRepo';
import { ruleTreatmentsOf, type RuleTreatmentRow } from '../db/treatmentsRepo';
import { evaluateRules } from '../rules';
import { earliestSafeDate, planEvent } from '../rules/event';
import type { RulesRequest } from '../rules/input';
import type { BookingProposal, RulesContext } from '../rules/types';
import { loadRulesContext } from './context';
import { explainArea } from './explain';

/** The rules' request for one patient from the database, with what is dated after `asOf` left out. */
export function rulesRequestFor(
  db: Db,
  ctx: RulesContext,
  patientId: number,
  asOf: string,
  opts: { booking?: BookingProposal; treatments?: RuleTreatmentRow[] } = {},
): RulesRequest | null {
  const patient = getPatient(db, patientId);
  if (!patient) return null;
  return {
    asOf,
    patient: { dob: patient.dob, activityLevel: patient.activityLevel, flags: patient.flags },
    treatments: (opts.treatments ?? ruleTreatmentsOf(db, patientId))
      .filter((t) => t.date <= asOf && ctx.products.has(t.product))
      .map(({ date, product, kind, areas }) => ({ date, product, kind, areas })),
    observations: observationsOf(db, patientId)
      .filter((o) => o.observedOn <= asOf)
      .map((o) => ({ date: o.observedOn, area: o.area, kind: o.kind })),
    ...(opts.booking ? { booking: opts.booking } : {}),
    ctx,
  };
}

/** Everything the patient page shows about when this patient is due, with reasons. */
export function patientSchedule(db: Db, ctx: RulesContext, patientId: number, asOf: string): PatientSchedule | null {
  const req = rulesRequestFor(db, ctx, patientId, asOf);
  if (!req) return null;
  const { recommendation } = evaluateRules(req);
  const factor = ctx.settings.activityFactors[req.patient.activityLevel];
  return {
    asOf,
    firstTimer: recommendation.firstTimer,
    currentAreas: recommendation.currentAreas,
    nextRecallDate: recommendation.nextRecallDate,
    flags: recommendation.flags,
    areas: recommendation.areas.map((a) => ({
      ...a,
      areaName: ctx.areas.get(a.area)?.name ?? a.area,
      productName: ctx.products.get(a.product)?.brand ?? a.product,
      current: recommendation.currentAreas.includes(a.area),
      reasons: explainArea(ctx, a, factor),
    })),
    observations: observationsOf(db, patientId),
    events: eventsOf(db, patientId)
      .filter((e) => e.eventOn >= asOf)
      .map((event) => ({ event, plan: planEvent(ctx, asOf, event.eventOn, recommendation) })),
  };
}

/**
 * Rewrites the patient's row of the recall summary from the rules. Call it, inside the
 * same transaction, after any write that changes what the rules read for this patient.
 */
export function refreshScheduleSummary(db: Db, ctx: RulesContext, patientId: number, asOf: string): void {
  const treatments = ruleTreatmentsOf(db, patientId);
  const req = rulesRequestFor(db, ctx, patientId, asOf, { treatments });
  if (!req) return;
  const { recommendation } = evaluateRules(req);
  const current = recommendation.areas.filter((a) => recommendation.currentAreas.includes(a.area));
  if (current.length === 0 || recommendation.nextRecallDate === null) {
    deleteScheduleSummary(db, patientId);
    return;
  }
  const reviewDates = current.flatMap((a) => (a.reviewDate ? [a.reviewDate] : []));
  const lastFull = treatments.filter((t) => t.kind === 'full' && t.date <= asOf).at(-1);
  writeScheduleSummary(db, {
    patientId,
    lastTreatmentOn: current.map((a) => a.lastTreatmentDate).reduce((x, y) => (y > x ? y : x)),
    recallOn: recommendation.nextRecallDate,
    softReminderOn: minDay(...current.map((a) => a.softReminderDate)),
    // The same date the event plan calls earliestSafeDate: the latest among the current areas.
    earliestRetreatmentOn: earliestSafeDate(recommendation)!,
    reviewOn: reviewDates.length ? minDay(...reviewDates) : null,
    expectedReturnOn: minDay(...current.map((a) => a.expectedReturnDate)),
    areas: recommendation.currentAreas,
    lastInjectorId: lastFull?.injectorId ?? null,
    snr: current.some((a) => a.flags.some((f) => f.code === 'SNR_REVIEW')),
  });
}

/**
 * Rewrites every patient's summary, `chunk` patients to a transaction: the long job behind a
 * change to the rule settings, run on a worker thread's own connection (electron/jobs). Each
 * chunk reads the rule settings afresh and writes under the write lock, so a change made by the
 * main thread meanwhile is never overwritten with older facts, and a write waits for one short
 * chunk at most. Returns how many patients it rewrote.
 */
export function rebuildScheduleSummaries(
  db: Db,
  asOf: string,
  opts: { chunk?: number; progress?: (done: number, total: number) => void } = {},
): number {
  const ids = patientsWithTreatments(db);
  const chunk = opts.chunk ?? 200;
  for (let i = 0; i < ids.length; i += chunk) {
    db.transaction(() => {
      const ctx = loadRulesContext(db);
      for (const id of ids.slice(i, i + chunk)) refreshScheduleSummary(db, ctx, id, asOf);
    }).immediate();
    opts.progress?.(Math.min(i + chunk, ids.length), ids.length);
  }
  return ids.length;
}

/** Rewrites every patient's summary in one transaction (the demo generator, on its own fresh file). */
export function refreshAllScheduleSummaries(db: Db, ctx: RulesContext, asOf: string): number {
  const ids = patientsWithTreatments(db);
  db.transaction(() => {
    for (const id of ids) refreshScheduleSummary(db, ctx, id, asOf);
  })();
  return ids.length;
}
