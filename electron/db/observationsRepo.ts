import type { Observation, ObservationInput, PatientEvent } from '../../shared/observations';
import type { Db } from './connection';

interface ObservationRow {
  id: number;
  patient_id: number;
  area: string;
  observed_on: string;
  kind: Observation['kind'];
  note: string;
  created_by: string;
}

const toObservation = (r: ObservationRow): Observation => ({
  id: r.id,
  patientId: r.patient_id,
  area: r.area,
  observedOn: r.observed_on,
  kind: r.kind,
  note: r.note,
  createdBy: r.created_by,
});

/** A patient's observations in force, oldest first. */
export function observationsOf(db: Db, patientId: number): Observation[] {
  return (
    db
      .prepare('SELECT * FROM observations WHERE patient_id = ? AND removed_at_ms IS NULL ORDER BY observed_on, id')
      .all(patientId) as ObservationRow[]
  ).map(toObservation);
}

/** What the scheduling rules read of the observations in force of every patient from `fromId` to `toId`, oldest first, by patient. */
export function ruleObservationsIn(
  db: Db,
  fromId: number,
  toId: number,
): Map<number, { date: string; area: string; kind: Observation['kind'] }[]> {
  const rows = db
    .prepare(
      `SELECT patient_id, observed_on, area, kind FROM observations
       WHERE patient_id BETWEEN ? AND ? AND removed_at_ms IS NULL ORDER BY patient_id, observed_on, id`,
    )
    .raw()
    .all(fromId, toId) as [number, string, string, Observation['kind']][];
  const byPatient = new Map<number, { date: string; area: string; kind: Observation['kind'] }[]>();
  for (const [patientId, date, area, kind] of rows) {
    const o = { date, area, kind };
    const list = byPatient.get(patientId);
    if (list) list.push(o);
    else byPatient.set(patientId, [o]);
  }
  return byPatient;
}

export function getObservation(db: Db, id: number): Observation | undefined {
  const row = db.prepare('SELECT * FROM observations WHERE id = ? AND removed_at_ms IS NULL').get(id) as
    ObservationRow | undefined;
  return row && toObservation(row);
}

export function insertObservation(db: Db, o: Required<ObservationInput>, createdBy: string, nowMs: number): number {
  return Number(
    db
      .prepare(
        `INSERT INTO observations (patient_id, area, observed_on, kind, note, created_by, created_at_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(o.patientId, o.area, o.observedOn, o.kind, o.note, createdBy, nowMs).lastInsertRowid,
  );
}

/** Observations are kept for the audit trail; a mistaken one is marked removed. */
export function removeObservation(db: Db, id: number, nowMs: number): void {
  db.prepare('UPDATE observations SET removed_at_ms = ? WHERE id = ?').run(nowMs, id);
}

interface EventRow {
  id: number;
  patient_id: number;
  event_on: string;
  label: string;
}

const toEvent = (r: EventRow): PatientEvent => ({ id: r.id, patientId: r.patient_id, eventOn: r.event_on, label: r.label });

export function eventsOf(db: Db, patientId: number): PatientEvent[] {
  return (
    db
      .prepare('SELECT * FROM patient_events WHERE patient_id = ? AND removed_at_ms IS NULL ORDER BY event_on, id')
      .all(patientId) as EventRow[]
  ).map(toEvent);
}

export function getEvent(db: Db, id: number): PatientEvent | undefined {
  const row = db.prepare('SELECT * FROM patient_events WHERE id = ? AND removed_at_ms IS NULL').get(id) as EventRow | undefined;
  return row && toEvent(row);
}

export function insertEvent(db: Db, e: { patientId: number; eventOn: string; label: string }, nowMs: number): number {
  return Number(
    db
      .prepare('INSERT INTO patient_events (patient_id, event_on, label, created_at_ms) VALUES (?, ?, ?, ?)')
      .run(e.patientId, e.eventOn, e.label, nowMs).lastInsertRowid,
  );
}

export function removeEvent(db: Db, id: number, nowMs: number): void {
  db.prepare('UPDATE patient_events SET removed_at_ms = ? WHERE id = ?').run(nowMs, id);
}
