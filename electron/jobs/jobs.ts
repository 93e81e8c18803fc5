import type { Db } from '../db/connection';
import { calendarDayIn } from '../../shared/time';
import { writeArchive, type ArchiveInput } from '../backup/archive';
import { makeBackup, type MakeBackupInput } from '../backup/engine';
import type { BackupManifest } from '../backup/layout';
import { rebuildScheduleSummaries } from '../scheduling/patientSchedule';

/**
 * Long work that must not hold the thread answering the window's calls. Each job runs on a
 * worker thread with a connection of its own to the clinic's database (the same file, the same
 * key) and writes in short transactions, so the main thread's reads never wait (WAL) and its
 * writes wait for one chunk at most. A job is a plain function of that connection: backups and
 * integrity checks join this list the same way.
 */
export interface JobContext {
  db: Db;
  /** Reports how far the job has got (shown to the user, or logged), and at which step. */
  progress: (done: number, total: number, step?: string) => void;
}

export const JOBS = {
  /** One verified backup of the clinic at one place (see ../backup/engine.ts). */
  makeBackup: (ctx: JobContext, input: MakeBackupInput & { timeZone: string }): BackupManifest =>
    makeBackup(ctx.db, input, ctx.progress, (ms) => calendarDayIn(input.timeZone, ms)),
  /** Everything the clinic holds as one zip it owns (see ../backup/archive.ts). */
  exportArchive: (ctx: JobContext, input: ArchiveInput) => writeArchive(ctx.db, input, ctx.progress),
  /** SQLite's quick check (after start) or full integrity check (weekly): 'ok' or what is wrong. */
  integrityCheck: (ctx: JobContext, input: { full: boolean }): { ok: boolean; problem: string | null } => {
    let rows: Record<string, string>[];
    try {
      rows = ctx.db.pragma(input.full ? 'integrity_check(20)' : 'quick_check(20)', { simple: false }) as Record<string, string>[];
    } catch (err) {
      // A file damaged badly enough makes the check itself fail: that is its answer too.
      const code = (err as { code?: unknown }).code;
      if (typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB)/.test(code)) {
        return { ok: false, problem: (err as Error).message.slice(0, 500) };
      }
      throw err;
    }
    const found = rows.map((r) => Object.values(r)[0] ?? '');
    return found.length === 1 && found[0] === 'ok'
      ? { ok: true, problem: null }
      : { ok: false, problem: found.join('; ').slice(0, 500) };
  },
  /** Every patient's recall summary rewritten from the rules (after the rule settings change). */
  rebuildSummaries: (ctx: JobContext, input: { asOf: string; chunk?: number }): { patients: number } => ({
    patients: rebuildScheduleSummaries(ctx.db, input.asOf, {
      ...(input.chunk ? { chunk: input.chunk } : {}),
      progress: ctx.progress,
    }),
  }),
} as const;

export type JobName = keyof typeof JOBS;
export type JobInput<N extends JobName> = Parameters<(typeof JOBS)[N]>[1];
export type JobOutput<N extends JobName> = Awaited<ReturnType<(typeof JOBS)[N]>>;

/** What the main thread sends a worker: the job, and how to open the clinic's database. */
export interface JobRequest {
  name: JobName;
  input: unknown;
  file: string;
  /** The database's raw 32-byte key, or null for a plain database. */
  key: Uint8Array | null;
}

export type JobMessage =
  | { kind: 'progress'; done: number; total: number; step?: string }
  | { kind: 'done'; value: unknown }
  | { kind: 'failed'; message: string; damaged?: boolean };
