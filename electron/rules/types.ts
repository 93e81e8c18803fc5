import type { Area, Product } from '../../shared/catalogue';
import type { ActivityLevel, PatientFlag, RuleSettings } from '../../shared/ruleSettings';

export type TreatmentKind = 'full' | 'touch_up';
export type ObservationKind = 'movement_returning' | 'no_response';
export type Severity = 'info' | 'warn' | 'block';

export interface AreaUnits {
  area: string;
  units: number;
}

export interface TreatmentFacts {
  date: string;
  product: string;
  kind: TreatmentKind;
  areas: AreaUnits[];
}

export interface ObservationFacts {
  date: string;
  area: string;
  kind: ObservationKind;
}

export interface PatientFacts {
  dob: string | null;
  activityLevel: ActivityLevel;
  flags: readonly PatientFlag[];
}

/** Everything the rules read besides the patient's history: settings and catalogues. */
export interface RulesContext {
  settings: RuleSettings;
  products: ReadonlyMap<string, Product>;
  areas: ReadonlyMap<string, Area>;
  cumulativeCaps: Readonly<Record<string, number>>;
}

export interface Finding {
  code: string;
  severity: Severity;
  area?: string;
  message: string;
}

export type DurationBasis = 'prior' | 'prior_snr' | 'personal_single' | 'personal';

export interface AreaRecommendation {
  area: string;
  lastTreatmentDate: string;
  product: string;
  units: number;
  expectedDurationDays: number;
  durationBasis: DurationBasis;
  observedDurations: number[];
  expectedReturnDate: string;
  earliestRetreatmentDate: string;
  recallDate: string;
  softReminderDate: string;
  checkInWindow: [string, string];
  reviewDate: string | null;
  flags: Finding[];
  /** Extra facts for the plain-words explanation; not part of RULES.md's contract. */
  priorDays: number;
  eligibleDurations: number[];
  minimumIntervalDays: number;
}

export interface Recommendation {
  firstTimer: boolean;
  currentAreas: string[];
  nextRecallDate: string | null;
  flags: Finding[];
  areas: AreaRecommendation[];
}

export interface BookingProposal {
  date: string;
  product: string;
  kind: TreatmentKind;
  areas: AreaUnits[];
}

export interface BookingCheck {
  verdict: 'ok' | 'warn' | 'block';
  findings: Finding[];
}

export interface EventPlan {
  eventDate: string;
  firstTimer: boolean;
  idealWindow: [string, string];
  latestTreatmentDate: string;
  earliestSafeDate: string | null;
  recommendedDate: string | null;
  status: 'ideal' | 'compressed' | 'not_possible';
  findings: Finding[];
}
