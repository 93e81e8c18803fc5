import { z } from 'zod';
import { ROLES, type Role } from './staff';

/** A member of the clinic's team: who can be chosen as injector, or shown on a recall call. */
export interface TeamMember {
  id: number;
  name: string;
  role: Role;
  /** Professional registration number, printed on records when present. */
  registration: string;
  active: boolean;
}

export const teamMemberInputSchema = z
  .object({
    name: z.string().trim().min(1, 'Enter the name').max(120, 'Keep the name under 120 characters'),
    role: z.enum(ROLES),
    registration: z.string().trim().max(60, 'Keep the registration number under 60 characters'),
  })
  .strict();
export type TeamMemberInput = z.input<typeof teamMemberInputSchema>;

/** People who may inject: practitioners and the owner. */
export function canInject(m: Pick<TeamMember, 'role'>): boolean {
  return m.role === 'practitioner' || m.role === 'admin';
}
