import { z } from 'zod';
import type { AccountState } from './auth';

export const ROLES = ['admin', 'practitioner', 'reception'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Clinic owner / admin',
  practitioner: 'Practitioner',
  reception: 'Reception',
};

/**
 * A member of the clinic's staff: who can be chosen as injector, who signs in, whose name
 * the audit trail keeps. Never deleted; someone who leaves is made inactive.
 */
export interface StaffMember {
  id: number;
  name: string;
  role: Role;
  /** Professional registration number, printed on records when present. */
  registration: string;
  active: boolean;
  /** Whether they can sign in: no account, invited (a setup code is waiting), or active. */
  account: AccountState;
}

/**
 * The person a call is made on behalf of, and from which device. The main process takes it
 * from the signed-in session, never from the page.
 */
export interface Actor {
  id: number;
  name: string;
  role: Role;
  /** "This computer", or a workstation's name. */
  device: string;
}

export const staffInputSchema = z
  .object({
    name: z.string().trim().min(1, 'Enter the name').max(120, 'Keep the name under 120 characters'),
    role: z.enum(ROLES),
    registration: z.string().trim().max(60, 'Keep the registration number under 60 characters'),
  })
  .strict();
export type StaffInput = z.input<typeof staffInputSchema>;

/** People who may inject: practitioners and the owner. */
export function canInject(m: Pick<StaffMember, 'role'>): boolean {
  return m.role === 'practitioner' || m.role === 'admin';
}
