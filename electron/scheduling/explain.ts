import { daysBetween } from '../../shared/time';
import type { AreaRecommendation } from '../../shared/ruleResults';
import type { AreaSchedule } from '../../shared/schedule';
import type { Observation } from '../../shared/observations';
import type { RulesContext } from '../rules/types';

function listDays(days: readonly number[]): string {
  if (days.length === 1) return `${days[0]} days`;
  return `${days.slice(0, -1).join(', ')} and ${days.at(-1)} days`;
}

function cycles(n: number): string {
  return n === 1 ? 'one of this patient’s own cycles' : `${n} of this patient’s own cycles`;
}

/** The usual duration in words: which catalogue figure it comes from and how activity changed it. */
function priorInWords(ctx: RulesContext, a: AreaRecommendation, activityFactor: number): string {
  const product = ctx.products.get(a.product);
  const area = ctx.areas.get(a.area);
  const productDays = product?.priorDays ?? a.priorDays;
  const fromArea = area?.priorDays != null && area.priorDays > productDays;
  const base = fromArea
    ? `${area.name} usually lasts ${area.priorDays} days`
    : `${product?.brand ?? a.product}’s usual ${productDays} days`;
  if (activityFactor === 1) return base;
  return `${base}, adjusted to ${a.priorDays} for the patient’s activity level`;
}

/** Plain-words reasons for each date of one area, as the patient page shows them. */
export function explainArea(ctx: RulesContext, a: AreaRecommendation, activityFactor: number): AreaSchedule['reasons'] {
  const s = ctx.settings;
  const prior = priorInWords(ctx, a, activityFactor);
  let expectedReturn: string;
  switch (a.durationBasis) {
    default:
      expectedReturn =
        a.observedDurations.length === 0
          ? `No observations yet: ${prior}.`
          : `No observed cycle at a comparable dose of this product yet: ${prior}.`;
      break;
    case 'prior_snr':
      expectedReturn = `Possible non-response, so the interval is not shortened: ${prior}.`;
      break;
    case 'personal_single': {
      const seen = a.eligibleDurations[0]!;
      expectedReturn =
        seen === a.expectedDurationDays
          ? `Based on ${cycles(1)}: ${seen} days.`
          : `Based on ${cycles(1)} (${seen} days), moved at most ${s.personalClampDays} days from the usual ${a.priorDays}.`;
      break;
    }
    case 'personal': {
      const used = a.eligibleDurations.slice(-3);
      expectedReturn = `Based on ${cycles(used.length)}: ${listDays(used)}.`;
      break;
    }
  }
  const recall =
    a.recallDate === a.earliestRetreatmentDate &&
    daysBetween(a.lastTreatmentDate, a.expectedReturnDate) - s.recallLeadDays < a.minimumIntervalDays
      ? `The earliest safe re-treatment: ${a.minimumIntervalDays} days after the last treatment.`
      : `${s.recallLeadDays} days before the expected return.`;
  const softReminder =
    daysBetween(a.lastTreatmentDate, a.softReminderDate) === s.softReminderFloorDays &&
    daysBetween(a.softReminderDate, a.expectedReturnDate) !== s.softReminderLeadDays
      ? `No reminder earlier than ${s.softReminderFloorDays} days after a treatment.`
      : `${s.softReminderLeadDays} days before the expected return.`;
  const checkIn = `${s.checkInLeadDays[0]} to ${s.checkInLeadDays[1]} days before the expected return: ask how the effect is holding.`;
  const review =
    a.reviewDate === null
      ? 'No review needed: this area was treated with the same product before.'
      : `First treatment of this area with this product: review ${s.reviewDay} days after.`;
  return { expectedReturn, recall, softReminder, checkIn, review };
}

/**
 * What recording (or removing) an observation did to an area's dates, in words, so a date that
 * did not move is never left unexplained: "One early observation (26 days) does not move the
 * expected return: it follows the median of the last three cycles, 92, 100 and 26 days → 92."
 */
export function explainObservationChange(
  o: Pick<Observation, 'area' | 'observedOn' | 'kind'>,
  before: AreaSchedule | undefined,
  after: AreaSchedule | undefined,
  removed = false,
): string {
  const name = after?.areaName ?? before?.areaName ?? o.area;
  if (!after) return `${name}: the observation is kept, but this area has no treatment before it, so no date depends on it.`;
  const owner = [...after.cycles].reverse().find((c) => c.start < o.observedOn);
  const snrNow = after.flags.some((f) => f.code === 'SNR_REVIEW');
  const snrBefore = before?.flags.some((f) => f.code === 'SNR_REVIEW') ?? false;
  const review = snrNow && !snrBefore ? '; flagged for review: possible non-response' : '';
  const moved = before !== undefined && before.expectedReturnDate !== after.expectedReturnDate;
  if (moved) {
    return `${name}: the expected return moves from ${before.expectedReturnDate} to ${after.expectedReturnDate}. ${after.reasons.expectedReturn}${review ? ` Flagged for review: possible non-response.` : ''}`;
  }
  const what = removed ? 'Removing the observation' : o.kind === 'no_response' ? 'No response' : null;
  if (!owner)
    return `${name}: the observation is dated before the first treatment of this area, so it does not change the dates.`;
  const days = daysBetween(owner.start, o.observedOn);
  if (o.kind === 'movement_returning' && !removed && owner.observedDays !== null && owner.observedDays !== days) {
    return `${name}: movement was already recorded returning ${owner.observedDays} days after the treatment of ${owner.start}; only the first observation of a cycle counts, so the dates stay as they were${review}.`;
  }
  const why = keepsBecause(after, owner, o.kind === 'no_response');
  const subject =
    what ??
    `${days < after.expectedDurationDays ? 'One early observation' : 'The observation'} (${days} ${days === 1 ? 'day' : 'days'})`;
  return `${name}: ${subject} does not move the expected return: ${why}${review}.`;
}

function keepsBecause(a: AreaSchedule, owner: AreaSchedule['cycles'][number], noResponse: boolean): string {
  if (noResponse || a.durationBasis === 'prior_snr')
    return `a possible non-response never shortens the interval, so it stays at ${a.expectedDurationDays} days`;
  const latest = a.cycles.at(-1)!;
  if (owner.product !== latest.product) {
    return `that cycle was ${owner.productName} and the latest is ${latest.productName}, so it is not compared (${a.expectedDurationDays} days)`;
  }
  if (!a.eligibleDurations.includes(owner.observedDays ?? -1)) {
    return `that cycle's dose (${owner.units} U) is too far from the latest (${latest.units} U) to compare, so it stays at ${a.expectedDurationDays} days`;
  }
  if (a.durationBasis === 'personal') {
    const used = a.eligibleDurations.slice(-3);
    return `it follows the median of the last ${used.length === 3 ? 'three' : 'two'} cycles, ${listDays(used).replace(/ days$/, '')} days → ${a.expectedDurationDays}`;
  }
  if (a.durationBasis === 'personal_single') {
    return `a single cycle moves the usual ${a.priorDays} days by at most the allowed amount, so it stays at ${a.expectedDurationDays} days`;
  }
  return `it stays at ${a.expectedDurationDays} days`;
}
