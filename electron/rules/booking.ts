import { addDays, ageOn, daysBetween } from '../../shared/time';
import { episodeAt, type EpisodesByArea } from './episodes';
import { groupUnits, minimumIntervalFor, productOf } from './recommend';
import type { BookingCheck, BookingProposal, Finding, PatientFacts, RulesContext, TreatmentFacts } from './types';

function areaFindings(ctx: RulesContext, booking: BookingProposal, episodes: EpisodesByArea): Finding[] {
  const { settings } = ctx;
  const [windowStart, windowEnd] = settings.touchUpWindow;
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const { area } of booking.areas) {
    if (seen.has(area)) continue;
    seen.add(area);
    const name = ctx.areas.get(area)?.name ?? area;
    const S = episodeAt(episodes.get(area), booking.date);
    if (booking.kind === 'full') {
      if (!S) continue;
      const gap = daysBetween(S.start, booking.date);
      const floor = Math.max(
        settings.minIntervalDays,
        productOf(ctx, S.product).labelMinIntervalDays,
        productOf(ctx, booking.product).labelMinIntervalDays,
      );
      if (gap < floor) {
        findings.push({
          code: 'EARLY_RETREATMENT',
          severity: 'warn',
          area,
          message: `${name} was treated ${gap} days before this date (${S.start}); the minimum is ${floor} days, so the earliest is ${addDays(S.start, floor)}.`,
        });
      }
      continue;
    }
    const gap = S ? daysBetween(S.start, booking.date) : null;
    const inWindow = gap !== null && gap >= windowStart && gap <= windowEnd;
    if (!S || gap === null || (!inWindow && gap >= minimumIntervalFor(ctx, S.product))) {
      findings.push({
        code: 'TOUCH_UP_WITHOUT_INDEX',
        severity: 'info',
        area,
        message: `No treatment of ${name} within the minimum interval before this date: consider booking a full treatment instead.`,
      });
      continue;
    }
    if (inWindow) {
      findings.push(
        S.touchUpDate === null
          ? {
              code: 'TOUCH_UP_IN_WINDOW',
              severity: 'info',
              area,
              message: `Touch-up on day ${gap} after the ${S.start} treatment: it joins that treatment.`,
            }
          : {
              code: 'SECOND_TOUCH_UP',
              severity: 'warn',
              area,
              message: `${name} already had a touch-up on ${S.touchUpDate} after the ${S.start} treatment; repeated boosters raise the antibody risk.`,
            },
      );
    } else {
      findings.push({
        code: 'BOOSTER_OUTSIDE_WINDOW',
        severity: 'warn',
        area,
        message: `Day ${gap} after the ${S.start} treatment is outside the touch-up window (days ${windowStart}–${windowEnd}) and inside the minimum interval: an early booster raises the antibody risk.`,
      });
    }
  }
  return findings;
}

function patientFindings(
  ctx: RulesContext,
  booking: BookingProposal,
  patient: PatientFacts,
  history: readonly TreatmentFacts[],
): Finding[] {
  const flags = new Set(patient.flags);
  const product = productOf(ctx, booking.product);
  const findings: Finding[] = [];
  const add = (code: string, severity: Finding['severity'], message: string) => findings.push({ code, severity, message });

  if (flags.has('pregnant') || flags.has('breastfeeding')) {
    add('PREGNANCY_OR_BREASTFEEDING', 'block', 'The patient is pregnant or breastfeeding: toxin treatment is deferred.');
  }
  if (flags.has('infection_at_site'))
    add('INFECTION_AT_SITE', 'block', 'There is an infection at the injection site: treat it first.');
  if (flags.has('botulinum_allergy')) {
    add('PRODUCT_HYPERSENSITIVITY', 'block', 'The patient is hypersensitive to botulinum toxin or an excipient.');
  }
  if (flags.has('milk_protein_allergy') && product.milkProtein) {
    add('MILK_PROTEIN_ALLERGY', 'block', `${product.brand} may contain cow’s-milk protein and the patient is allergic to it.`);
  }
  if (flags.has('albumin_allergy')) {
    if (product.albumin === true)
      add('ALBUMIN_ALLERGY', 'block', `${product.brand} contains human albumin and the patient is allergic to it.`);
    else if (product.albumin === 'unknown') {
      add(
        'ALBUMIN_STATUS_UNKNOWN',
        'warn',
        `The patient is allergic to human albumin and ${product.brand}’s albumin content is not known: check the label.`,
      );
    }
  }
  if (flags.has('neuromuscular_disorder')) {
    add('NEUROMUSCULAR_DISORDER', 'warn', 'Neuromuscular disorder: higher risk of weakness, swallowing or breathing problems.');
  }
  if (flags.has('aminoglycosides')) {
    add('INTERACTING_MEDICATION', 'warn', 'Aminoglycosides or other neuromuscular blockers can strengthen the toxin’s effect.');
  }
  if (flags.has('anticoagulants')) add('BLEEDING_RISK', 'warn', 'Anticoagulants: higher risk of bruising and bleeding.');

  if (patient.dob === null) {
    add('AGE_UNKNOWN', 'warn', 'No date of birth is recorded: confirm the patient’s age before treating.');
  } else {
    const age = ageOn(patient.dob, booking.date);
    if (age < ctx.settings.minimumAge) {
      add(
        'UNDER_MINIMUM_AGE',
        'block',
        `The patient will be ${age} on ${booking.date}, under the minimum age of ${ctx.settings.minimumAge}.`,
      );
    }
    if (product.warnFromAge !== null && age >= product.warnFromAge) {
      add(
        'AGE_ABOVE_LABEL',
        'warn',
        `${product.brand}’s label covers patients under ${product.warnFromAge}; the patient will be ${age}.`,
      );
    }
  }

  const group = product.cumulativeGroup;
  const cap = group ? ctx.cumulativeCaps[group] : undefined;
  if (group && cap !== undefined) {
    const from = addDays(booking.date, -(ctx.settings.cumulativeWindowDays - 1));
    const total = groupUnits(ctx, history, group, from, booking.date) + booking.areas.reduce((s, a) => s + a.units, 0);
    if (total > cap) {
      add(
        'CUMULATIVE_DOSE',
        'warn',
        `With this booking the patient has ${total} units of ${group} products within ${ctx.settings.cumulativeWindowDays} days, above the ${cap}-unit cap.`,
      );
    }
  }
  return findings;
}

/** RULES.md §5 booking check. `history` holds only treatments dated on or before asOf. */
export function checkBooking(
  ctx: RulesContext,
  booking: BookingProposal,
  patient: PatientFacts,
  history: readonly TreatmentFacts[],
  episodes: EpisodesByArea,
): BookingCheck {
  const findings = [...areaFindings(ctx, booking, episodes), ...patientFindings(ctx, booking, patient, history)];
  const verdict = findings.some((f) => f.severity === 'block')
    ? 'block'
    : findings.some((f) => f.severity === 'warn')
      ? 'warn'
      : 'ok';
  return { verdict, findings };
}
