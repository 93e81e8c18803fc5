import type { AreaUnitsInput, InjectionPoint, Treatment, TreatmentFields } from '../../shared/treatments';
import type { Db } from './connection';

interface TreatmentRow {
  id: number;
  record_id: number;
  version: number;
  patient_id: number;
  status: 'draft' | 'final';
  superseded_by: number | null;
  source: 'clinic' | 'elsewhere';
  elsewhere: string;
  performed_on: string;
  performed_at: string;
  injector_id: number | null;
  injector_name: string | null;
  prescriber: string;
  product: string | null;
  lot_id: number | null;
  lot_number: string;
  lot_expiry: string | null;
  expired_lot_reason: string;
  ready_to_use: 0 | 1;
  diluent: string;
  diluent_ml: number | null;
  units_per_vial: number | null;
  kind: 'full' | 'touch_up';
  points_json: string;
  notes: string;
  review_outcome: string;
  amendment_reason: string;
  created_by: string;
  created_at_ms: number;
  finalised_at_ms: number | null;
  areas_json: string;
}

/** Each treatment with its injector's name and its areas (in the order they were charted). */
const SELECT_TREATMENTS = `
  SELECT t.*, s.name AS injector_name,
    (SELECT json_group_array(json_object('area', a.area, 'units', a.units) ORDER BY a.position) FROM treatment_areas a WHERE a.treatment_id = t.id) AS areas_json
  FROM treatments t LEFT JOIN staff s ON s.id = t.injector_id`;

function toTreatment(r: TreatmentRow): Treatment {
  return {
    id: r.id,
    recordId: r.record_id,
    version: r.version,
    patientId: r.patient_id,
    status: r.status,
    supersededBy: r.superseded_by,
    source: r.source,
    elsewhere: r.elsewhere,
    performedOn: r.performed_on,
    performedAt: r.performed_at,
    injectorId: r.injector_id,
    injectorName: r.injector_name,
    prescriber: r.prescriber,
    product: r.product,
    lotId: r.lot_id,
    lotNumber: r.lot_number,
    lotExpiry: r.lot_expiry,
    expiredLotReason: r.expired_lot_reason,
    preparation: {
      readyToUse: r.ready_to_use === 1,
      diluent: r.diluent,
      diluentMl: r.diluent_ml,
      unitsPerVial: r.units_per_vial,
    },
    kind: r.kind,
    areas: JSON.parse(r.areas_json) as { area: string; units: number }[],
    points: JSON.parse(r.points_json) as InjectionPoint[],
    notes: r.notes,
    reviewOutcome: r.review_outcome,
    amendmentReason: r.amendment_reason,
    createdBy: r.created_by,
    createdAtMs: r.created_at_ms,
    finalisedAtMs: r.finalised_at_ms,
  };
}

export interface TreatmentWrite {
  fields: TreatmentFields;
  lotNumber: string;
  lotExpiry: string | null;
  source: 'clinic' | 'elsewhere';
  elsewhere: string;
  createdBy: string;
}

function columns(w: TreatmentWrite) {
  const f = w.fields;
  return {
    patientId: f.patientId,
    source: w.source,
    elsewhere: w.elsewhere,
    performedOn: f.performedOn,
    performedAt: f.performedAt,
    injectorId: f.injectorId,
    prescriber: f.prescriber,
    product: f.product,
    lotId: f.lotId,
    lotNumber: w.lotNumber,
    lotExpiry: w.lotExpiry,
    expiredLotReason: f.expiredLotReason,
    readyToUse: f.preparation.readyToUse ? 1 : 0,
    diluent: f.preparation.diluent,
    diluentMl: f.preparation.diluentMl,
    unitsPerVial: f.preparation.unitsPerVial,
    kind: f.kind,
    points: JSON.stringify(f.points),
    notes: f.notes,
    reviewOutcome: f.reviewOutcome,
  };
}

/**
 * The copy of a treatment's areas the scheduling rules read (treatments.rule_areas, migration 022),
 * written in the statement that writes the treatment; writeAreas then writes the areas themselves.
 * This file is the one writer of treatment_areas, and every write of them goes through both.
 */
function ruleAreas(areas: readonly AreaUnitsInput[]): string {
  return JSON.stringify(areas.map((a) => [a.area, a.units]));
}

function writeAreas(db: Db, treatmentId: number, areas: readonly AreaUnitsInput[]): void {
  db.prepare('DELETE FROM treatment_areas WHERE treatment_id = ?').run(treatmentId);
  const insert = db.prepare('INSERT INTO treatment_areas (treatment_id, area, units, position) VALUES (?, ?, ?, ?)');
  areas.forEach((a, i) => insert.run(treatmentId, a.area, a.units, i));
}

/** Inserts a version; version 1 starts a new record. Returns the new row's id. */
export function insertTreatment(
  db: Db,
  w: TreatmentWrite,
  opts: { status: 'draft' | 'final'; recordId: number | null; version: number; amendmentReason: string; nowMs: number },
): number {
  const id = Number(
    db
      .prepare(
        `INSERT INTO treatments (record_id, version, patient_id, status, source, elsewhere, performed_on, performed_at, injector_id,
           prescriber, product, lot_id, lot_number, lot_expiry, expired_lot_reason, ready_to_use, diluent, diluent_ml, units_per_vial,
           kind, points_json, notes, review_outcome, amendment_reason, created_by, created_at_ms, updated_at_ms, finalised_at_ms, rule_areas)
         VALUES (coalesce(@recordId, 0), @version, @patientId, @status, @source, @elsewhere, @performedOn, @performedAt, @injectorId,
           @prescriber, @product, @lotId, @lotNumber, @lotExpiry, @expiredLotReason, @readyToUse, @diluent, @diluentMl, @unitsPerVial,
           @kind, @points, @notes, @reviewOutcome, @amendmentReason, @createdBy, @nowMs, @nowMs, @finalisedAtMs, @ruleAreas)`,
      )
      .run({
        ...columns(w),
        ruleAreas: ruleAreas(w.fields.areas),
        recordId: opts.recordId,
        version: opts.version,
        status: opts.status,
        amendmentReason: opts.amendmentReason,
        createdBy: w.createdBy,
        nowMs: opts.nowMs,
        finalisedAtMs: opts.status === 'final' ? opts.nowMs : null,
      }).lastInsertRowid,
  );
  if (opts.recordId === null) db.prepare('UPDATE treatments SET record_id = id WHERE id = ?').run(id);
  writeAreas(db, id, w.fields.areas);
  return id;
}

/** Rewrites a draft in place; finalised rows are never passed here. */
export function updateDraft(db: Db, id: number, w: TreatmentWrite, nowMs: number): void {
  db.prepare(
    `UPDATE treatments SET performed_on = @performedOn, performed_at = @performedAt, injector_id = @injectorId,
       prescriber = @prescriber, product = @product, lot_id = @lotId, lot_number = @lotNumber, lot_expiry = @lotExpiry,
       expired_lot_reason = @expiredLotReason, ready_to_use = @readyToUse, diluent = @diluent, diluent_ml = @diluentMl,
       units_per_vial = @unitsPerVial, kind = @kind, points_json = @points, notes = @notes, review_outcome = @reviewOutcome,
       updated_at_ms = @nowMs, rule_areas = @ruleAreas
     WHERE id = @id AND status = 'draft'`,
  ).run({ ...columns(w), ruleAreas: ruleAreas(w.fields.areas), id, nowMs });
  writeAreas(db, id, w.fields.areas);
}

export function markFinal(db: Db, id: number, nowMs: number): void {
  db.prepare(
    "UPDATE treatments SET status = 'final', finalised_at_ms = ?, updated_at_ms = ? WHERE id = ? AND status = 'draft'",
  ).run(nowMs, nowMs, id);
}

export function markSuperseded(db: Db, id: number, by: number): void {
  db.prepare('UPDATE treatments SET superseded_by = ? WHERE id = ?').run(by, id);
}

export function deleteDraft(db: Db, id: number): void {
  db.prepare('DELETE FROM treatment_areas WHERE treatment_id = ?').run(id);
  db.prepare("DELETE FROM treatments WHERE id = ? AND status = 'draft'").run(id);
}

export function getTreatment(db: Db, id: number): Treatment | undefined {
  const row = db.prepare(`${SELECT_TREATMENTS} WHERE t.id = ?`).get(id) as TreatmentRow | undefined;
  return row && toTreatment(row);
}

/** Every version of every treatment of a patient, newest treatment first, versions newest first. */
export function treatmentsOfPatient(db: Db, patientId: number): Treatment[] {
  return (
    db
      .prepare(
        `${SELECT_TREATMENTS} WHERE t.patient_id = ? ORDER BY t.performed_on DESC, t.performed_at DESC, t.record_id DESC, t.version DESC`,
      )
      .all(patientId) as TreatmentRow[]
  ).map(toTreatment);
}

/** The patient's latest treatment in force (final or draft) given at this clinic, for "last time". */
export function lastClinicTreatment(db: Db, patientId: number): Treatment | undefined {
  const row = db
    .prepare(
      `${SELECT_TREATMENTS} WHERE t.patient_id = ? AND t.superseded_by IS NULL AND t.source = 'clinic' AND t.status = 'final'
       ORDER BY t.performed_on DESC, t.performed_at DESC, t.id DESC LIMIT 1`,
    )
    .get(patientId) as TreatmentRow | undefined;
  return row && toTreatment(row);
}

export interface RuleTreatmentRow {
  date: string;
  product: string;
  kind: 'full' | 'touch_up';
  areas: { area: string; units: number }[];
  injectorId: number | null;
}

/** The finalised treatments in force of one patient, oldest first: what the scheduling rules read. */
export function ruleTreatmentsOf(db: Db, patientId: number): RuleTreatmentRow[] {
  return ruleTreatmentsIn(db, patientId, patientId).get(patientId) ?? [];
}

/**
 * What the scheduling rules read of the treatments of every patient from `fromId` to `toId`
 * (the finalised ones in force, oldest first), by patient: one range of the index made for it
 * (migrations 021 and 022), which holds each treatment's areas too, so a rebuild of every summary
 * reads a thousand patients at a time without touching treatment_areas. The areas of the whole
 * range are read as one JSON text: one parse rather than one per treatment.
 */
export function ruleTreatmentsIn(db: Db, fromId: number, toId: number): Map<number, RuleTreatmentRow[]> {
  const rows = db
    .prepare(
      `SELECT t.patient_id, t.performed_on, t.product, t.kind, t.injector_id, t.rule_areas
       FROM treatments t
       WHERE t.patient_id BETWEEN ? AND ? AND t.status = 'final' AND t.superseded_by IS NULL AND t.product IS NOT NULL
       ORDER BY t.patient_id, t.performed_on, t.performed_at, t.id`,
    )
    .raw()
    .all(fromId, toId) as [number, string, string, 'full' | 'touch_up', number | null, string][];
  const areas = JSON.parse(`[${rows.map((r) => r[5]).join(',')}]`) as [string, number][][];
  const byPatient = new Map<number, RuleTreatmentRow[]>();
  rows.forEach(([patientId, date, product, kind, injectorId], i) => {
    const treatment: RuleTreatmentRow = {
      date,
      product,
      kind,
      injectorId,
      areas: areas[i]!.map(([area, units]) => ({ area, units })),
    };
    const list = byPatient.get(patientId);
    if (list) list.push(treatment);
    else byPatient.set(patientId, [treatment]);
  });
  return byPatient;
}

export interface LotRecallRow {
  patientId: number;
  firstName: string;
  lastName: string;
  dob: string | null;
  phone: string;
  email: string;
  treatmentId: number;
  performedOn: string;
  product: string | null;
  lotNumber: string;
  status: 'draft' | 'final';
  injectorName: string | null;
  areas: { area: string; units: number }[];
}

/** Every patient treated from a lot (matched by number, any product), in the treatment version in force. */
export function treatmentsFromLot(db: Db, lotNumber: string): LotRecallRow[] {
  const rows = db
    .prepare(
      `SELECT p.id AS patientId, p.first_name AS firstName, p.last_name AS lastName, p.dob, p.phone, p.email,
         t.id AS treatmentId, t.performed_on AS performedOn, t.product, t.lot_number AS lotNumber, t.status,
         s.name AS injectorName,
         (SELECT json_group_array(json_object('area', a.area, 'units', a.units) ORDER BY a.position) FROM treatment_areas a WHERE a.treatment_id = t.id) AS areas
       FROM treatments t JOIN patients p ON p.id = t.patient_id LEFT JOIN staff s ON s.id = t.injector_id
       WHERE t.lot_number = ? COLLATE NOCASE AND t.superseded_by IS NULL
       ORDER BY p.last_name COLLATE NOCASE, p.first_name COLLATE NOCASE, t.performed_on`,
    )
    .all(lotNumber.trim()) as (Omit<LotRecallRow, 'areas'> & { areas: string })[];
  return rows.map((r) => ({ ...r, areas: JSON.parse(r.areas) as { area: string; units: number }[] }));
}

export interface TreatmentExportRow {
  treatmentId: number;
  version: number;
  status: string;
  patientId: number;
  patientName: string;
  performedOn: string;
  performedAt: string;
  source: string;
  elsewhere: string;
  product: string | null;
  lotNumber: string;
  lotExpiry: string | null;
  kind: string;
  areas: string;
  injector: string | null;
  prescriber: string;
  notes: string;
}

/** Every treatment version in force, for the CSV export. */
export function allTreatmentsForExport(db: Db): TreatmentExportRow[] {
  return db
    .prepare(
      `SELECT t.record_id AS treatmentId, t.version, t.status, t.patient_id AS patientId,
         p.first_name || ' ' || p.last_name AS patientName, t.performed_on AS performedOn, t.performed_at AS performedAt,
         t.source, t.elsewhere, t.product, t.lot_number AS lotNumber, t.lot_expiry AS lotExpiry, t.kind,
         (SELECT group_concat(a.area || ':' || printf('%g', a.units), '; ' ORDER BY a.position) FROM treatment_areas a WHERE a.treatment_id = t.id) AS areas,
         s.name AS injector, t.prescriber, t.notes
       FROM treatments t JOIN patients p ON p.id = t.patient_id LEFT JOIN staff s ON s.id = t.injector_id
       WHERE t.superseded_by IS NULL
       ORDER BY t.performed_on, t.performed_at, t.id`,
    )
    .all() as TreatmentExportRow[];
}
