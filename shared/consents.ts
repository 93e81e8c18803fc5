import { z } from 'zod';
import { isValidDay } from './time';

/** How far a patient allows their photos to be used; each scope includes the ones before it. */
export const PHOTO_SCOPES = ['clinical', 'education', 'marketing'] as const;
export type PhotoScope = (typeof PHOTO_SCOPES)[number];
export const PHOTO_SCOPE_LABELS: Record<PhotoScope, string> = {
  clinical: 'Clinical record only',
  education: 'Clinical record and education',
  marketing: 'Clinical record, education and marketing',
};

const day = (what: string) => z.string().refine(isValidDay, `Enter the ${what} as a real date`);

export const consentInputSchema = z
  .object({
    formName: z.string().trim().min(1, 'Enter the form’s name').max(120, 'Keep the name under 120 characters'),
    formVersion: z.string().trim().min(1, 'Enter the form’s version').max(40, 'Keep the version under 40 characters'),
    signedOn: day('signing date'),
    photoScope: z.enum(PHOTO_SCOPES),
  })
  .strict();
export type ConsentInput = z.input<typeof consentInputSchema>;

export interface Consent {
  id: number;
  patientId: number;
  formName: string;
  formVersion: string;
  signedOn: string;
  photoScope: PhotoScope;
  withdrawnOn: string | null;
}

/** The consent in force: the most recently signed one not withdrawn. */
export function currentConsent(consents: readonly Consent[]): Consent | null {
  return (
    consents
      .filter((c) => c.withdrawnOn === null)
      .sort((a, b) => (a.signedOn < b.signedOn ? 1 : a.signedOn > b.signedOn ? -1 : b.id - a.id))[0] ?? null
  );
}

/** The consent in force on a given day: signed by then and not withdrawn by then. */
export function consentInForceOn(consents: readonly Consent[], day: string): Consent | null {
  return currentConsent(
    consents
      .filter((c) => c.signedOn <= day)
      .map((c) => (c.withdrawnOn !== null && c.withdrawnOn > day ? { ...c, withdrawnOn: null } : c)),
  );
}
