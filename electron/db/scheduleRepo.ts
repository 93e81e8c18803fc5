import type { ContactOutcome, RecallContactView, RecallList, RecallRow, RecallStatus } from '../../shared/schedule';
import { timeOfDayIn } from '../../shared/time';
import { RECALL_STATUSES } from '../../shared/schedule';
import { displayName } from '../../shared/patients';
import type { Db } from './connection';

export interface ScheduleSummary {
  patientId: number;
  lastTreatmentOn: string;
  recallOn: string;
  softReminderOn: string;
  earliestRetreatmentOn: string;
  reviewOn: string | null;
  expectedReturnOn: string;
  areas: string[];
  lastInjectorId: number | null;
  snr: boolean;
}

export function writeScheduleSummary(db: Db, s: ScheduleSummary): void {
  db.prepare(
    `INSERT INTO patient_schedule (patient_id, last_treatment_on, recall_on, soft_reminder_on, earliest_retreatment_on, review_on,
       expected_return_on, areas, last_injector_id, snr)
     VALUES (@patientId, @lastTreatmentOn, @recallOn, @softReminderOn, @earliestRetreatmentOn, @reviewOn, @expectedReturnOn, @areas,
       @lastInjectorId, @snr)
     ON CONFLICT (patient_id) DO UPDATE SET last_treatment_on = excluded.last_treatment_on, recall_on = excluded.recall_on,
       soft_reminder_on = excluded.soft_reminder_on, earliest_retreatment_on = excluded.earliest_retreatment_on, review_on = excluded.review_on,
       expected_return_on = excluded.expected_return_on, areas = excluded.areas, last_injector_id = excluded.last_injector_id,
       snr = excluded.snr`,
  ).run({ ...s, areas: JSON.stringify(s.areas), snr: s.snr ? 1 : 0 });
}

/** The stored summaries of the patients from `fromId` to `toId`, by patient. */
export function scheduleSummariesIn(db: Db, fromId: number, toId: number): Map<number, ScheduleSummary> {
  const rows = db
    .prepare(
      `SELECT patient_id, last_treatment_on, recall_on, soft_reminder_on, earliest_retreatment_on, review_on, expected_return_on,
         areas, last_injector_id, snr FROM patient_schedule WHERE patient_id BETWEEN ? AND ?`,
    )
    .all(fromId, toId) as {
    patient_id: number;
    last_treatment_on: string;
    recall_on: string;
    soft_reminder_on: string;
    earliest_retreatment_on: string;
    review_on: string | null;
    expected_return_on: string;
    areas: string;
    last_injector_id: number | null;
    snr: 0 | 1;
  }[];
  return new Map(
    rows.map((r) => [
      r.patient_id,
      {
        patientId: r.patient_id,
        lastTreatmentOn: r.last_treatment_on,
        recallOn: r.recall_on,
        softReminderOn: r.soft_reminder_on,
        earliestRetreatmentOn: r.earliest_retreatment_on,
        reviewOn: r.review_on,
        expectedReturnOn: r.expected_return_on,
        areas: JSON.parse(r.areas) as string[],
        lastInjectorId: r.last_injector_id,
        snr: r.snr === 1,
      },
    ]),
  );
}

/** True when two summaries say the same (the same patient assumed). */
export function sameScheduleSummary(a: ScheduleSummary, b: ScheduleSummary): boolean {
  return (
    a.lastTreatmentOn === b.lastTreatmentOn &&
    a.recallOn === b.recallOn &&
    a.softReminderOn === b.softReminderOn &&
    a.earliestRetreatmentOn === b.earliestRetreatmentOn &&
    a.reviewOn === b.reviewOn &&
    a.expectedReturnOn === b.expectedReturnOn &&
    a.lastInjectorId === b.lastInjectorId &&
    a.snr === b.snr &&
    a.areas.length === b.areas.length &&
    a.areas.every((x, i) => x === b.areas[i])
  );
}

export function deleteScheduleSummary(db: Db, patientId: number): void {
  db.prepare('DELETE FROM patient_schedule WHERE patient_id = ?').run(patientId);
}

/** Patients with a treatment or an observation dated after `after` and on or before `until`. */
export function patientsWithRecordsDatedIn(db: Db, after: string, until: string): number[] {
  return db
    .prepare(
      `SELECT patient_id FROM treatments WHERE performed_on > @after AND performed_on <= @until
       UNION
       SELECT patient_id FROM observations WHERE observed_on > @after AND observed_on <= @until AND removed_at_ms IS NULL`,
    )
    .pluck()
    .all({ after, until }) as number[];
}

export function patientsWithTreatments(db: Db): number[] {
  return db.prepare('SELECT DISTINCT patient_id FROM treatments ORDER BY patient_id').pluck().all() as number[];
}

export interface RecallQuery {
  from: string;
  to: string;
  today: string;
  /** Appointments starting from this instant count as booked. */
  nowMs: number;
  practitionerId: number | null;
  area: string | null;
  overdueOnly: boolean;
  status: RecallStatus | 'open' | 'all';
  limit: number;
  /** The clinic's zone, for the time of day of the last contact. */
  timeZone: string;
}

interface RecallSqlRow {
  patient_id: number;
  first_name: string;
  last_name: string;
  preferred_name: string;
  phone: string;
  email: string;
  contact_preference: string;
  last_treatment_on: string;
  recall_on: string;
  soft_reminder_on: string;
  areas: string;
  last_injector_id: number | null;
  injector_name: string | null;
  snr: 0 | 1;
  last_outcome: ContactOutcome | null;
  last_contact_on: string | null;
  last_contact_at_ms: number | null;
  last_contact_by: string | null;
  last_contact_note: string | null;
  snoozed_until: string | null;
  attempts: number;
}

/**
 * A recall status as the list's first step works it out in SQL, by its place in RECALL_STATUSES:
 * no contact this cycle is due, a snooze is due again once its day has come, booked and declined
 * are themselves, and any other outcome (a call, no answer, a message left) is contacted.
 */
const STATUS_CODE = Object.fromEntries(RECALL_STATUSES.map((s, i) => [s, i])) as Record<RecallStatus, number>;

/** A patient's summary with their record, the staff member who last treated them and their latest contact this cycle. */
const RECALL_JOINS = `JOIN patients p ON p.id = d.patient_id
       LEFT JOIN staff st ON st.id = d.last_injector_id
       LEFT JOIN recall_contacts c ON c.id = (
         SELECT c1.id FROM recall_contacts c1 WHERE c1.patient_id = d.patient_id AND c1.contacted_on >= d.last_treatment_on
         ORDER BY c1.at_ms DESC, c1.id DESC LIMIT 1)`;

/**
 * Reception's recall list: patients whose recall or soft-reminder date falls in the range,
 * who may be contacted, are not archived and have no treatment booked ahead, most overdue
 * first. Contacts count from the last treatment on, so a new cycle starts afresh.
 */
export function recallList(db: Db, q: RecallQuery): RecallList {
  // Three steps in one read transaction (one snapshot). A whole clinic's range matches thousands of
  // patients, all counted by status, so the first step reads of each match only what its status
  // needs, in no order: the range picks patients by id (two index ranges; a UNION of whole summary
  // rows, sorted to drop the patients both dates fall in, cost more than the rest), the booked
  // patients are one set read once from the appointments ahead, and nothing is sorted. The second
  // orders only the rows that can be sent: those due no later than the last of the first `limit`
  // by date. The third reads the rest of each row sent.
  return db.transaction((): RecallList => {
    // Each match as three integers (no string per row: at 200,000 patients the list counts 56,000):
    // the patient, the recall day as yyyymmdd, and the status (see STATUS_CODE).
    const matches = db
      .prepare(
        `WITH due_ids AS (
           SELECT s.patient_id FROM patient_schedule s WHERE s.recall_on BETWEEN @from AND @to
           UNION
           SELECT s.patient_id FROM patient_schedule s WHERE s.soft_reminder_on BETWEEN @from AND @to
         )
         SELECT d.patient_id, CAST(replace(d.recall_on, '-', '') AS INTEGER),
           CASE
             WHEN c.outcome IS NULL THEN ${STATUS_CODE.due}
             WHEN c.outcome = 'snoozed' THEN CASE WHEN c.snoozed_until > @today THEN ${STATUS_CODE.snoozed} ELSE ${STATUS_CODE.due} END
             WHEN c.outcome = 'booked' THEN ${STATUS_CODE.booked}
             WHEN c.outcome = 'declined' THEN ${STATUS_CODE.declined}
             ELSE ${STATUS_CODE.contacted}
           END
         FROM due_ids i
         JOIN patient_schedule d ON d.patient_id = i.patient_id
         JOIN patients p ON p.id = d.patient_id
         LEFT JOIN recall_contacts c ON c.id = (
           SELECT c1.id FROM recall_contacts c1 WHERE c1.patient_id = d.patient_id AND c1.contacted_on >= d.last_treatment_on
           ORDER BY c1.at_ms DESC, c1.id DESC LIMIT 1)
         WHERE p.archived_at_ms IS NULL AND p.contact_preference <> 'do_not_contact'
           AND (@practitionerId IS NULL OR d.last_injector_id = @practitionerId)
           AND (@area IS NULL OR EXISTS (SELECT 1 FROM json_each(d.areas) WHERE value = @area))
           AND (@overdueOnly = 0 OR d.recall_on < @today)
           AND d.patient_id NOT IN (SELECT a.patient_id FROM appointments a WHERE a.starts_at_ms >= @nowMs
             AND a.type IN ('treatment', 'touch_up') AND a.status IN ('booked', 'confirmed'))`,
      )
      .raw()
      .all({
        from: q.from,
        to: q.to,
        today: q.today,
        nowMs: q.nowMs,
        practitionerId: q.practitionerId,
        area: q.area,
        overdueOnly: q.overdueOnly ? 1 : 0,
      }) as [number, number, number][];

    const counted = RECALL_STATUSES.map(() => 0);
    const isWanted = RECALL_STATUSES.map(
      (status) => q.status === 'all' || (q.status === 'open' ? status === 'due' || status === 'contacted' : status === q.status),
    );
    // Counted by status, and the wanted ones by recall day as well: the rows sent come from those
    // recalled no later than the `limit`-th earliest recall date (a few hundred days, however many
    // patients).
    let total = 0;
    const perDay = new Map<number, number>();
    for (const [, day, code] of matches) {
      counted[code]! += 1;
      if (!isWanted[code]) continue;
      total += 1;
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
    }
    const counts = Object.fromEntries(RECALL_STATUSES.map((s, i) => [s, counted[i]!])) as Record<RecallStatus, number>;
    if (total === 0 || q.limit === 0) return { rows: [], counts, total };
    let last = 0;
    let upTo = 0;
    for (const day of [...perDay.keys()].sort((a, b) => a - b)) {
      last = day;
      upTo += perDay.get(day)!;
      if (upTo >= q.limit) break;
    }
    const candidates: number[] = [];
    const statuses = new Map<number, RecallStatus>();
    for (const [patientId, day, code] of matches) {
      if (!isWanted[code] || day > last) continue;
      candidates.push(patientId);
      statuses.set(patientId, RECALL_STATUSES[code]!);
    }
    const sent = db
      .prepare(
        `SELECT d.patient_id FROM json_each(?) i
         JOIN patient_schedule d ON d.patient_id = i.value
         JOIN patients p ON p.id = d.patient_id
         ORDER BY d.recall_on, p.last_name COLLATE NOCASE, p.first_name COLLATE NOCASE, d.patient_id LIMIT ?`,
      )
      .pluck()
      .all(JSON.stringify(candidates), q.limit) as number[];
    const details = db
      .prepare(
        `SELECT d.patient_id, p.first_name, p.last_name, p.preferred_name, p.phone, p.email, p.contact_preference,
           d.last_treatment_on, d.recall_on, d.soft_reminder_on, d.areas, d.last_injector_id, st.name AS injector_name, d.snr,
           c.outcome AS last_outcome, c.contacted_on AS last_contact_on, c.at_ms AS last_contact_at_ms,
           c.staff_name AS last_contact_by, c.note AS last_contact_note, c.snoozed_until,
           (SELECT count(*) FROM recall_contacts c2 WHERE c2.patient_id = d.patient_id AND c2.contacted_on >= d.last_treatment_on
              AND c2.outcome IN ('called', 'no_answer', 'left_message')) AS attempts
         FROM json_each(?) i
         JOIN patient_schedule d ON d.patient_id = i.value
         ${RECALL_JOINS}`,
      )
      .all(JSON.stringify(sent)) as RecallSqlRow[];
    const byId = new Map(details.map((r) => [r.patient_id, r]));
    const rows = sent.map((patientId) => toRecallRow(byId.get(patientId)!, statuses.get(patientId)!, q.timeZone));
    return { rows, counts, total };
  })();
}

function toRecallRow(r: RecallSqlRow, status: RecallStatus, timeZone: string): RecallRow {
  return {
    patientId: r.patient_id,
    name: displayName({ firstName: r.first_name, lastName: r.last_name, preferredName: r.preferred_name }),
    phone: r.phone,
    email: r.email,
    contactPreference: r.contact_preference,
    lastTreatmentOn: r.last_treatment_on,
    recallOn: r.recall_on,
    softReminderOn: r.soft_reminder_on,
    areas: JSON.parse(r.areas) as string[],
    injectorId: r.last_injector_id,
    injectorName: r.injector_name,
    snr: r.snr === 1,
    status,
    lastOutcome: r.last_outcome,
    lastContactOn: r.last_contact_on,
    lastContactAt: r.last_contact_at_ms === null ? null : timeOfDayIn(timeZone, r.last_contact_at_ms),
    lastContactBy: r.last_contact_by,
    lastContactNote: r.last_contact_note ?? '',
    snoozedUntil: status === 'snoozed' ? r.snoozed_until : null,
    attempts: r.attempts,
  };
}

export interface RecallContact {
  id: number;
  patientId: number;
  contactedOn: string;
  /** When the contact happened. */
  atMs: number;
  outcome: ContactOutcome;
  snoozedUntil: string | null;
  note: string;
  staffName: string;
}

/** Logs a contact: `c.atMs` is when it happened, `recordedAtMs` when it was written down. */
export function insertRecallContact(db: Db, c: Omit<RecallContact, 'id'>, recordedAtMs: number): number {
  return Number(
    db
      .prepare(
        `INSERT INTO recall_contacts (patient_id, contacted_on, outcome, snoozed_until, note, staff_name, at_ms, recorded_at_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(c.patientId, c.contactedOn, c.outcome, c.snoozedUntil, c.note, c.staffName, c.atMs, recordedAtMs).lastInsertRowid,
  );
}

/** A patient's logged contacts, latest first, with the clinic's wall-clock time of each. */
export function recallContactsOf(db: Db, patientId: number, timeZone: string): RecallContactView[] {
  return (
    db
      .prepare(
        `SELECT id, contacted_on AS contactedOn, at_ms AS atMs, outcome, snoozed_until AS snoozedUntil, note, staff_name AS staffName
         FROM recall_contacts WHERE patient_id = ? ORDER BY at_ms DESC, id DESC`,
      )
      .all(patientId) as (Omit<RecallContactView, 'contactedAt'> & { atMs: number })[]
  ).map(({ atMs, ...c }) => ({ ...c, contactedAt: timeOfDayIn(timeZone, atMs) }));
}

/** Patients whose review date is in [from, to], and whether a review appointment is booked from now on. */
export function reviewsBetween(
  db: Db,
  from: string,
  to: string,
  nowMs: number,
): { patientId: number; name: string; reviewOn: string; booked: boolean }[] {
  return (
    db
      .prepare(
        `SELECT s.patient_id AS patientId, p.first_name || ' ' || p.last_name AS name, s.review_on AS reviewOn,
           EXISTS (SELECT 1 FROM appointments a WHERE a.patient_id = s.patient_id AND a.type = 'review'
             AND a.status NOT IN ('cancelled', 'no_show') AND a.ends_at_ms >= @nowMs) AS booked
         FROM patient_schedule s JOIN patients p ON p.id = s.patient_id
         WHERE s.review_on BETWEEN @from AND @to AND p.archived_at_ms IS NULL
         ORDER BY s.review_on, name`,
      )
      .all({ from, to, nowMs }) as { patientId: number; name: string; reviewOn: string; booked: 0 | 1 }[]
  ).map((r) => ({ ...r, booked: r.booked === 1 }));
}
