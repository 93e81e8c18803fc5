import type { AreaRecommendation, EventPlan, Finding } from './ruleResults';
import type { Observation, PatientEvent } from './observations';

/** One area's dates, each with the reason in words a practitioner reads. */
export interface AreaSchedule extends AreaRecommendation {
  areaName: string;
  productName: string;
  current: boolean;
  /** Every cycle of this area, oldest first: what the cycle chart draws. */
  cycles: AreaCycle[];
  /** Cycles at most this long mean "review for possible non-response"; null until there is a duration to compare with. */
  reviewBelowDays: number | null;
  reasons: {
    expectedReturn: string;
    recall: string;
    softReminder: string;
    checkIn: string;
    review: string;
  };
}

/** One treatment of an area and how long its effect was seen to last. */
export interface AreaCycle {
  start: string;
  product: string;
  productName: string;
  units: number;
  /** Days until movement was seen returning; null while none was recorded. */
  observedDays: number | null;
  noResponse: boolean;
}

/** A treatment already booked before an event, so the plan can say so rather than propose another. */
export interface BookedBefore {
  appointmentId: number;
  date: string;
  start: string;
  practitionerName: string;
}

export interface PatientSchedule {
  asOf: string;
  firstTimer: boolean;
  currentAreas: string[];
  nextRecallDate: string | null;
  flags: Finding[];
  areas: AreaSchedule[];
  observations: Observation[];
  events: { event: PatientEvent; plan: EventPlan; booked: BookedBefore | null }[];
  /** After an observation is recorded or removed: what it did to the dates, in words. */
  change?: string;
}

export const RECALL_OUTCOMES = ['called', 'no_answer', 'left_message', 'booked', 'declined', 'do_not_contact'] as const;
export type RecallOutcome = (typeof RECALL_OUTCOMES)[number];
/** Contacts the app records itself when a message to the patient has gone. */
export const AUTOMATIC_CONTACT_OUTCOMES = ['email_sent', 'sms_sent'] as const;
/** Every entry of the contact history: reception's calls, snoozes and the messages sent. */
export type ContactOutcome = RecallOutcome | 'snoozed' | (typeof AUTOMATIC_CONTACT_OUTCOMES)[number];
export const RECALL_OUTCOME_LABELS: Record<ContactOutcome, string> = {
  called: 'Called',
  no_answer: 'No answer',
  left_message: 'Left a message',
  booked: 'Booked',
  declined: 'Declined',
  do_not_contact: 'Do not contact',
  snoozed: 'Snoozed',
  email_sent: 'E-mail sent',
  sms_sent: 'Text message sent',
};

/** Where a patient stands on the recall list since their last treatment. */
export const RECALL_STATUSES = ['due', 'contacted', 'booked', 'declined', 'snoozed'] as const;
export type RecallStatus = (typeof RECALL_STATUSES)[number];
export const RECALL_STATUS_LABELS: Record<RecallStatus, string> = {
  due: 'Not contacted',
  contacted: 'Contacted',
  booked: 'Booked',
  declined: 'Declined',
  snoozed: 'Snoozed',
};

export interface RecallRow {
  patientId: number;
  name: string;
  phone: string;
  email: string;
  contactPreference: string;
  lastTreatmentOn: string;
  recallOn: string;
  softReminderOn: string;
  areas: string[];
  /** Who treated them last: the practitioner a booking from the list starts with. */
  injectorId: number | null;
  injectorName: string | null;
  snr: boolean;
  status: RecallStatus;
  lastOutcome: ContactOutcome | null;
  lastContactOn: string | null;
  /** The clinic's wall-clock time of the last contact, "HH:MM". */
  lastContactAt: string | null;
  lastContactBy: string | null;
  lastContactNote: string;
  snoozedUntil: string | null;
  attempts: number;
}

/** The most rows the recall list sends at once; the counts and total still cover every match. */
export const RECALL_PAGE = 500;

export interface RecallList {
  rows: RecallRow[];
  /** Rows in the range for each status, before the status filter. */
  counts: Record<RecallStatus, number>;
  /** All rows that matched; `rows` holds at most the first RECALL_PAGE (or the limit asked for). */
  total: number;
}

/** One logged contact, as the patient's contact history lists it. */
export interface RecallContactView {
  id: number;
  contactedOn: string;
  /** "HH:MM" on the clinic's wall clock. */
  contactedAt: string;
  outcome: ContactOutcome;
  snoozedUntil: string | null;
  note: string;
  staffName: string;
}

/** How a logged contact reads in a sentence: "Ann Okafor: no answer." */
export const RECALL_OUTCOME_PHRASES: Record<ContactOutcome, string> = {
  called: 'spoke to them',
  no_answer: 'no answer',
  left_message: 'left a message',
  booked: 'booked',
  declined: 'declined for now',
  do_not_contact: 'asked not to be contacted again',
  snoozed: 'snoozed',
  email_sent: 'e-mail sent',
  sms_sent: 'text message sent',
};
