import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * Where backups live at a place the owner chose (a USB disk, a network share, a synced folder):
 *
 *   <place>/Clinic Records backups/<clinic id>/
 *       photos/<kind>/<xx>/<sha256>     the photo store, encrypted files copied as they are; shared
 *                                       by every backup, so each backup copies only new photos
 *       2026-11-30T100000Z/            one backup: clinic.sqlite (encrypted, same key), the key
 *           clinic.sqlite               file of that moment, and manifest.json
 *           keyring.json
 *           manifest.json
 *
 * A backup is written under "<id>.partial" and renamed only once verified, so a folder without
 * ".partial" always holds a whole backup.
 */
export const BACKUPS_FOLDER = 'Clinic Records backups';
export const MANIFEST_FILE = 'manifest.json';
export const PARTIAL_SUFFIX = '.partial';

const manifestSchema = z.object({
  format: z.literal('clinic-records-backup'),
  version: z.literal(1),
  id: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{6}Z$/),
  clinicId: z.string(),
  clinicName: z.string(),
  createdAtMs: z.number().int(),
  createdBy: z.string(),
  device: z.string(),
  appVersion: z.string(),
  schemaVersion: z.number().int(),
  counts: z.object({ patients: z.number(), treatments: z.number(), appointments: z.number(), photos: z.number() }),
  tables: z.record(z.string(), z.number()),
  photoFiles: z.array(z.string()),
  auditHead: z.object({ id: z.number(), hash: z.string() }),
  bytes: z.number(),
  verified: z
    .object({ ok: z.boolean(), atMs: z.number(), problem: z.string().nullable(), checkedPhotoFiles: z.number() })
    .nullable(),
});
export type BackupManifest = z.infer<typeof manifestSchema>;

/** The folder of one clinic's backups at a place. */
export function clinicBackupsAt(place: string, clinicId: string): string {
  return path.join(place, BACKUPS_FOLDER, clinicId);
}

/** A backup's name: its UTC time, sortable. */
export function backupIdAt(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/^(\d{4})(\d{2})(\d{2})T(\d{6}).*$/, '$1-$2-$3T$4Z');
}

export function readManifest(folder: string): BackupManifest | null {
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(fs.readFileSync(path.join(folder, MANIFEST_FILE), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export interface FoundBackup {
  /** The backup's own folder. */
  folder: string;
  place: string;
  manifest: BackupManifest;
}

/**
 * Every whole backup at a place, newest first: of one clinic, or of every clinic found there
 * (a new computer does not know the clinic's id yet).
 */
export function backupsAt(place: string, clinicId: string | null): FoundBackup[] {
  const root = path.join(place, BACKUPS_FOLDER);
  let clinics: string[];
  try {
    clinics = clinicId ? [clinicId] : fs.readdirSync(root);
  } catch {
    return [];
  }
  const out: FoundBackup[] = [];
  for (const c of clinics) {
    let names: string[];
    try {
      names = fs.readdirSync(path.join(root, c));
    } catch {
      continue;
    }
    for (const name of names) {
      if (name.endsWith(PARTIAL_SUFFIX) || name === 'photos') continue;
      const folder = path.join(root, c, name);
      const manifest = readManifest(folder);
      if (manifest && manifest.id === name) out.push({ folder, place, manifest });
    }
  }
  return out.sort((a, b) => b.manifest.createdAtMs - a.manifest.createdAtMs);
}

/** The week a day belongs to, as the Monday that starts it (days are "YYYY-MM-DD"). */
function weekOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7;
  return new Date(d.getTime() - back * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Which backups to keep: the newest verified backup of each of the last 7 days that have one,
 * of each of the last 4 weeks, and of each of the last 12 months, and always the newest
 * verified one. `dayOf` gives a backup's day on the clinic's calendar. A backup that failed
 * verification is kept only while it is newer than the newest verified one (it says what went wrong).
 */
export function backupsToKeep(found: readonly BackupManifest[], dayOf: (ms: number) => string): Set<string> {
  const newestFirst = [...found].sort((a, b) => b.createdAtMs - a.createdAtMs);
  const verified = newestFirst.filter((m) => m.verified?.ok === true);
  const keep = new Set<string>();
  if (verified[0]) keep.add(verified[0].id);
  const take = (key: (m: BackupManifest) => string, count: number) => {
    const seen = new Set<string>();
    for (const m of verified) {
      const k = key(m);
      if (seen.has(k)) continue;
      if (seen.size >= count) break;
      seen.add(k);
      keep.add(m.id);
    }
  };
  take((m) => dayOf(m.createdAtMs), 7);
  take((m) => weekOf(dayOf(m.createdAtMs)), 4);
  take((m) => dayOf(m.createdAtMs).slice(0, 7), 12);
  const newestVerifiedAt = verified[0]?.createdAtMs ?? -Infinity;
  for (const m of newestFirst) if (m.verified?.ok !== true && m.createdAtMs > newestVerifiedAt) keep.add(m.id);
  return keep;
}
