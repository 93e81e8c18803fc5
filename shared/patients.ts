import { z } from 'zod';
import { isValidDay } from './time';
import { ACTIVITY_LEVELS, PATIENT_FLAGS } from './ruleSettings';

export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
export const CONTACT_PREFERENCES = ['phone', 'sms', 'email', 'do_not_contact'] as const;
export const CONTACT_PREFERENCE_LABELS: Record<(typeof CONTACT_PREFERENCES)[number], string> = {
  phone: 'Phone call',
  sms: 'Text message',
  email: 'Email',
  do_not_contact: 'Do not contact',
};

const shortText = (max: number, what: string) => z.string().trim().max(max, `Keep the ${what} under ${max} characters`);
const longText = (what: string) => z.string().trim().max(5000, `Keep the ${what} under 5000 characters`);

/** What the patient form sends; the same schema validates it in the main process. */
export const patientInputSchema = z
  .object({
    firstName: shortText(80, 'first name').min(1, 'Enter the first name'),
    lastName: shortText(80, 'last name').min(1, 'Enter the last name'),
    preferredName: shortText(80, 'preferred name'),
    dob: z
      .string()
      .refine((d) => d === '' || isValidDay(d), 'Enter a real date')
      .transform((d) => (d === '' ? null : d)),
    sex: z.enum(SEXES),
    phone: shortText(40, 'phone number').regex(/^[+0-9 ()-]*$/, 'Use digits, spaces, +, - and brackets only'),
    email: shortText(200, 'email').refine(
      (e) => e === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e),
      'Enter an email such as ann@example.com',
    ),
    address: longText('address'),
    contactPreference: z.enum(CONTACT_PREFERENCES),
    medicalHistory: longText('medical history'),
    flags: z.array(z.enum(PATIENT_FLAGS)).max(PATIENT_FLAGS.length),
    allergies: longText('allergies'),
    medications: longText('medications'),
    activityLevel: z.enum(ACTIVITY_LEVELS),
    notes: longText('notes'),
  })
  .strict();

export type PatientInput = z.input<typeof patientInputSchema>;
export type PatientFields = z.output<typeof patientInputSchema>;

export interface Patient extends PatientFields {
  id: number;
  archived: boolean;
  createdAtMs: number;
  updatedAtMs: number;
  /** True when the clinical fields were left out for the caller's role (reception). */
  clinicalHidden?: boolean;
}

/**
 * The clinical part of a patient's record: reception neither reads nor changes it. The
 * booking-relevant alerts (contraindication flags, allergies) reception reads but does not change.
 */
export const CLINICAL_PATIENT_FIELDS = ['medicalHistory', 'medications', 'notes', 'activityLevel'] as const;
export const ALERT_PATIENT_FIELDS = ['flags', 'allergies'] as const;

/** A patient as reception sees it: demographics, contact details and the alerts; clinical fields blank. */
export function withoutClinicalFields(p: Patient): Patient {
  return { ...p, medicalHistory: '', medications: '', notes: '', activityLevel: 'normal', clinicalHidden: true };
}

/** One row of the patient list and of search results. */
export interface PatientSummary {
  id: number;
  firstName: string;
  lastName: string;
  preferredName: string;
  dob: string | null;
  phone: string;
  email: string;
  archived: boolean;
}

export const PATIENT_SORTS = ['name', 'dob', 'recent'] as const;
export type PatientSort = (typeof PATIENT_SORTS)[number];

export function emptyPatient(): PatientInput {
  return {
    firstName: '',
    lastName: '',
    preferredName: '',
    dob: '',
    sex: 'unknown',
    phone: '',
    email: '',
    address: '',
    contactPreference: 'phone',
    medicalHistory: '',
    flags: [],
    allergies: '',
    medications: '',
    activityLevel: 'normal',
    notes: '',
  };
}

export function displayName(p: Pick<PatientSummary, 'firstName' | 'lastName' | 'preferredName'>): string {
  return p.preferredName && p.preferredName !== p.firstName
    ? `${p.firstName} (${p.preferredName}) ${p.lastName}`
    : `${p.firstName} ${p.lastName}`;
}
