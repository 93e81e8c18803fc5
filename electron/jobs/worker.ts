import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/connection';
import { BackupError } from '../backup/engine';
import { JOBS, type JobMessage, type JobRequest } from './jobs';

/**
 * A worker thread's entry: opens its own connection to the clinic's database with the key it
 * was handed (then wipes its copy), runs one job and reports back. See ./runner.ts.
 */
/** SQLite's own word that the file is damaged. */
function isCorrupt(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

async function main(): Promise<void> {
  const request = workerData as JobRequest;
  const post = (m: JobMessage) => parentPort!.postMessage(m);
  const key = request.key ? Buffer.from(request.key) : undefined;
  request.key?.fill(0);
  let db;
  try {
    db = openDatabase(request.file, key);
  } catch (err) {
    post({
      kind: 'failed',
      message: err instanceof Error ? err.message : String(err),
      ...(isCorrupt(err) ? { damaged: true } : {}),
    });
    return;
  } finally {
    key?.fill(0);
  }
  try {
    const job = JOBS[request.name] as (ctx: Parameters<(typeof JOBS)[typeof request.name]>[0], input: unknown) => unknown;
    const value = await job(
      { db, progress: (done, total, step) => post({ kind: 'progress', done, total, ...(step ? { step } : {}) }) },
      request.input,
    );
    post({ kind: 'done', value });
  } catch (err) {
    post({
      kind: 'failed',
      message: err instanceof Error ? err.message : String(err),
      ...((err instanceof BackupError && err.damaged) || isCorrupt(err) ? { damaged: true } : {}),
    });
  } finally {
    db.close();
  }
}

void main();
