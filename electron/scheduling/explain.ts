import { daysBetween } from '../../shared/time';
import type { AreaRecommendation } from '../../shared/ruleResults';
import type { AreaSchedule } from '../../shared/schedule';
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
