import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/connection';
import { JOBS, type JobMessage, type JobRequest } from './jobs';

/**
 * A worker thread's entry: opens its own connection to the clinic's database with the key it
 * was handed (then wipes its copy), runs one job and reports back. See ./runner.ts.
 */
function main(): void {
  const request = workerData as JobRequest;
  const post = (m: JobMessage) => parentPort!.postMessage(m);
  const key = request.key ? Buffer.from(request.key) : undefined;
  request.key?.fill(0);
  let db;
  try {
    db = openDatabase(request.file, key);
  } catch (err) {
    post({ kind: 'failed', message: err instanceof Error ? err.message : String(err) });
    return;
  } finally {
    key?.fill(0);
  }
  try {
    const job = JOBS[request.name] as (ctx: Parameters<(typeof JOBS)[typeof request.name]>[0], input: unknown) => unknown;
    const value = job({ db, progress: (done, total) => post({ kind: 'progress', done, total }) }, request.input);
    post({ kind: 'done', value });
  } catch (err) {
    post({ kind: 'failed', message: err instanceof Error ? err.message : String(err) });
  } finally {
    db.close();
  }
}

main();
