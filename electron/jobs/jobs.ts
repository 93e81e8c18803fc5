import type { Db } from '../db/connection';
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
  /** Reports how far the job has got (shown to the user, or logged). */
  progress: (done: number, total: number) => void;
}

export const JOBS = {
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
export type JobOutput<N extends JobName> = ReturnType<(typeof JOBS)[N]>;

/** What the main thread sends a worker: the job, and how to open the clinic's database. */
export interface JobRequest {
  name: JobName;
  input: unknown;
  file: string;
  /** The database's raw 32-byte key, or null for a plain database. */
  key: Uint8Array | null;
}

export type JobMessage =
  { kind: 'progress'; done: number; total: number } | { kind: 'done'; value: unknown } | { kind: 'failed'; message: string };
