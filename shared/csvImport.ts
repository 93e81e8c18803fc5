/** The patient import: which column goes where, and what the preview reports per row. */

export const IMPORT_FIELDS = [
  'ignore',
  'firstName',
  'lastName',
  'preferredName',
  'dob',
  'sex',
  'phone',
  'email',
  'address',
  'contactPreference',
  'allergies',
  'medications',
  'medicalHistory',
  'notes',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export const IMPORT_FIELD_LABELS: Record<ImportField, string> = {
  ignore: 'Do not import',
  firstName: 'First name',
  lastName: 'Last name',
  preferredName: 'Preferred name',
  dob: 'Date of birth',
  sex: 'Sex',
  phone: 'Phone',
  email: 'Email',
  address: 'Address',
  contactPreference: 'Contact preference',
  allergies: 'Allergies',
  medications: 'Medications',
  medicalHistory: 'Medical history',
  notes: 'Notes',
};

export type ImportRowStatus = 'ok' | 'error' | 'duplicate';

export interface ImportRowReport {
  /** The line in the file (the header is line 1). */
  line: number;
  name: string;
  status: ImportRowStatus;
  problems: string[];
}

export interface ImportPreview {
  /** The column separator found in the file: "," or ";" (European Excel), tab or "|". */
  delimiter: string;
  headers: string[];
  mapping: Record<string, ImportField>;
  /** Problems with the file or the mapping as a whole; nothing can be imported while there are any. */
  fileProblems: string[];
  rows: ImportRowReport[];
  counts: Record<ImportRowStatus, number>;
}

export interface ImportResult {
  imported: number;
  skipped: number;
}
