import { addDays, maxDay } from '../../shared/time';
import type { EventPlan, Finding, Recommendation, RulesContext } from './types';

/**
 * RULES.md §5: a whole visit treating the current areas is safe from the latest earliest
 * re-treatment date among them (null for a first-timer). The event plan and the per-patient
 * summary both take it from here.
 */
export function earliestSafeDate(rec: Recommendation): string | null {
  const current = rec.areas.filter((a) => rec.currentAreas.includes(a.area));
  return rec.firstTimer || current.length === 0 ? null : maxDay(...current.map((a) => a.earliestRetreatmentDate));
}

/** RULES.md §5 event plan: when to treat so the effect is at its best on the day. */
export function planEvent(ctx: RulesContext, asOf: string, eventDate: string, rec: Recommendation): EventPlan {
  const [idealBefore, idealAfter] = ctx.settings.eventIdealDays;
  const idealWindow: [string, string] = [addDays(eventDate, -idealBefore), addDays(eventDate, -idealAfter)];
  const latestTreatmentDate = addDays(eventDate, -ctx.settings.eventMinDays);
  const current = rec.areas.filter((a) => rec.currentAreas.includes(a.area));
  const safeFrom = earliestSafeDate(rec);
  const candidate = maxDay(idealWindow[0], asOf, ...(safeFrom ? [safeFrom] : []));
  const base = { eventDate, firstTimer: rec.firstTimer, idealWindow, latestTreatmentDate, earliestSafeDate: safeFrom };

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
  if (safeFrom !== null && safeFrom > latestTreatmentDate) {
    findings.push({
      code: 'EVENT_CONFLICTS_MIN_INTERVAL',
      severity: 'warn',
      message: `The earliest safe re-treatment (${safeFrom}) is after the latest useful date (${latestTreatmentDate}).`,
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
