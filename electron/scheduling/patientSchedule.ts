import { RELEASED_STATUSES, TREATING_TYPES } from '../../shared/calendar';
import { epochMsToZoned, minDay } from '../../shared/time';
import type { AreaCycle, BookedBefore, PatientSchedule } from '../../shared/schedule';
import type { EventPlan, Finding } from '../../shared/ruleResults';
import { patientAppointments } from '../db/appointmentsRepo';
import type { Db } from '../db/connection';
import { eventsOf, observationsOf, ruleObservationsIn } from '../db/observationsRepo';
import { getPatient, ruleFactsOfPatientsIn } from '../db/patientsRepo';
import {
  deleteScheduleSummary,
  patientsWithTreatments,
  sameScheduleSummary,
  scheduleSummariesIn,
  writeScheduleSummary,
  type ScheduleSummary,
} from '../db/scheduleRepo';
import { ruleTreatmentsIn, ruleTreatmentsOf, type RuleTreatmentRow } from '../db/treatmentsRepo';
import { evaluateRules } from '../rules';
import { buildEpisodes, type Episode } from '../rules/episodes';
import { earliestSafeDate, planEvent } from '../rules/event';
import { median, roundHalfUp } from '../rules/math';
import type { RulesRequest } from '../rules/input';
import type { BookingProposal, ObservationFacts, PatientFacts, RulesContext } from '../rules/types';
import { loadRulesContext } from './context';
import { explainArea } from './explain';

/** What the rules read of one patient, as the database holds it. */
export interface PatientRuleFacts {
  patient: PatientFacts;
  treatments: RuleTreatmentRow[];
  observations: ObservationFacts[];
}

/** The rules' request for one patient from what the database holds, with what is dated after `asOf` left out. */
function rulesRequestFrom(facts: PatientRuleFacts, ctx: RulesContext, asOf: string, booking?: BookingProposal): RulesRequest {
  return {
    asOf,
    patient: facts.patient,
    treatments: facts.treatments
      .filter((t) => t.date <= asOf && ctx.products.has(t.product))
      .map(({ date, product, kind, areas }) => ({ date, product, kind, areas })),
    observations: facts.observations.filter((o) => o.date <= asOf),
    ...(booking ? { booking } : {}),
    ctx,
  };
}

/** The rules' request for one patient from the database, with what is dated after `asOf` left out. */
export function rulesRequestFor(
  db: Db,
  ctx: RulesContext,
  patientId: number,
  asOf: string,
  opts: { booking?: BookingProposal; treatments?: RuleTreatmentRow[] } = {},
): RulesRequest | null {
  const facts = ruleFactsOf(db, patientId);
  if (!facts) return null;
  return rulesRequestFrom(opts.treatments ? { ...facts, treatments: opts.treatments } : facts, ctx, asOf, opts.booking);
}

function ruleFactsOf(db: Db, patientId: number): PatientRuleFacts | null {
  const patient = getPatient(db, patientId);
  if (!patient) return null;
  return {
    patient: { dob: patient.dob, activityLevel: patient.activityLevel, flags: patient.flags },
    treatments: ruleTreatmentsOf(db, patientId),
    observations: observationsOf(db, patientId).map((o) => ({ date: o.observedOn, area: o.area, kind: o.kind })),
  };
}

/** What the rules read of every patient from `fromId` to `toId`: three range queries, whatever their number. */
function ruleFactsIn(db: Db, fromId: number, toId: number): Map<number, PatientRuleFacts> {
  const treatments = ruleTreatmentsIn(db, fromId, toId);
  const observations = ruleObservationsIn(db, fromId, toId);
  const facts = new Map<number, PatientRuleFacts>();
  for (const [id, patient] of ruleFactsOfPatientsIn(db, fromId, toId)) {
    facts.set(id, { patient, treatments: treatments.get(id) ?? [], observations: observations.get(id) ?? [] });
  }
  return facts;
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
 * The patient's row of the recall summary as the rules give it: null when no area is current
 * (the patient has no row), undefined when there is no such patient.
 */
function scheduleSummaryOf(
  facts: PatientRuleFacts | null | undefined,
  ctx: RulesContext,
  patientId: number,
  asOf: string,
): ScheduleSummary | null | undefined {
  if (!facts) return undefined;
  const { treatments } = facts;
  const { recommendation } = evaluateRules(rulesRequestFrom(facts, ctx, asOf));
  const current = recommendation.areas.filter((a) => recommendation.currentAreas.includes(a.area));
  if (current.length === 0 || recommendation.nextRecallDate === null) return null;
  const reviewDates = current.flatMap((a) => (a.reviewDate ? [a.reviewDate] : []));
  const lastFull = treatments.filter((t) => t.kind === 'full' && t.date <= asOf).at(-1);
  return {
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
  };
}

function storeScheduleSummary(db: Db, patientId: number, summary: ScheduleSummary | null): void {
  if (summary === null) deleteScheduleSummary(db, patientId);
  else writeScheduleSummary(db, summary);
}

/**
 * Rewrites the patient's row of the recall summary from the rules. Call it, inside the
 * same transaction, after any write that changes what the rules read for this patient.
 */
export function refreshScheduleSummary(db: Db, ctx: RulesContext, patientId: number, asOf: string): void {
  const summary = scheduleSummaryOf(ruleFactsOf(db, patientId), ctx, patientId, asOf);
  if (summary !== undefined) storeScheduleSummary(db, patientId, summary);
}

/**
 * Rewrites every patient's summary that the rules now give otherwise: the long job behind a
 * change to the rule settings, run on a worker thread's own connection (electron/jobs). It must
 * neither hold the write lock long nor commit often: each commit by another connection drops the
 * main thread's page cache, and its next search then reads and decrypts its pages again.
 *
 * `chunk` patients at a time, their facts read with a few range queries: their summaries are
 * worked out in a read transaction (a snapshot, no lock), and only those that differ from the
 * stored rows are written, in one short write transaction. If another connection committed in
 * between (PRAGMA data_version tells), the snapshot may be out of date and is taken again; after
 * a second miss the chunk is worked out under the write lock `LOCKED` patients at a time, so a
 * change made by the main thread meanwhile is never overwritten with older facts, and a write
 * by the main thread waits for a short step at most. Each step reads the rule settings afresh.
 * Returns how many patients it looked at.
 */
export function rebuildScheduleSummaries(
  db: Db,
  asOf: string,
  opts: {
    chunk?: number;
    progress?: (done: number, total: number) => void;
    /** Called between working a chunk out and writing it: where a test commits from another connection. */
    between?: (part: readonly number[]) => void;
  } = {},
): number {
  const ids = patientsWithTreatments(db); // ascending
  const chunk = opts.chunk ?? 5000;
  const LOCKED = 250;
  const READ = 250;
  const dataVersion = () => db.pragma('data_version', { simple: true }) as number;
  /** The summaries of `part` that differ from the stored ones, worked out from one snapshot. */
  const changesIn = db.transaction((part: number[]) => {
    const ctx = loadRulesContext(db);
    const changed: [number, ScheduleSummary | null][] = [];
    // Read READ patients at a time: few queries, and little held at once for the garbage collector.
    for (let j = 0; j < part.length; j += READ) {
      const some = part.slice(j, j + READ);
      const from = some[0]!;
      const to = some.at(-1)!;
      const facts = ruleFactsIn(db, from, to);
      const stored = scheduleSummariesIn(db, from, to);
      for (const id of some) {
        const summary = scheduleSummaryOf(facts.get(id), ctx, id, asOf);
        if (summary === undefined) continue;
        const was = stored.get(id);
        if (summary === null ? was !== undefined : was === undefined || !sameScheduleSummary(was, summary)) {
          changed.push([id, summary]);
        }
      }
    }
    return { version: dataVersion(), changed };
  });
  const store = db.transaction((version: number, changed: [number, ScheduleSummary | null][]) => {
    if (dataVersion() !== version) return false;
    for (const [id, summary] of changed) storeScheduleSummary(db, id, summary);
    return true;
  });
  const refresh = db.transaction((part: number[]) => {
    const ctx = loadRulesContext(db);
    for (const id of part) refreshScheduleSummary(db, ctx, id, asOf);
  });
  for (let i = 0; i < ids.length; i += chunk) {
    const part = ids.slice(i, i + chunk);
    let done = false;
    for (let attempt = 0; attempt < 2 && !done; attempt++) {
      const seen = changesIn(part);
      opts.between?.(part);
      // Nothing to write and nothing committed meanwhile: the snapshot is still the truth.
      done = seen.changed.length === 0 ? dataVersion() === seen.version : store.immediate(seen.version, seen.changed);
    }
    if (!done) for (let j = 0; j < part.length; j += LOCKED) refresh.immediate(part.slice(j, j + LOCKED));
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
