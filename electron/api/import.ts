import { CsvError, readCsv } from '../../shared/csv';
import type { ImportField, ImportPreview, ImportRowReport } from '../../shared/csvImport';
import { IMPORT_FIELD_LABELS, IMPORT_FIELDS } from '../../shared/csvImport';
import { ApiError } from '../../shared/envelope';
import { emptyPatient, patientInputSchema, type PatientFields } from '../../shared/patients';
import { isValidDay } from '../../shared/time';
import { findDuplicatePatients, phoneDigits } from '../db/patientsRepo';
import type { Handlers } from '../dispatch';
import { clinicToday } from './clinicDay';
import { registerPatient } from './patients';
import type { ApiDeps } from './deps';

/** Header words a clinic's spreadsheet might use for each field. */
const HEADER_HINTS: [ImportField, RegExp][] = [
  ['firstName', /^(first ?name|given ?name|forename|first)$/],
  ['lastName', /^(last ?name|surname|family ?name|last)$/],
  ['preferredName', /^(preferred ?name|known ?as|nickname)$/],
  ['dob', /^(dob|date ?of ?birth|birth ?date|birthday|born)$/],
  ['sex', /^(sex|gender)$/],
  ['phone', /^(phone|mobile|telephone|tel|phone ?number|mobile ?number|cell)$/],
  ['email', /^(e-?mail|email ?address)$/],
  ['address', /^(address|postal ?address|home ?address)$/],
  ['contactPreference', /^(contact ?preference|preferred ?contact|contact ?by)$/],
  ['allergies', /^(allerg(y|ies))$/],
  ['medications', /^(medications?|medicines?|drugs)$/],
  ['medicalHistory', /^(medical ?history|history)$/],
  ['notes', /^(notes?|comments?)$/],
];

export function suggestMapping(headers: readonly string[]): Record<string, ImportField> {
  const used = new Set<ImportField>();
  const mapping: Record<string, ImportField> = {};
  for (const h of headers) {
    const key = h.trim().toLowerCase().replace(/[_.]/g, ' ').replace(/\s+/g, ' ');
    const hit = HEADER_HINTS.find(([field, re]) => !used.has(field) && re.test(key));
    mapping[h] = hit ? hit[0] : 'ignore';
    if (hit) used.add(hit[0]);
  }
  return mapping;
}

/** 1985-06-15, 15/06/1985 or 15.06.1985 (day first, as written in the UK and most of Europe). */
function readDate(text: string): string | null {
  const t = text.trim();
  if (isValidDay(t)) return t;
  const m = text.trim().match(/^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/);
  if (!m) return null;
  const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return isValidDay(iso) ? iso : null;
}

const SEX_WORDS: Record<string, PatientFields['sex']> = {
  f: 'female',
  female: 'female',
  m: 'male',
  male: 'male',
  other: 'other',
};
const CONTACT_WORDS: Record<string, PatientFields['contactPreference']> = {
  phone: 'phone',
  call: 'phone',
  sms: 'sms',
  text: 'sms',
  email: 'email',
  'e-mail': 'email',
  none: 'do_not_contact',
  'do not contact': 'do_not_contact',
};

interface Analysed {
  preview: ImportPreview;
  accepted: PatientFields[];
}

function analyse(deps: ApiDeps, csv: string, chosen: Record<string, ImportField> | null): Analysed {
  const fileProblems: string[] = [];
  let table: string[][] = [];
  let delimiter = ',';
  try {
    ({ rows: table, delimiter } = readCsv(csv));
  } catch (err) {
    if (err instanceof CsvError) fileProblems.push(`The file is not valid CSV. ${err.message}.`);
    else throw err;
  }
  if (fileProblems.length === 0 && table.length === 0) fileProblems.push('The file is empty.');
  const headers = (table[0] ?? []).map((h) => h.trim());
  if (new Set(headers).size !== headers.length) fileProblems.push('Two columns have the same heading; give each column its own.');
  const mapping = chosen ?? suggestMapping(headers);
  const mapped = Object.values(mapping);
  if (headers.length > 0) {
    if (!mapped.includes('firstName') || !mapped.includes('lastName'))
      fileProblems.push('Choose the columns that hold the first name and the last name.');
    const twice = IMPORT_FIELDS.filter((f) => f !== 'ignore' && mapped.filter((m) => m === f).length > 1);
    if (twice.length > 0) fileProblems.push(`More than one column is mapped to: ${twice.join(', ')}.`);
  }
  const rows: ImportRowReport[] = [];
  const accepted: PatientFields[] = [];
  const today = clinicToday(deps);
  const seen = new Set<string>();
  if (fileProblems.length === 0) {
    table.slice(1).forEach((cells, index) => {
      const line = index + 2;
      const problems: string[] = [];
      if (cells.length !== headers.length) problems.push(`has ${cells.length} fields where the heading has ${headers.length}`);
      const raw: Record<string, string> = {};
      headers.forEach((h, i) => {
        const field = mapping[h];
        if (field && field !== 'ignore') raw[field] = (cells[i] ?? '').trim();
      });
      const candidate = { ...emptyPatient(), ...raw } as Record<string, unknown>;
      if (raw.dob) {
        const d = readDate(raw.dob);
        if (d === null) problems.push(`Date of birth "${raw.dob}" is not a date (use 1985-06-15 or 15/06/1985)`);
        else if (d > today) problems.push('Date of birth is in the future');
        candidate.dob = d ?? '';
      }
      if (raw.sex !== undefined) candidate.sex = raw.sex === '' ? 'unknown' : (SEX_WORDS[raw.sex.toLowerCase()] ?? raw.sex);
      if (raw.contactPreference !== undefined)
        candidate.contactPreference =
          raw.contactPreference === '' ? 'phone' : (CONTACT_WORDS[raw.contactPreference.toLowerCase()] ?? raw.contactPreference);
      const parsed = patientInputSchema.safeParse(candidate);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const field = String(issue.path[0] ?? '') as ImportField;
          problems.push(`${IMPORT_FIELD_LABELS[field] ?? field}: ${issue.message}`);
        }
      }
      const name = `${raw.firstName ?? ''} ${raw.lastName ?? ''}`.trim() || '(no name)';
      if (problems.length > 0 || !parsed.success) {
        rows.push({ line, name, status: 'error', problems });
        return;
      }
      const p = parsed.data;
      const key = `${p.firstName.toLowerCase()}|${p.lastName.toLowerCase()}|${p.dob ?? ''}`;
      const phoneKey = phoneDigits(p.phone);
      const inFile = seen.has(key) || (phoneKey !== '' && seen.has(`tel:${phoneKey}`));
      const existing = findDuplicatePatients(deps.db, p, null);
      if (inFile || existing.length > 0) {
        rows.push({
          line,
          name,
          status: 'duplicate',
          problems: [
            inFile
              ? 'The same person appears earlier in the file'
              : `Already a patient: ${existing.map((e) => `${e.firstName} ${e.lastName}`).join(', ')}`,
          ],
        });
        return;
      }
      seen.add(key);
      if (phoneKey !== '') seen.add(`tel:${phoneKey}`);
      accepted.push(p);
      rows.push({ line, name, status: 'ok', problems: [] });
    });
  }
  const counts = { ok: 0, error: 0, duplicate: 0 };
  for (const r of rows) counts[r.status] += 1;
  return { preview: { delimiter, headers, mapping, fileProblems, rows, counts }, accepted };
}

/** Patients from a clinic's spreadsheet: a preview of every row, then the good rows in one step. */
export function importHandlers(deps: ApiDeps): Pick<Handlers, 'import.preview' | 'import.commit'> {
  const { db, clock } = deps;
  return {
    'import.preview': ({ csv, mapping }) => analyse(deps, csv, mapping).preview,
    'import.commit': ({ csv, mapping }, { staff }) =>
      db.transaction(() => {
        const { preview, accepted } = analyse(deps, csv, mapping);
        if (preview.fileProblems.length > 0)
          throw new ApiError('CONFLICT', `Nothing was imported: ${preview.fileProblems.join(' ')}`);
        const atMs = clock.nowMs();
        for (const p of accepted) registerPatient(db, p, staff, atMs);
        return { imported: accepted.length, skipped: preview.rows.length - accepted.length };
      })(),
  };
}
