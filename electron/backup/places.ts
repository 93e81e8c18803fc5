import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { BackupSummary } from '../../shared/backup';
import { writeFileDurably } from '../durableFile';
import { backupsAt, type FoundBackup } from './layout';

/**
 * The places backups go, kept as a small file in the data folder as well as in the database,
 * so that the recovery screen can still find the backups when the database is missing or
 * damaged. It holds folder paths only.
 */
export const PLACES_FILE = 'backup-places.json';

export function readPlaces(dataDir: string): string[] {
  try {
    const json = JSON.parse(fs.readFileSync(path.join(dataDir, PLACES_FILE), 'utf8')) as { places?: unknown };
    return Array.isArray(json.places) ? json.places.filter((p): p is string => typeof p === 'string') : [];
  } catch {
    return [];
  }
}

export function writePlaces(dataDir: string, places: readonly string[]): void {
  writeFileDurably(path.join(dataDir, PLACES_FILE), Buffer.from(JSON.stringify({ places }, null, 2)));
}

/** Linux filesystem magic numbers of network file systems (statfs), where SQLite's locking is unsafe. */
const NETWORK_FS = new Set([
  0x6969 /* NFS */, 0xfe534d42 /* SMB2 */, 0xff534d42 /* CIFS */, 0x517b /* SMB */, 0x65735546 /* FUSE */,
]);

/** Whether a folder is on a network share (a UNC path on Windows, a network file system elsewhere). */
export function onNetworkShare(dir: string): boolean {
  if (/^(\\\\|\/\/)[^\\/]+[\\/]/.test(dir)) return true;
  try {
    return NETWORK_FS.has(fs.statfsSync(dir).type);
  } catch {
    return false;
  }
}

export function reachable(place: string): boolean {
  try {
    fs.accessSync(place, fs.constants.W_OK);
    return fs.statSync(place).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Backups found at places, each given an opaque reference for later calls: the page chooses a
 * backup by reference, never by path.
 */
export class BackupRefs {
  private byRef = new Map<string, FoundBackup>();

  register(found: FoundBackup): BackupSummary {
    const existing = [...this.byRef].find(([, f]) => f.folder === found.folder)?.[0];
    const ref = existing ?? crypto.randomUUID();
    this.byRef.set(ref, found);
    const m = found.manifest;
    return {
      ref,
      id: m.id,
      atMs: m.createdAtMs,
      createdBy: m.createdBy,
      device: m.device,
      place: found.place,
      clinicName: m.clinicName,
      counts: m.counts,
      verified: m.verified?.ok === true,
      problem: m.verified?.problem ?? (m.verified ? null : 'not verified'),
    };
  }

  get(ref: string): FoundBackup | undefined {
    return this.byRef.get(ref);
  }

  /** Every backup at the places (of one clinic, or of any when the clinic is not known), newest first. */
  list(places: readonly string[], clinicId: string | null): BackupSummary[] {
    return places
      .flatMap((p) => backupsAt(p, clinicId))
      .sort((a, b) => b.manifest.createdAtMs - a.manifest.createdAtMs)
      .map((f) => this.register(f));
  }
}
