import { z } from 'zod';

/** The actions the audit viewer can filter on, with words for them. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  create: 'Created',
  update: 'Changed',
  archive: 'Archived',
  restore: 'Restored',
  delete: 'Deleted',
  view: 'Viewed',
  print: 'Printed',
  export: 'Exported',
  send: 'Sent to a patient',
  sign_in: 'Signed in',
  sign_in_failed: 'Failed sign-in',
  sign_out: 'Signed out',
  lock: 'Locked',
  unlock: 'Unlocked',
  unlock_failed: 'Failed unlock',
  pair: 'Paired a workstation',
  revoke: 'Revoked a workstation',
  refused: 'Refused at the network',
};

export const auditQuerySchema = z
  .object({
    staffId: z.number().int().positive().nullable(),
    patientId: z.number().int().positive().nullable(),
    action: z.string().max(40).nullable(),
    fromMs: z.number().int().nullable(),
    toMs: z.number().int().nullable(),
    limit: z.number().int().min(1).max(500),
    offset: z.number().int().min(0),
  })
  .strict();
export type AuditQuery = z.output<typeof auditQuerySchema>;

export interface AuditRow {
  id: number;
  atMs: number;
  staffId: string;
  staffName: string;
  staffRole: string;
  device: string;
  action: string;
  entity: string;
  entityId: string;
  patientId: number | null;
  patientName: string | null;
  /** The values before and after, as stored (JSON text), for the detail view. */
  before: string | null;
  after: string | null;
}

export interface AuditVerification {
  ok: boolean;
  /** Rows whose hash was recomputed and matched. */
  checked: number;
  firstBadId: number | null;
  problem: string | null;
}
