import type { AreaRecommendation, EventPlan, Finding } from './ruleResults';
import type { Observation, PatientEvent } from './observations';

/** One area's dates, each with the reason in words a practitioner reads. */
export interface AreaSchedule extends AreaRecommendation {
  areaName: string;
  productName: string;
  current: boolean;
  reasons: {
    expectedReturn: string;
    recall: string;
    softReminder: string;
    checkIn: string;
    review: string;
  };
}

export interface PatientSchedule {
  asOf: string;
  firstTimer: boolean;
  currentAreas: string[];
  nextRecallDate: string | null;
  flags: Finding[];
  areas: AreaSchedule[];
  observations: Observation[];
  events: { event: PatientEvent; plan: EventPlan }[];
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
  injectorName: string | null;
  snr: boolean;
  status: RecallStatus;
  lastOutcome: ContactOutcome | null;
  lastContactOn: string | null;
  lastContactBy: string | null;
  snoozedUntil: string | null;
  attempts: number;
}

export interface RecallList {
  rows: RecallRow[];
  /** Rows in the range for each status, before the status filter. */
  counts: Record<RecallStatus, number>;
  /** All rows that matched; `rows` holds at most the first 500. */
  total: number;
}
