import type { Patient, PatientFields, PatientSort, PatientSummary } from '../../shared/patients';
import type { PatientFlag } from '../../shared/ruleSettings';
import { phoneDigits } from '../../shared/phone';
import type { Db } from './connection';
import {
  matchesInNameOrder,
  nameOrderChanged,
  noteNameWords,
  patientTextChanged,
  phoneMatch,
  searchPlan,
  typoMatch,
} from './patientSearch';

interface PatientRow {
  id: number;
  first_name: string;
  last_name: string;
  preferred_name: string;
  dob: string | null;
  sex: Patient['sex'];
  phone: string;
  email: string;
  address: string;
  contact_preference: Patient['contactPreference'];
  medical_history: string;
  flags_json: string;
  allergies: string;
  medications: string;
  activity_level: Patient['activityLevel'];
  notes: string;
  archived_at_ms: number | null;
  created_at_ms: number;
  updated_at_ms: number;
}

type SummaryRow = Pick<
  PatientRow,
  'id' | 'first_name' | 'last_name' | 'preferred_name' | 'dob' | 'phone' | 'email' | 'archived_at_ms'
>;

export { phoneDigits };

/** The columns behind a PatientSummary, for every query that returns list rows. */
const SUMMARY_COLUMNS = 'p.id, p.first_name, p.last_name, p.preferred_name, p.dob, p.phone, p.email, p.archived_at_ms';

function toSummary(r: SummaryRow): PatientSummary {
  return {
    id: r.id,
    firstName: r.first_name,
    lastName: r.last_name,
    preferredName: r.preferred_name,
    dob: r.dob,
    phone: r.phone,
    email: r.email,
    archived: r.archived_at_ms !== null,
  };
}

function toPatient(r: PatientRow): Patient {
  return {
    ...toSummary(r),
    sex: r.sex,
    address: r.address,
    contactPreference: r.contact_preference,
    medicalHistory: r.medical_history,
    flags: JSON.parse(r.flags_json) as PatientFlag[],
    allergies: r.allergies,
    medications: r.medications,
    activityLevel: r.activity_level,
    notes: r.notes,
    createdAtMs: r.created_at_ms,
    updatedAtMs: r.updated_at_ms,
  };
}

function params(p: PatientFields) {
  return {
    firstName: p.firstName,
    lastName: p.lastName,
    preferredName: p.preferredName,
    dob: p.dob,
    sex: p.sex,
    phone: p.phone,
    phoneDigits: phoneDigits(p.phone),
    email: p.email,
    address: p.address,
    contactPreference: p.contactPreference,
    medicalHistory: p.medicalHistory,
    flags: JSON.stringify([...new Set(p.flags)].sort()),
    allergies: p.allergies,
    medications: p.medications,
    activityLevel: p.activityLevel,
    notes: p.notes,
  };
}

export function insertPatient(db: Db, p: PatientFields, nowMs: number): number {
  const result = db
    .prepare(
      `INSERT INTO patients (first_name, last_name, preferred_name, dob, sex, phone, phone_digits, email, address, contact_preference,
         medical_history, flags_json, allergies, medications, activity_level, notes, archived_at_ms, created_at_ms, updated_at_ms)
       VALUES (@firstName, @lastName, @preferredName, @dob, @sex, @phone, @phoneDigits, @email, @address, @contactPreference,
         @medicalHistory, @flags, @allergies, @medications, @activityLevel, @notes, NULL, @nowMs, @nowMs)`,
    )
    .run({ ...params(p), nowMs });
  noteNameWords(db, p.firstName, p.lastName, p.preferredName);
  nameOrderChanged(db);
  patientTextChanged(db);
  return Number(result.lastInsertRowid);
}

export function updatePatient(db: Db, id: number, p: PatientFields, nowMs: number): void {
  const was = db.prepare('SELECT first_name, last_name FROM patients WHERE id = ?').raw().get(id) as [string, string] | undefined;
  db.prepare(
    `UPDATE patients SET first_name = @firstName, last_name = @lastName, preferred_name = @preferredName, dob = @dob, sex = @sex,
       phone = @phone, phone_digits = @phoneDigits, email = @email, address = @address, contact_preference = @contactPreference,
       medical_history = @medicalHistory, flags_json = @flags, allergies = @allergies, medications = @medications,
       activity_level = @activityLevel, notes = @notes, updated_at_ms = @nowMs
     WHERE id = @id`,
  ).run({ ...params(p), nowMs, id });
  noteNameWords(db, p.firstName, p.lastName, p.preferredName);
  // The list's order is by last and first name: other changes leave every place as it was.
  if (!was || was[0] !== p.firstName || was[1] !== p.lastName) nameOrderChanged(db);
  patientTextChanged(db);
}

export function setPatientArchived(db: Db, id: number, archived: boolean, nowMs: number): void {
  db.prepare('UPDATE patients SET archived_at_ms = ?, updated_at_ms = ? WHERE id = ?').run(archived ? nowMs : null, nowMs, id);
}

export function getPatient(db: Db, id: number): Patient | undefined {
  const row = db.prepare('SELECT * FROM patients WHERE id = ?').get(id) as PatientRow | undefined;
  return row && toPatient(row);
}

/** What the scheduling rules read of every patient from `fromId` to `toId`, by patient. */
export function ruleFactsOfPatientsIn(
  db: Db,
  fromId: number,
  toId: number,
): Map<number, { dob: string | null; activityLevel: Patient['activityLevel']; flags: PatientFlag[] }> {
  const rows = db
    .prepare('SELECT id, dob, activity_level, flags_json FROM patients WHERE id BETWEEN ? AND ?')
    .raw()
    .all(fromId, toId) as [number, string | null, Patient['activityLevel'], string][];
  return new Map(
    rows.map(([id, dob, activityLevel, flags]) => [id, { dob, activityLevel, flags: JSON.parse(flags) as PatientFlag[] }]),
  );
}

const ORDER_BY: Record<PatientSort, string> = {
  name: 'p.last_name COLLATE NOCASE, p.first_name COLLATE NOCASE, p.id',
  dob: 'p.dob IS NULL, p.dob, p.last_name COLLATE NOCASE',
  recent: 'p.updated_at_ms DESC, p.id DESC',
};

export interface PatientQuery {
  text: string;
  sort: PatientSort;
  includeArchived: boolean;
  limit: number;
  /** The clinic's country, which decides how a phone number written in full is read. */
  country: string;
}

/**
 * The first `limit` of `ids` (in the order given) that the list shows (not archived, unless it
 * includes them), read a page of rows at a time.
 */
function rowsInOrder(db: Db, ids: Int32Array, archived: string, limit: number): SummaryRow[] {
  const read = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM patients p WHERE p.id IN (SELECT value FROM json_each(?)) ${archived}`);
  const out: SummaryRow[] = [];
  for (let from = 0; from < ids.length && out.length < limit;) {
    const page = Array.from(ids.subarray(from, from + limit - out.length + 8));
    from += page.length;
    const byId = new Map((read.all(JSON.stringify(page)) as SummaryRow[]).map((r) => [r.id, r]));
    for (const id of page) {
      const row = byId.get(id);
      if (row && out.length < limit) out.push(row);
    }
  }
  return out;
}

/**
 * The patient list and search (see patientSearch.ts for how the text is read). Names one typo
 * away come after the exact matches, each group in the chosen order.
 */
export function listPatients(db: Db, q: PatientQuery): PatientSummary[] {
  const plan = searchPlan(q.text, q.country);
  const archived = q.includeArchived ? '' : 'AND p.archived_at_ms IS NULL';
  const order = ORDER_BY[q.sort];
  if (plan.kind === 'all') {
    const rows = db
      .prepare(`SELECT ${SUMMARY_COLUMNS} FROM patients p WHERE 1 ${archived} ORDER BY ${order} LIMIT ?`)
      .all(q.limit);
    return (rows as SummaryRow[]).map(toSummary);
  }
  if (plan.kind === 'phone') {
    const rows = db
      .prepare(
        `SELECT ${SUMMARY_COLUMNS} FROM patient_phone f JOIN patients p ON p.id = f.rowid
         WHERE patient_phone MATCH ? ${archived} ORDER BY ${order} LIMIT ?`,
      )
      .all(phoneMatch(plan.digits), q.limit);
    return (rows as SummaryRow[]).map(toSummary);
  }
  // In name order, the matches are put in order by their places (patientSearch.ts) and only the
  // rows shown are read; in the other orders, SQLite reads every match and sorts them.
  // One word of one to three letters: the answer is kept for the next same search (patientSearch.ts).
  const short = plan.words.length === 1 && plan.words[0]!.length <= 3;
  const byText = (match: string, keep = false) => {
    const ordered = q.sort === 'name' ? matchesInNameOrder(db, match, keep) : null;
    if (ordered) return rowsInOrder(db, ordered, archived, q.limit);
    return db
      .prepare(
        `SELECT ${SUMMARY_COLUMNS} FROM patient_search s JOIN patients p ON p.id = s.rowid
         WHERE patient_search MATCH ? ${archived} ORDER BY ${order} LIMIT ?`,
      )
      .all(match, q.limit) as SummaryRow[];
  };
  const exact = byText(plan.exact, short).map(toSummary);
  if (exact.length >= q.limit) return exact;
  const typos = typoMatch(db, plan.words);
  if (typos === null) return exact;
  const seen = new Set(exact.map((p) => p.id));
  const near = byText(typos)
    .map(toSummary)
    .filter((p) => !seen.has(p.id));
  return [...exact, ...near].slice(0, q.limit);
}

/**
 * How many patients there are (or are not archived), asked on every keystroke of the search: one
 * row kept by triggers (migration 020), so the answer never needs a count of the whole table.
 */
export function countPatients(db: Db, includeArchived: boolean): number {
  const row = db.prepare('SELECT all_patients, active_patients FROM patient_counts WHERE id = 1').get() as
    { all_patients: number; active_patients: number } | undefined;
  return (includeArchived ? row?.all_patients : row?.active_patients) ?? 0;
}

/** Patients who may be the same person: same name and birth date, or same phone number. */
export function findDuplicatePatients(
  db: Db,
  p: Pick<PatientFields, 'firstName' | 'lastName' | 'dob' | 'phone'>,
  excludeId: number | null,
): PatientSummary[] {
  // Two indexed lookups (name and birth date on patients_by_name, phone on patients_by_phone)
  // joined by UNION: written with OR, the whole table was read for every new patient.
  const rows = db
    .prepare(
      `SELECT ${SUMMARY_COLUMNS} FROM patients p
       WHERE p.last_name = @lastName COLLATE NOCASE AND p.first_name = @firstName COLLATE NOCASE AND p.dob = @dob
         AND p.id IS NOT @excludeId
       UNION
       SELECT ${SUMMARY_COLUMNS} FROM patients p
       WHERE p.phone_digits = @digits AND p.phone_digits <> '' AND p.id IS NOT @excludeId
       ORDER BY 1 LIMIT 10`,
    )
    .all({ excludeId, firstName: p.firstName, lastName: p.lastName, dob: p.dob, digits: phoneDigits(p.phone) }) as SummaryRow[];
  return rows.map(toSummary);
}

/** Every patient, archived ones included, in id order: the CSV export. */
export function allPatientsForExport(db: Db): Patient[] {
  return (db.prepare('SELECT * FROM patients ORDER BY id').all() as PatientRow[]).map(toPatient);
}
