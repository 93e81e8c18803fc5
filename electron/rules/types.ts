import type { Area, Product } from '../../shared/catalogue';
import type { ActivityLevel, PatientFlag, RuleSettings } from '../../shared/ruleSettings';

import type { ObservationKind } from '../../shared/observations';
import type { TreatmentKind } from '../../shared/treatments';

export type { ObservationKind, TreatmentKind };

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

export type {
  AreaRecommendation,
  BookingCheck,
  BookingProposal,
  DurationBasis,
  EventPlan,
  Finding,
  Recommendation,
  Severity,
} from '../../shared/ruleResults';
