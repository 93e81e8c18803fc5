import { addDays, maxDay, minDay } from '../../shared/time';
import type { Episode, EpisodesByArea } from './episodes';
import { atMost, clamp, median, roundHalfUp } from './math';
import type {
  AreaRecommendation,
  DurationBasis,
  Finding,
  PatientFacts,
  Recommendation,
  RulesContext,
  TreatmentFacts,
} from './types';

export function productOf(ctx: RulesContext, code: string) {
  const product = ctx.products.get(code);
  if (!product) throw new Error(`Unknown product ${code}`);
  return product;
}

/** max(settings floor, the product's label floor): RULES.md §5.5. */
export function minimumIntervalFor(ctx: RulesContext, productCode: string): number {
  return Math.max(ctx.settings.minIntervalDays, productOf(ctx, productCode).labelMinIntervalDays);
}

function priorDays(ctx: RulesContext, area: string, productCode: string, patient: PatientFacts): number {
  const base = Math.max(productOf(ctx, productCode).priorDays, ctx.areas.get(area)?.priorDays ?? 0);
  return roundHalfUp(base * ctx.settings.activityFactors[patient.activityLevel]);
}

/** RULES.md §5.3: a shortening effect at an unchanged or higher dose, or no response at all. */
function secondaryNonResponse(episodes: readonly Episode[], latest: Episode, snrFraction: number): boolean {
  if (latest.noResponse) return true;
  const timed = episodes.filter((e) => e.product === latest.product && e.observedDuration !== null);
  if (timed.length < 3) return false;
  const earlier = timed.slice(0, -2);
  const lastTwo = timed.slice(-2);
  const baseline = median(earlier.map((e) => e.observedDuration!));
  const baselineUnits = median(earlier.map((e) => e.units));
  return lastTwo.every((e) => atMost(e.observedDuration!, snrFraction * baseline) && e.units >= baselineUnits);
}

function snrFinding(area: string, latest: Episode): Finding {
  return {
    code: 'SNR_REVIEW',
    severity: 'warn',
    area,
    message: latest.noResponse
      ? 'No response was recorded after the latest treatment. Review before re-treating: check technique, dose, product storage and lot, and consider antibody-mediated non-response.'
      : 'The effect has been much shorter for the last two cycles at the same or a higher dose. Review before re-treating: check technique, dose and product, and consider antibody-mediated non-response. Intervals are not shortened.',
  };
}

export function recommendArea(
  ctx: RulesContext,
  area: string,
  episodes: readonly Episode[],
  patient: PatientFacts,
): AreaRecommendation {
  const { settings } = ctx;
  const latest = episodes.at(-1)!;
  const L = latest.start;
  const uL = latest.units;
  const prior = priorDays(ctx, area, latest.product, patient);
  const eligible = episodes
    .filter(
      (e) =>
        e.product === latest.product &&
        e.observedDuration !== null &&
        atMost(Math.abs(e.units - uL), settings.doseToleranceFraction * uL),
    )
    .map((e) => e.observedDuration!);
  const snr = secondaryNonResponse(episodes, latest, settings.snrFraction);

  let expected: number;
  let basis: DurationBasis;
  if (snr) {
    // Never shorten the interval for a possible non-responder.
    expected = prior;
    basis = 'prior_snr';
  } else if (eligible.length === 0) {
    expected = prior;
    basis = 'prior';
  } else if (eligible.length === 1) {
    expected = clamp(eligible[0]!, prior - settings.personalClampDays, prior + settings.personalClampDays);
    basis = 'personal_single';
  } else {
    expected = roundHalfUp(median(eligible.slice(-3)));
    basis = 'personal';
  }

  const minimumInterval = minimumIntervalFor(ctx, latest.product);
  const expectedReturn = addDays(L, expected);
  const earliestRetreatment = addDays(L, minimumInterval);
  const previous = episodes.at(-2);
  const firstOfKind = previous === undefined || previous.product !== latest.product;

  return {
    area,
    lastTreatmentDate: L,
    product: latest.product,
    units: uL,
    expectedDurationDays: expected,
    durationBasis: basis,
    observedDurations: episodes.filter((e) => e.observedDuration !== null).map((e) => e.observedDuration!),
    expectedReturnDate: expectedReturn,
    earliestRetreatmentDate: earliestRetreatment,
    recallDate: maxDay(addDays(expectedReturn, -settings.recallLeadDays), earliestRetreatment),
    softReminderDate: maxDay(addDays(L, settings.softReminderFloorDays), addDays(expectedReturn, -settings.softReminderLeadDays)),
    checkInWindow: [addDays(expectedReturn, -settings.checkInLeadDays[0]), addDays(expectedReturn, -settings.checkInLeadDays[1])],
    reviewDate: firstOfKind ? addDays(L, settings.reviewDay) : null,
    flags: snr ? [snrFinding(area, latest)] : [],
    priorDays: prior,
    eligibleDurations: eligible,
    minimumIntervalDays: minimumInterval,
  };
}

/** Units of one cumulative group's products dated in [from, to], all areas, full and touch-up. */
export function groupUnits(
  ctx: RulesContext,
  treatments: readonly TreatmentFacts[],
  group: string,
  from: string,
  to: string,
): number {
  return treatments
    .filter((t) => t.date >= from && t.date <= to && ctx.products.get(t.product)?.cumulativeGroup === group)
    .reduce((sum, t) => sum + t.areas.reduce((s, a) => s + a.units, 0), 0);
}

function cumulativeFlags(ctx: RulesContext, treatments: readonly TreatmentFacts[], asOf: string): Finding[] {
  const from = addDays(asOf, -(ctx.settings.cumulativeWindowDays - 1));
  return Object.entries(ctx.cumulativeCaps).flatMap(([group, cap]) => {
    const total = groupUnits(ctx, treatments, group, from, asOf);
    return total > cap
      ? [
          {
            code: 'CUMULATIVE_DOSE',
            severity: 'warn' as const,
            message: `${total} units of ${group} products in the last ${ctx.settings.cumulativeWindowDays} days, above the ${cap}-unit cap.`,
          },
        ]
      : [];
  });
}

/** RULES.md §5 for the whole patient: every treated area, the current areas and the patient flags. */
export function recommend(
  ctx: RulesContext,
  asOf: string,
  patient: PatientFacts,
  treatments: readonly TreatmentFacts[],
  episodes: EpisodesByArea,
): Recommendation {
  const areas = [...episodes.entries()]
    .filter(([, list]) => list.length > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([area, list]) => recommendArea(ctx, area, list, patient));
  const fulls = treatments.filter((t) => t.kind === 'full');
  const lastFullDate = fulls.length ? maxDay(...fulls.map((t) => t.date)) : null;
  const currentAreas = lastFullDate
    ? [...new Set(fulls.filter((t) => t.date === lastFullDate).flatMap((t) => t.areas.map((a) => a.area)))].sort()
    : [];
  const recallDates = areas.filter((a) => currentAreas.includes(a.area)).map((a) => a.recallDate);
  return {
    firstTimer: fulls.length === 0,
    currentAreas,
    nextRecallDate: recallDates.length ? minDay(...recallDates) : null,
    flags: cumulativeFlags(ctx, treatments, asOf),
    areas,
  };
}
