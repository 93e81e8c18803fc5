import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../db/connection';
import { generateDemoClinic, type DemoOptions, type DemoSummary } from './generateDemo';

export const DATABASE_FILE = 'clinic.sqlite';
/** A file that marks a data folder as the demo clinic, so demo data never mixes with a real one. */
export const DEMO_MARKER_FILE = 'DEMO-CLINIC.txt';

export function isDemoFolder(dir: string): boolean {
  return fs.existsSync(path.join(dir, DEMO_MARKER_FILE));
}

/** The demo clinic's own folder beside a clinic's data folder: "…/Clinic Records" → "…/Clinic Records (demo)". */
export function demoFolderBeside(dataDir: string): string {
  return `${dataDir.replace(/[\\/]+$/, '')} (demo)`;
}

export class NotADemoFolderError extends Error {
  constructor(dir: string) {
    super(
      `${dir} holds a clinic's real data, so no demo data is written there. Choose an empty folder or an existing demo folder.`,
    );
    this.name = 'NotADemoFolderError';
  }
}

/**
 * Builds the demo clinic in `dir`. A folder with a real clinic's database is refused and
 * left untouched; an existing demo folder is rebuilt from scratch when `rebuild` is set,
 * and otherwise kept as it is.
 */
export function buildDemoFolder(dir: string, opts: DemoOptions & { rebuild: boolean }): DemoSummary | null {
  const dbFile = path.join(dir, DATABASE_FILE);
  if (fs.existsSync(dbFile) && !isDemoFolder(dir)) throw new NotADemoFolderError(dir);
  if (fs.existsSync(dbFile) && !opts.rebuild) return null;
  fs.mkdirSync(dir, { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${dbFile}${suffix}`, { force: true });
  // The demo's photos go with its database (only ever in a demo folder or a new one).
  fs.rmSync(path.join(dir, 'photos'), { recursive: true, force: true });
  fs.writeFileSync(
    path.join(dir, DEMO_MARKER_FILE),
    'This folder holds the Clinic Records demo clinic: invented patients for exploring the app.\n' +
      'Nothing here is real, and no real clinic data is ever written to it.\n',
  );
  const db = openDatabase(dbFile);
  try {
    return generateDemoClinic(db, opts);
  } finally {
    db.close();
  }
}
