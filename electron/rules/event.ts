import { addDays, maxDay } from '../../shared/time';
import type { EventPlan, Finding, Recommendation, RulesContext } from './types';

/** RULES.md §5 event plan: when to treat so the effect is at its best on the day. */
export function planEvent(ctx: RulesContext, asOf: string, eventDate: string, rec: Recommendation): EventPlan {
  const [idealBefore, idealAfter] = ctx.settings.eventIdealDays;
  const idealWindow: [string, string] = [addDays(eventDate, -idealBefore), addDays(eventDate, -idealAfter)];
  const latestTreatmentDate = addDays(eventDate, -ctx.settings.eventMinDays);
  const current = rec.areas.filter((a) => rec.currentAreas.includes(a.area));
  const earliestSafeDate =
    rec.firstTimer || current.length === 0 ? null : maxDay(...current.map((a) => a.earliestRetreatmentDate));
  const candidate = maxDay(idealWindow[0], asOf, ...(earliestSafeDate ? [earliestSafeDate] : []));
  const base = { eventDate, firstTimer: rec.firstTimer, idealWindow, latestTreatmentDate, earliestSafeDate };

  if (candidate <= idealWindow[1]) return { ...base, recommendedDate: candidate, status: 'ideal', findings: [] };
  if (candidate <= latestTreatmentDate) {
    return {
      ...base,
      recommendedDate: candidate,
      status: 'compressed',
      findings: [
        {
          code: 'EVENT_WINDOW_COMPRESSED',
          severity: 'warn',
          message: `Treating on ${candidate} leaves less than the ideal ${idealAfter} days before the event for the review and any touch-up.`,
        },
      ],
    };
  }
  const findings: Finding[] = [];
  if (earliestSafeDate !== null && earliestSafeDate > latestTreatmentDate) {
    findings.push({
      code: 'EVENT_CONFLICTS_MIN_INTERVAL',
      severity: 'warn',
      message: `The earliest safe re-treatment (${earliestSafeDate}) is after the latest useful date (${latestTreatmentDate}).`,
    });
  } else {
    findings.push({
      code: 'EVENT_TOO_CLOSE',
      severity: 'warn',
      message: `The event is too close: a treatment needs at least ${ctx.settings.eventMinDays} days to take full effect.`,
    });
  }
  if (current.length > 0 && current.every((a) => a.expectedReturnDate >= eventDate)) {
    findings.push({
      code: 'CURRENT_EFFECT_COVERS_EVENT',
      severity: 'info',
      message: 'The current treatment is expected to last until the event.',
    });
  }
  return { ...base, recommendedDate: null, status: 'not_possible', findings };
}
