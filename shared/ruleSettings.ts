import { z } from 'zod';

/** The patient flags the booking check reads (RULES.md §5). */
export const PATIENT_FLAGS = [
  'pregnant',
  'breastfeeding',
  'infection_at_site',
  'botulinum_allergy',
  'milk_protein_allergy',
  'albumin_allergy',
  'neuromuscular_disorder',
  'aminoglycosides',
  'anticoagulants',
] as const;
export type PatientFlag = (typeof PATIENT_FLAGS)[number];

export const PATIENT_FLAG_LABELS: Record<PatientFlag, string> = {
  pregnant: 'Pregnant',
  breastfeeding: 'Breastfeeding',
  infection_at_site: 'Infection at the injection site',
  botulinum_allergy: 'Allergy to botulinum toxin or an excipient',
  milk_protein_allergy: 'Cow’s-milk-protein allergy',
  albumin_allergy: 'Human albumin allergy',
  neuromuscular_disorder: 'Neuromuscular disorder (e.g. myasthenia gravis)',
  aminoglycosides: 'Takes aminoglycosides or other neuromuscular blockers',
  anticoagulants: 'Takes anticoagulants',
};

export const ACTIVITY_LEVELS = ['low', 'normal', 'high'] as const;
export type ActivityLevel = (typeof ACTIVITY_LEVELS)[number];

const days = z
  .number({ error: 'Enter a number of days' })
  .int('Use whole days')
  .min(0, 'Cannot be negative')
  .max(3650, 'At most 3650 days');
const dayPair = z.tuple([days, days]);
const factor = z.number({ error: 'Enter a factor such as 0.9' }).positive('Must be more than 0').max(3, 'At most 3');
const fraction = z.number().min(0, 'Must be between 0 % and 100 %').max(1, 'Must be between 0 % and 100 %');

export const ruleSettingsSchema = z
  .object({
    // 0 would switch the too-soon check off altogether, and with it the guard against antibodies.
    minIntervalDays: days.min(1, 'At least 1 day: 0 would switch off the check for treatments booked too soon'),
    reviewDay: days,
    touchUpWindow: dayPair.refine(([a, b]) => a <= b, 'The window must start before it ends'),
    recallLeadDays: days,
    softReminderLeadDays: days,
    softReminderFloorDays: days,
    checkInLeadDays: dayPair.refine(([a, b]) => a >= b, 'The first lead must be the larger one (e.g. 35 then 21)'),
    personalClampDays: days,
    doseToleranceFraction: fraction,
    snrFraction: fraction,
    activityFactors: z.object({ low: factor, normal: factor, high: factor }).strict(),
    // 0 would let the booking check pass a child.
    minimumAge: z
      .number({ error: 'Enter an age' })
      .int('Use whole years')
      .min(1, 'At least 1 year: 0 would switch off the age check')
      .max(120, 'At most 120'),
    eventIdealDays: dayPair.refine(([a, b]) => a >= b, 'The first number must be the larger one (e.g. 42 then 28)'),
    eventMinDays: days,
    cumulativeWindowDays: days.min(1, 'At least one day'),
  })
  .strict();

export type RuleSettings = z.output<typeof ruleSettingsSchema>;

export const DEFAULT_RULE_SETTINGS: RuleSettings = {
  minIntervalDays: 84,
  reviewDay: 14,
  touchUpWindow: [10, 21],
  recallLeadDays: 7,
  softReminderLeadDays: 30,
  softReminderFloorDays: 63,
  checkInLeadDays: [35, 21],
  personalClampDays: 14,
  doseToleranceFraction: 0.25,
  snrFraction: 0.6,
  activityFactors: { low: 1, normal: 1, high: 0.9 },
  minimumAge: 18,
  eventIdealDays: [42, 28],
  eventMinDays: 14,
  cumulativeWindowDays: 90,
};
