import type { Db } from './connection';

/**
 * Queries only the demo clinic's generator runs (electron/demo/): kept apart so that the
 * repositories the app itself uses hold nothing written for invented data.
 */

/** Patients whose recall date is in [from, to], soonest first. */
export function patientsDueBetween(db: Db, from: string, to: string, limit: number): number[] {
  return db
    .prepare('SELECT patient_id FROM patient_schedule WHERE recall_on BETWEEN ? AND ? ORDER BY recall_on, patient_id LIMIT ?')
    .pluck()
    .all(from, to, limit) as number[];
}

/** For the demo clinic: patients whose latest glabella treatment here was on or before `by`, first ones first. */
export function demoPhotoCandidates(db: Db, by: string, limit: number): { patientId: number; treatmentId: number; on: string }[] {
  return db
    .prepare(
      `SELECT t.patient_id AS patientId, t.record_id AS treatmentId, MAX(t.performed_on) AS "on"
       FROM treatments t JOIN treatment_areas a ON a.treatment_id = t.id
       WHERE t.status = 'final' AND t.superseded_by IS NULL AND t.source = 'clinic' AND a.area = 'glabella'
         AND t.performed_on <= ?
       GROUP BY t.patient_id ORDER BY t.patient_id LIMIT ?`,
    )
    .all(by, limit) as { patientId: number; treatmentId: number; on: string }[];
}

/** What the demo diary is built from: recent charted treatments, who is due, reviews, and some patients. */
export function demoDiaryFacts(db: Db, from: string, to: string) {
  const charted = db
    .prepare(
      `SELECT patient_id AS patientId, injector_id AS injectorId, performed_on AS performedOn, performed_at AS performedAt, kind
       FROM treatments WHERE source = 'clinic' AND status = 'final' AND performed_on BETWEEN ? AND ? ORDER BY performed_on, performed_at`,
    )
    .all(from, to) as {
    patientId: number;
    injectorId: number | null;
    performedOn: string;
    performedAt: string;
    kind: 'full' | 'touch_up';
  }[];
  const due = (
    db
      .prepare(
        `SELECT s.patient_id AS patientId, s.last_injector_id AS injectorId, s.recall_on AS recallOn,
           (SELECT json_object('product', t.product, 'areas',
              (SELECT json_group_array(json_object('area', a.area, 'units', a.units) ORDER BY a.position) FROM treatment_areas a WHERE a.treatment_id = t.id))
            FROM treatments t WHERE t.patient_id = s.patient_id AND t.kind = 'full' AND t.status = 'final' AND t.superseded_by IS NULL
            ORDER BY t.performed_on DESC LIMIT 1) AS planned
         FROM patient_schedule s JOIN patients p ON p.id = s.patient_id
         WHERE s.recall_on BETWEEN ? AND ? AND p.contact_preference <> 'do_not_contact' ORDER BY s.recall_on`,
      )
      .all(from, to) as { patientId: number; injectorId: number | null; recallOn: string; planned: string }[]
  ).map((r) => ({ ...r, planned: JSON.parse(r.planned) as { product: string; areas: { area: string; units: number }[] } }));
  const reviews = db
    .prepare(
      'SELECT patient_id AS patientId, last_injector_id AS injectorId, review_on AS reviewOn FROM patient_schedule WHERE review_on BETWEEN ? AND ?',
    )
    .all(from, to) as { patientId: number; injectorId: number | null; reviewOn: string }[];
  const anyPatients = db.prepare('SELECT id FROM patients WHERE archived_at_ms IS NULL ORDER BY id').pluck().all() as number[];
  return { charted, due, reviews, anyPatients };
}
