import type { Consent, ConsentInput, PhotoScope } from '../../shared/consents';
import type { Db } from './connection';

interface ConsentRow {
  id: number;
  patient_id: number;
  form_name: string;
  form_version: string;
  signed_on: string;
  photo_scope: PhotoScope;
  withdrawn_on: string | null;
}

function toConsent(r: ConsentRow): Consent {
  return {
    id: r.id,
    patientId: r.patient_id,
    formName: r.form_name,
    formVersion: r.form_version,
    signedOn: r.signed_on,
    photoScope: r.photo_scope,
    withdrawnOn: r.withdrawn_on,
  };
}

export function insertConsent(db: Db, patientId: number, c: ConsentInput, nowMs: number): number {
  const result = db
    .prepare(
      `INSERT INTO consents (patient_id, form_name, form_version, signed_on, photo_scope, withdrawn_on, created_at_ms)
       VALUES (?, ?, ?, ?, ?, NULL, ?)`,
    )
    .run(patientId, c.formName.trim(), c.formVersion.trim(), c.signedOn, c.photoScope, nowMs);
  return Number(result.lastInsertRowid);
}

export function withdrawConsent(db: Db, id: number, on: string): void {
  db.prepare('UPDATE consents SET withdrawn_on = ? WHERE id = ?').run(on, id);
}

export function getConsent(db: Db, id: number): Consent | undefined {
  const row = db.prepare('SELECT * FROM consents WHERE id = ?').get(id) as ConsentRow | undefined;
  return row && toConsent(row);
}

export function consentsOf(db: Db, patientId: number): Consent[] {
  return (
    db.prepare('SELECT * FROM consents WHERE patient_id = ? ORDER BY signed_on DESC, id DESC').all(patientId) as ConsentRow[]
  ).map(toConsent);
}
