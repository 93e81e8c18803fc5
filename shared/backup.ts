import { z } from 'zod';

/** A backup as the screens show it; `ref` names it in later calls (the page never names a path). */
export interface BackupSummary {
  ref: string;
  id: string;
  atMs: number;
  createdBy: string;
  device: string;
  place: string;
  clinicName: string;
  counts: { patients: number; treatments: number; appointments: number; photos: number };
  verified: boolean;
  problem: string | null;
}

export interface BackupRun {
  step: string;
  done: number;
  total: number;
  startedAtMs: number;
  place: string;
}

export interface BackupAttempt {
  atMs: number;
  ok: boolean;
  place: string;
  problem: string | null;
}

export type BackupHealth = 'green' | 'amber' | 'red';

export interface BackupStatus {
  places: { path: string; reachable: boolean; networkShare: boolean }[];
  everyHours: number;
  atQuit: boolean;
  lastVerified: BackupSummary | null;
  lastAttempt: BackupAttempt | null;
  running: BackupRun | null;
  health: BackupHealth;
  /** "Last verified backup: 2 hours ago, to E:\ClinicBackup", or what is wrong. */
  healthText: string;
}

export const DEFAULT_BACKUP_EVERY_HOURS = 4;
const HOUR = 3_600_000;

function ago(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 2) return 'just now';
  if (minutes < 90) return `${minutes} minutes ago`;
  const hours = Math.round(ms / HOUR);
  if (hours < 48) return `${hours} hours ago`;
  return `${Math.round(ms / (24 * HOUR))} days ago`;
}

/**
 * How the Today screen shows the backups: green while the last verified backup is under a day
 * old, amber up to three days, red after that, when the last attempt failed, or when there is none.
 */
export function backupHealth(
  lastVerified: Pick<BackupSummary, 'atMs' | 'place'> | null,
  lastAttempt: BackupAttempt | null,
  nowMs: number,
): { health: BackupHealth; healthText: string } {
  if (lastAttempt && !lastAttempt.ok) {
    return {
      health: 'red',
      healthText: `The last backup failed ${ago(nowMs - lastAttempt.atMs)}: ${lastAttempt.problem ?? 'no reason was given'}`,
    };
  }
  if (!lastVerified) return { health: 'red', healthText: 'No verified backup yet.' };
  const age = nowMs - lastVerified.atMs;
  const text = `Last verified backup: ${ago(age)}, to ${lastVerified.place}`;
  return { health: age > 72 * HOUR ? 'red' : age > 24 * HOUR ? 'amber' : 'green', healthText: text };
}

export const backupSettingsSchema = z
  .object({
    everyHours: z
      .number()
      .int('Whole hours, please')
      .min(1, 'Back up at least every 24 hours: 1 to 24')
      .max(24, 'Back up at least every 24 hours: 1 to 24'),
    atQuit: z.boolean(),
  })
  .strict();

export const backupRefSchema = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'Choose a backup from the list');

/** Why a clinic folder cannot simply be opened. */
export interface RecoveryInfo {
  reason: 'database_missing' | 'database_empty' | 'damaged' | 'folder_read_only';
  /** What happened, for the person at the screen. */
  message: string;
  latest: BackupSummary | null;
  /** What would be lost by restoring the latest verified backup, when it can be told. */
  lostSince: string | null;
}
