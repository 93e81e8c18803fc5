import type {
  Appointment,
  AppointmentStatus,
  AppointmentType,
  DayOff,
  PlannedTreatment,
  Room,
  WorkingHours,
} from '../../shared/calendar';
import type { Finding } from '../../shared/ruleResults';
import type { Weekday } from '../../shared/settings';
import type { Db } from './connection';

interface AppointmentRow {
  id: number;
  patient_id: number;
  patient_name: string;
  patient_phone: string;
  practitioner_id: number;
  practitioner_name: string;
  room_id: number | null;
  room_name: string | null;
  type: AppointmentType;
  starts_at_ms: number;
  ends_at_ms: number;
  status: AppointmentStatus;
  cancel_reason: string;
  findings_json: string;
  override_reason: string;
  planned_json: string;
  notes: string;
}

const SELECT = `
  SELECT a.*, p.first_name || ' ' || p.last_name AS patient_name, p.phone AS patient_phone,
    s.name AS practitioner_name, r.name AS room_name
  FROM appointments a
  JOIN patients p ON p.id = a.patient_id
  JOIN staff s ON s.id = a.practitioner_id
  LEFT JOIN rooms r ON r.id = a.room_id`;

/** The stored facts; the wall-clock date and times are filled in by the caller, who knows the clinic's zone. */
export type StoredAppointment = Omit<Appointment, 'date' | 'start' | 'end'>;

function toAppointment(r: AppointmentRow): StoredAppointment {
  return {
    id: r.id,
    patientId: r.patient_id,
    patientName: r.patient_name,
    patientPhone: r.patient_phone,
    practitionerId: r.practitioner_id,
    practitionerName: r.practitioner_name,
    roomId: r.room_id,
    roomName: r.room_name,
    type: r.type,
    startsAtMs: r.starts_at_ms,
    endsAtMs: r.ends_at_ms,
    status: r.status,
    cancelReason: r.cancel_reason,
    findings: JSON.parse(r.findings_json) as Finding[],
    overrideReason: r.override_reason,
    planned: JSON.parse(r.planned_json) as PlannedTreatment | null,
    notes: r.notes,
  };
}

export interface AppointmentWrite {
  patientId: number;
  practitionerId: number;
  roomId?: number | null;
  type: AppointmentType;
  startsAtMs: number;
  endsAtMs: number;
  status: AppointmentStatus;
  findings?: Finding[];
  overrideReason?: string;
  planned?: PlannedTreatment | null;
  notes?: string;
}

export function insertAppointment(db: Db, a: AppointmentWrite, nowMs: number): number {
  return Number(
    db
      .prepare(
        `INSERT INTO appointments (patient_id, practitioner_id, room_id, type, starts_at_ms, ends_at_ms, status, findings_json,
           override_reason, planned_json, notes, created_at_ms, updated_at_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        a.patientId,
        a.practitionerId,
        a.roomId ?? null,
        a.type,
        a.startsAtMs,
        a.endsAtMs,
        a.status,
        JSON.stringify(a.findings ?? []),
        a.overrideReason ?? '',
        JSON.stringify(a.planned ?? null),
        a.notes ?? '',
        nowMs,
        nowMs,
      ).lastInsertRowid,
  );
}

export function moveAppointment(
  db: Db,
  id: number,
  m: {
    practitionerId: number;
    roomId: number | null;
    startsAtMs: number;
    endsAtMs: number;
    findings: Finding[];
    overrideReason: string;
  },
  nowMs: number,
): void {
  db.prepare(
    `UPDATE appointments SET practitioner_id = ?, room_id = ?, starts_at_ms = ?, ends_at_ms = ?, findings_json = ?, override_reason = ?,
       updated_at_ms = ? WHERE id = ?`,
  ).run(m.practitionerId, m.roomId, m.startsAtMs, m.endsAtMs, JSON.stringify(m.findings), m.overrideReason, nowMs, id);
}

export function setAppointmentStatus(db: Db, id: number, status: AppointmentStatus, cancelReason: string, nowMs: number): void {
  db.prepare('UPDATE appointments SET status = ?, cancel_reason = ?, updated_at_ms = ? WHERE id = ?').run(
    status,
    cancelReason,
    nowMs,
    id,
  );
}

export function getAppointment(db: Db, id: number): StoredAppointment | undefined {
  const row = db.prepare(`${SELECT} WHERE a.id = ?`).get(id) as AppointmentRow | undefined;
  return row && toAppointment(row);
}

/**
 * The longest an appointment can last (migration 011 refuses longer ones). Range queries look
 * for starts between `fromMs − MAX_APPOINTMENT_MS` and `toMs`, so the start index is searched
 * between two bounds rather than read from the beginning of the clinic's history.
 */
export const MAX_APPOINTMENT_MS = 26 * 60 * 60 * 1000;

const OVERLAPPING = `a.starts_at_ms > @earliestStart AND a.starts_at_ms < @toMs AND a.ends_at_ms > @fromMs`;

/** Appointments that start before `toMs` and end after `fromMs`: what a calendar range shows. */
export function appointmentsBetween(
  db: Db,
  fromMs: number,
  toMs: number,
  practitionerId: number | null = null,
): StoredAppointment[] {
  const range = { earliestStart: fromMs - MAX_APPOINTMENT_MS, fromMs, toMs };
  // Two statements rather than "? IS NULL OR …", so that each is planned on its own index.
  const rows =
    practitionerId === null
      ? db.prepare(`${SELECT} WHERE ${OVERLAPPING} ORDER BY a.starts_at_ms, s.name, a.id`).all(range)
      : db
          .prepare(`${SELECT} WHERE a.practitioner_id = @practitionerId AND ${OVERLAPPING} ORDER BY a.starts_at_ms, s.name, a.id`)
          .all({ ...range, practitionerId });
  return (rows as AppointmentRow[]).map(toAppointment);
}

/** Appointments still holding their slot that overlap [startMs, endMs) for this practitioner or this room. */
export function clashes(
  db: Db,
  q: { practitionerId: number; roomId: number | null; startsAtMs: number; endsAtMs: number; excludeId: number | null },
): StoredAppointment[] {
  const args = {
    earliestStart: q.startsAtMs - MAX_APPOINTMENT_MS,
    fromMs: q.startsAtMs,
    toMs: q.endsAtMs,
    practitionerId: q.practitionerId,
    roomId: q.roomId,
    excludeId: q.excludeId,
  };
  const holding = `a.status NOT IN ('cancelled', 'no_show') AND a.id IS NOT @excludeId`;
  const sql =
    q.roomId === null
      ? `${SELECT} WHERE a.practitioner_id = @practitionerId AND ${OVERLAPPING} AND ${holding}`
      : `${SELECT} WHERE a.practitioner_id = @practitionerId AND ${OVERLAPPING} AND ${holding}
         UNION
         ${SELECT} WHERE a.room_id = @roomId AND ${OVERLAPPING} AND ${holding}`;
  return (db.prepare(sql).all(args) as AppointmentRow[]).map(toAppointment);
}

export function patientAppointments(db: Db, patientId: number): StoredAppointment[] {
  return (db.prepare(`${SELECT} WHERE a.patient_id = ? ORDER BY a.starts_at_ms DESC`).all(patientId) as AppointmentRow[]).map(
    toAppointment,
  );
}

// Set-up: appointment lengths, rooms, working hours, days off and closures.

export function typeMinutes(db: Db): Record<AppointmentType, number> {
  const rows = db.prepare('SELECT code, minutes FROM appointment_types').all() as { code: AppointmentType; minutes: number }[];
  return Object.fromEntries(rows.map((r) => [r.code, r.minutes])) as Record<AppointmentType, number>;
}

export function setTypeMinutes(db: Db, code: AppointmentType, minutes: number): void {
  db.prepare('UPDATE appointment_types SET minutes = ? WHERE code = ?').run(minutes, code);
}

export function listRooms(db: Db): Room[] {
  return (
    db.prepare('SELECT id, name, active FROM rooms ORDER BY active DESC, name COLLATE NOCASE').all() as {
      id: number;
      name: string;
      active: 0 | 1;
    }[]
  ).map((r) => ({ id: r.id, name: r.name, active: r.active === 1 }));
}

export function insertRoom(db: Db, name: string): number {
  return Number(db.prepare('INSERT INTO rooms (name, active) VALUES (?, 1)').run(name).lastInsertRowid);
}

export function setRoomActive(db: Db, id: number, active: boolean): void {
  db.prepare('UPDATE rooms SET active = ? WHERE id = ?').run(active ? 1 : 0, id);
}

export function listWorkingHours(db: Db): WorkingHours[] {
  return (
    db.prepare('SELECT staff_id, weekday, is_working, starts, ends FROM working_hours').all() as {
      staff_id: number;
      weekday: Weekday;
      is_working: 0 | 1;
      starts: string;
      ends: string;
    }[]
  ).map((r) => ({ staffId: r.staff_id, weekday: r.weekday, isWorking: r.is_working === 1, starts: r.starts, ends: r.ends }));
}

export function writeWorkingHours(
  db: Db,
  staffId: number,
  days: { weekday: Weekday; isWorking: boolean; starts: string; ends: string }[],
): void {
  db.prepare('DELETE FROM working_hours WHERE staff_id = ?').run(staffId);
  const insert = db.prepare('INSERT INTO working_hours (staff_id, weekday, is_working, starts, ends) VALUES (?, ?, ?, ?, ?)');
  for (const d of days) insert.run(staffId, d.weekday, d.isWorking ? 1 : 0, d.starts, d.ends);
}

export function listDaysOff(db: Db, fromDay: string): DayOff[] {
  return db
    .prepare(
      'SELECT id, staff_id AS staffId, day, reason FROM days_off WHERE removed_at_ms IS NULL AND day >= ? ORDER BY day, staff_id',
    )
    .all(fromDay) as DayOff[];
}

export function daysOffOn(db: Db, day: string): DayOff[] {
  return db
    .prepare('SELECT id, staff_id AS staffId, day, reason FROM days_off WHERE removed_at_ms IS NULL AND day = ?')
    .all(day) as DayOff[];
}

export function insertDayOff(db: Db, d: { staffId: number | null; day: string; reason: string }): number {
  return Number(
    db.prepare('INSERT INTO days_off (staff_id, day, reason) VALUES (?, ?, ?)').run(d.staffId, d.day, d.reason).lastInsertRowid,
  );
}

export function removeDayOff(db: Db, id: number, nowMs: number): void {
  db.prepare('UPDATE days_off SET removed_at_ms = ? WHERE id = ?').run(nowMs, id);
}
