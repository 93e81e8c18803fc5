export const ROLES = ['admin', 'practitioner', 'reception'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Clinic owner',
  practitioner: 'Practitioner',
  reception: 'Reception',
};

/** The person a call is made on behalf of. The main process decides it, never the page. */
export interface StaffMember {
  id: string;
  name: string;
  role: Role;
}

/** Until staff accounts exist, every call is made by the clinic owner. */
export const CLINIC_OWNER: StaffMember = { id: 'owner', name: 'Clinic owner', role: 'admin' };
