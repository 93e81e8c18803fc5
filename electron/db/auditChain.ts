import crypto from 'node:crypto';

/** The previous hash of the very first row. */
export const GENESIS_HASH = '0'.repeat(64);

/** The stored fields a row's hash covers (everything but the hashes themselves). */
export interface ChainedFields {
  id: number;
  at_ms: number;
  staff_id: string;
  staff_name: string;
  staff_role: string;
  device: string;
  action: string;
  entity: string;
  entity_id: string;
  patient_id: number | null;
  before_json: string | null;
  after_json: string | null;
}

/** SHA-256 over the previous row's hash and this row's fields, in a fixed order and encoding. */
export function chainHash(prevHash: string, r: ChainedFields): string {
  const canonical = JSON.stringify([
    prevHash,
    r.id,
    r.at_ms,
    r.staff_id,
    r.staff_name,
    r.staff_role,
    r.device,
    r.action,
    r.entity,
    r.entity_id,
    r.patient_id,
    r.before_json,
    r.after_json,
  ]);
  return crypto.createHash('sha256').update(canonical, 'utf8').digest('hex');
}
