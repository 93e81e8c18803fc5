/** What the scheduling rules compute (RULES.md §5-§6): shared so the screens can show it as it is. */

import type { TreatmentKind } from './treatments';

export type Severity = 'info' | 'warn' | 'block';

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
  areas: { area: string; units: number }[];
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
