import fs from 'node:fs';
import path from 'node:path';
import { KEYRING_COPY_FILE, KEYRING_FILE, clinicKeys, makeSlot, newKeyring, writeKeyring } from '../auth/keyring';
import { DATABASE_FILE } from '../auth/convert';
import { PRODUCTION_KDF, type KdfCost } from '../auth/crypto';
import { openDatabase } from '../db/connection';
import { listTeam } from '../db/staffRepo';
import { photoStoreOf } from '../photos/store';
import { addDemoPhotos } from './demoPhotos';
import { generateDemoClinic, type DemoOptions, type DemoSummary } from './generateDemo';

export { DATABASE_FILE };
/** A file that marks a data folder as the demo clinic, so demo data never mixes with a real one. */
export const DEMO_MARKER_FILE = 'DEMO-CLINIC.txt';
/**
 * Every demo person's password. The demo is invented data and is encrypted like a real clinic
 * (so it exercises the same code), but anyone may open it: the password is shown on screen.
 */
export const DEMO_PASSWORD = 'demo clinic password';
/** The demo clinic's owner, signed in by "Explore with demo data". */
export const DEMO_OWNER_NAME = 'Alex Morgan';

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

export interface DemoBuild extends DemoSummary {
  photos: number;
  /** The keys the demo was encrypted with (tests open the database with them). */
  keys: { database: Buffer; photos: Buffer };
}

/**
 * Builds the demo clinic in `dir`, encrypted like a real one, every demo person able to sign in
 * with DEMO_PASSWORD. A folder with a real clinic's database is refused and left untouched; an
 * existing demo folder is rebuilt from scratch when `rebuild` is set, and otherwise kept.
 */
export async function buildDemoFolder(
  dir: string,
  opts: DemoOptions & { rebuild: boolean; kdf?: KdfCost; photos?: boolean },
): Promise<DemoBuild | null> {
  const dbFile = path.join(dir, DATABASE_FILE);
  const hasClinic = fs.existsSync(dbFile) || fs.existsSync(path.join(dir, KEYRING_FILE));
  if (hasClinic && !isDemoFolder(dir)) throw new NotADemoFolderError(dir);
  if (hasClinic && !opts.rebuild) return null;
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${dbFile}${suffix}`, { force: true });
  for (const f of [KEYRING_FILE, KEYRING_COPY_FILE]) fs.rmSync(path.join(dir, f), { force: true });
  // The demo's photos go with its database (only ever in a demo folder or a new one).
  fs.rmSync(path.join(dir, 'photos'), { recursive: true, force: true });
  fs.writeFileSync(
    path.join(dir, DEMO_MARKER_FILE),
    'This folder holds the Clinic Records demo clinic: invented patients for exploring the app.\n' +
      'Nothing here is real, and no real clinic data is ever written to it.\n',
  );
  const { keyring, dataKey } = newKeyring({ clinicName: 'Harbour Aesthetics (demo)', demo: true, nowMs: opts.nowMs });
  const keys = clinicKeys(keyring, dataKey);
  const db = openDatabase(dbFile, keys.database);
  let summary: DemoSummary;
  let people: { id: number; name: string }[];
  try {
    summary = generateDemoClinic(db, opts);
    people = listTeam(db).filter((m) => m.account === 'active');
  } finally {
    db.close();
  }
  const cost = opts.kdf ?? PRODUCTION_KDF;
  for (const p of people) {
    keyring.slots.push(
      await makeSlot({ keyring, dataKey, kind: 'password', secret: DEMO_PASSWORD, staff: p, cost, nowMs: opts.nowMs }),
    );
  }
  writeKeyring(dir, keyring);
  const photos =
    opts.photos === false
      ? 0
      : await addDemoPhotos(dir, { today: opts.today, nowMs: opts.nowMs, keys, store: photoStoreOf(dir, keys.photos) });
  return { ...summary, photos, keys };
}
