import { checkBooking } from './booking';
import { buildEpisodes } from './episodes';
import { planEvent } from './event';
import type { RulesRequest } from './input';
import { recommend } from './recommend';
import type { BookingCheck, EventPlan, Recommendation } from './types';

export interface RulesResult {
  asOf: string;
  recommendation: Recommendation;
  booking?: BookingCheck;
  eventPlan?: EventPlan;
}

/**
 * The scheduling rules of RULES.md §4–§5 for one patient. Pure: the same request
 * always gives the same result, whatever the clock or time zone of the computer.
 */
export function evaluateRules(req: RulesRequest): RulesResult {
  const episodes = buildEpisodes(req.treatments, req.observations, req.ctx.settings);
  const recommendation = recommend(req.ctx, req.asOf, req.patient, req.treatments, episodes);
  const result: RulesResult = { asOf: req.asOf, recommendation };
  if (req.booking) result.booking = checkBooking(req.ctx, req.booking, req.patient, req.treatments, episodes);
  if (req.event) result.eventPlan = planEvent(req.ctx, req.asOf, req.event.date, recommendation);
  return result;
}

export { parseRulesRequest } from './input';
export type { RulesRequest } from './input';
