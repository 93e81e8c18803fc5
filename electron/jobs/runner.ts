import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { openDatabase } from '../db/connection';
import { JOBS, type JobInput, type JobMessage, type JobName, type JobOutput, type JobRequest } from './jobs';

export interface JobRunner {
  /** Runs a job on a worker thread; resolves with its result once it has finished. */
  run<N extends JobName>(
    name: N,
    input: JobInput<N>,
    onProgress?: (done: number, total: number, step?: string) => void,
    signal?: AbortSignal,
  ): Promise<JobOutput<N>>;
  /** Whether jobs run off the main thread here (false only where no worker can start). */
  readonly offThread: boolean;
}

export class JobCancelled extends Error {
  constructor(name: string) {
    super(`The ${name} job was cancelled.`);
    this.name = 'JobCancelled';
  }
}

export class JobFailed extends Error {
  constructor(
    name: string,
    readonly reason: string,
    /** The job found the clinic's database damaged. */
    readonly damaged: boolean,
  ) {
    super(reason);
    this.name = 'JobFailed';
  }
}

export interface JobRunnerOptions {
  /** The clinic's database file. */
  file: string;
  /** Its raw key; each worker gets a copy, wiped once its connection is open. */
  key: Buffer | null;
  log?: (message: string, err?: unknown) => void;
}

/**
 * Where the worker's code is: beside this file once compiled (the app), or as TypeScript under
 * the tests, which load it through tsx as the test runners load the rest. `npm run bench` builds
 * the app first and names the compiled worker in CLINIC_JOBS_BUILD, so that its figures are of
 * the code as it ships: through tsx a worker spends about half a second compiling before it starts.
 */
function workerEntry(): { file: string; execArgv: string[] } {
  const fromSource = __filename.endsWith('.ts');
  const built = process.env.CLINIC_JOBS_BUILD;
  if (fromSource && built) return { file: path.resolve(built), execArgv: [] };
  return {
    file: path.join(__dirname, fromSource ? 'worker.ts' : 'worker.js'),
    execArgv: fromSource ? ['--import', 'tsx'] : [],
  };
}

/**
 * Runs the jobs of ./jobs.ts, one worker thread per job, each with its own connection to the
 * clinic's database. Should a worker not start (a packaging fault), the job runs on the main
 * thread with a second connection instead, and says so in the log: slower to answer, never lost.
 */
export function createJobRunner(opts: JobRunnerOptions): JobRunner {
  let workersWork = true;

  function inProcess<N extends JobName>(name: N, input: JobInput<N>, onProgress?: (d: number, t: number, s?: string) => void) {
    const db = openDatabase(opts.file, opts.key ?? undefined);
    const job = JOBS[name] as (ctx: { db: typeof db; progress: (d: number, t: number) => void }, i: unknown) => unknown;
    return Promise.resolve()
      .then(() => job({ db, progress: onProgress ?? (() => undefined) }, input) as JobOutput<N>)
      .finally(() => db.close());
  }

  function onWorker<N extends JobName>(
    name: N,
    input: JobInput<N>,
    onProgress?: (d: number, t: number, s?: string) => void,
    signal?: AbortSignal,
  ) {
    return new Promise<JobOutput<N>>((resolve, reject) => {
      if (signal?.aborted) {
        reject(new JobCancelled(name));
        return;
      }
      const entry = workerEntry();
      const request: JobRequest = { name, input, file: opts.file, key: opts.key ? new Uint8Array(opts.key) : null };
      let started = false;
      let settled = false;
      const worker = new Worker(entry.file, { workerData: request, execArgv: entry.execArgv });
      worker.once('online', () => {
        started = true;
      });
      // Cancelling stops the worker where it is; a job writes nothing final until it has finished.
      signal?.addEventListener('abort', () => {
        if (settled) return;
        settled = true;
        void worker.terminate();
        reject(new JobCancelled(name));
      });
      worker.on('message', (m: JobMessage) => {
        if (m.kind === 'progress') onProgress?.(m.done, m.total, m.step);
        else if (!settled) {
          settled = true;
          if (m.kind === 'done') resolve(m.value as JobOutput<N>);
          else reject(new JobFailed(name, m.message, m.damaged === true));
        }
      });
      worker.on('error', (err) => {
        if (settled) return;
        settled = true;
        if (started) {
          reject(err);
          return;
        }
        workersWork = false;
        opts.log?.(`A worker thread could not start; the ${name} job runs on the main thread`, err);
        try {
          inProcess(name, input, onProgress).then(resolve, reject);
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      });
      worker.on('exit', (code) => {
        if (!settled) {
          settled = true;
          reject(new Error(`The ${name} job stopped (exit code ${code}) before it finished.`));
        }
      });
    });
  }

  return {
    run: (name, input, onProgress, signal) =>
      workersWork ? onWorker(name, input, onProgress, signal) : inProcess(name, input, onProgress),
    get offThread() {
      return workersWork;
    },
  };
}
