import { RELEASED_STATUSES, TREATING_TYPES } from '../../shared/calendar';
import { epochMsToZoned, minDay } from '../../shared/time';
import type { AreaCycle, BookedBefore, PatientSchedule } from '../../shared/schedule';
import type { EventPlan, Finding } from '../../shared/ruleResults';
import { patientAppointments } from '../db/appointmentsRepo';
import type { Db } from '../db/connection';
import { eventsOf, observationsOf } from '../db/observationsRepo';
import { getPatient } from '../db/patientsRepo';
import { deleteScheduleSummary, patientsWithTreatments, writeScheduleSummary } from '../db/scheduleRepo';
import { ruleTreatmentsOf, type RuleTreatmentRow } from '../db/treatmentsRepo';
import { evaluateRules } from '../rules';
import { buildEpisodes, type Episode } from '../rules/episodes';
import { earliestSafeDate, planEvent } from '../rules/event';
import { median, roundHalfUp } from '../rules/math';
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

/** Options for what depends on the clinic's clock and calendar rather than on the day alone. */
export interface ScheduleOptions {
  /** The first day a treatment could still be given: today before closing time, else the next open day. */
  firstBookableDay?: string;
  /** Appointments from this instant on count as booked (for the event plans), read on the clinic's wall clock. */
  booked?: { nowMs: number; timeZone: string };
}

/** Everything the patient page shows about when this patient is due, with reasons. */
export function patientSchedule(
  db: Db,
  ctx: RulesContext,
  patientId: number,
  asOf: string,
  opts: ScheduleOptions = {},
): PatientSchedule | null {
  const req = rulesRequestFor(db, ctx, patientId, asOf);
  if (!req) return null;
  const { recommendation } = evaluateRules(req);
  const episodes = buildEpisodes(req.treatments, req.observations, ctx.settings);
  const factor = ctx.settings.activityFactors[req.patient.activityLevel];
  const observations = observationsOf(db, patientId);
  const booked = opts.booked ? treatmentsBookedFrom(db, patientId, opts.booked.nowMs, opts.booked.timeZone) : [];
  return {
    asOf,
    firstTimer: recommendation.firstTimer,
    currentAreas: recommendation.currentAreas,
    nextRecallDate: recommendation.nextRecallDate,
    flags: recommendation.flags,
    areas: recommendation.areas.map((a) => {
      const list = episodes.get(a.area) ?? [];
      return {
        ...a,
        areaName: ctx.areas.get(a.area)?.name ?? a.area,
        productName: ctx.products.get(a.product)?.brand ?? a.product,
        current: recommendation.currentAreas.includes(a.area),
        cycles: list.map((e) => cycleOf(ctx, e)),
        reviewBelowDays: reviewThreshold(ctx, list, a.expectedDurationDays),
        reasons: explainArea(ctx, a, factor),
      };
    }),
    observations,
    events: eventsOf(db, patientId)
      .filter((e) => e.eventOn >= asOf)
      .map((event) => {
        const plan = planEvent(ctx, opts.firstBookableDay ?? asOf, event.eventOn, recommendation);
        return {
          event,
          plan: withWhatWasSeen(ctx, plan, recommendation.areas, recommendation.currentAreas, observations),
          booked: booked.find((b) => b.date <= event.eventOn) ?? null,
        };
      }),
  };
}

function cycleOf(ctx: RulesContext, e: Episode): AreaCycle {
  return {
    start: e.start,
    product: e.product,
    productName: ctx.products.get(e.product)?.brand ?? e.product,
    units: e.units,
    observedDays: e.observedDuration,
    noResponse: e.noResponse,
  };
}

/**
 * How short a cycle of the latest product must be to call for a review (RULES.md §5.3): the
 * non-response fraction of the median of the cycles before the last two, or of the expected
 * duration while there are too few cycles to have such a baseline.
 */
function reviewThreshold(ctx: RulesContext, list: readonly Episode[], expected: number): number | null {
  const latest = list.at(-1);
  if (!latest) return null;
  const timed = list.filter((e) => e.product === latest.product && e.observedDuration !== null).map((e) => e.observedDuration!);
  const baseline = timed.length >= 3 ? median(timed.slice(0, -2)) : expected;
  return roundHalfUp(ctx.settings.snrFraction * baseline);
}

/** Treatments booked from now on, soonest first. */
function treatmentsBookedFrom(db: Db, patientId: number, nowMs: number, timeZone: string): BookedBefore[] {
  return patientAppointments(db, patientId)
    .filter((a) => a.startsAtMs >= nowMs && TREATING_TYPES.includes(a.type) && !RELEASED_STATUSES.includes(a.status))
    .sort((x, y) => x.startsAtMs - y.startsAtMs)
    .map((a) => {
      const at = epochMsToZoned(a.startsAtMs, timeZone);
      return { appointmentId: a.id, date: at.day, start: at.time, practitionerName: a.practitionerName };
    });
}

/**
 * The rules judge an event by the expected return alone; when movement has already been seen
 * returning in a current area since its last treatment, the effect will not last until the event
 * whatever the expectation said, and the plan must not claim it will.
 */
function withWhatWasSeen(
  ctx: RulesContext,
  plan: EventPlan,
  areas: readonly { area: string; lastTreatmentDate: string }[],
  current: readonly string[],
  observations: readonly { area: string; observedOn: string; kind: string }[],
): EventPlan {
  const seen = areas
    .filter((a) => current.includes(a.area))
    .flatMap((a) => {
      const o = observations.find(
        (x) =>
          x.area === a.area &&
          x.kind === 'movement_returning' &&
          x.observedOn > a.lastTreatmentDate &&
          x.observedOn <= plan.eventDate,
      );
      return o ? [{ area: a.area, on: o.observedOn }] : [];
    });
  if (seen.length === 0) return plan;
  const names = seen.map((x) => ctx.areas.get(x.area)?.name ?? x.area);
  const finding: Finding = {
    code: 'MOVEMENT_ALREADY_RETURNING',
    severity: 'info',
    message: `Movement is already returning (${names.join(', ')}, seen on ${seen.map((x) => x.on).join(', ')}): the current treatment will not last until the event.`,
  };
  return { ...plan, findings: [...plan.findings.filter((f) => f.code !== 'CURRENT_EFFECT_COVERS_EVENT'), finding] };
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
