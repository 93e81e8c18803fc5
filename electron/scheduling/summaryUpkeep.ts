import { readAppState, writeAppState } from '../db/appStateRepo';
import type { Db } from '../db/connection';
import { patientsWithRecordsDatedIn } from '../db/scheduleRepo';
import type { JobRunner } from '../jobs/runner';
import { loadRulesContext } from './context';
import { refreshScheduleSummary } from './patientSchedule';

/**
 * Keeps the recall summaries (patient_schedule) true:
 * - after the rule settings change, every summary is rebuilt on a worker thread (the settings
 *   are saved and the summaries marked stale in one transaction, so a rebuild cut short by a
 *   crash runs again on the next opening);
 * - when the way summaries are worked out changes (SUMMARY_VERSION), once on opening;
 * - when a day comes on which a patient has a treatment or observation dated (one saved while
 *   it was in the future), before the summaries are read that day.
 */
export const SUMMARY_VERSION = 2; // 2: the earliest re-treatment is the latest of the current areas'

const STATE_KEY = 'schedule_summaries';

interface SummaryState {
  version: number;
  /** The clinic day the summaries were worked out for. */
  asOf: string;
}

function readState(db: Db): SummaryState | null {
  const raw = readAppState(db, STATE_KEY);
  return raw === null ? null : (JSON.parse(raw) as SummaryState);
}

function writeState(db: Db, s: SummaryState): void {
  writeAppState(db, STATE_KEY, JSON.stringify(s));
}

/** Marks every summary stale; call in the transaction that changes what all of them depend on. */
export function markSummariesStale(db: Db, asOf: string): void {
  writeState(db, { version: 0, asOf });
}

/** Records that every summary was just worked out for `asOf` (the demo generator, which builds them all at once). */
export function markSummariesCurrent(db: Db, asOf: string): void {
  writeState(db, { version: SUMMARY_VERSION, asOf });
}

const queues = new WeakMap<Db, Promise<unknown>>();

/** Rebuilds every summary on a worker thread; rebuilds asked for at once run one after another. */
export function rebuildSummaries(db: Db, jobs: JobRunner, asOf: string): Promise<number> {
  const before = queues.get(db) ?? Promise.resolve();
  const run = before.then(async () => {
    const { patients } = await jobs.run('rebuildSummaries', { asOf });
    if (db.open) writeState(db, { version: SUMMARY_VERSION, asOf });
    return patients;
  });
  queues.set(
    db,
    run.catch(() => undefined),
  );
  return run;
}

/** On opening a clinic: starts a rebuild in the background when the summaries are stale or were built another way. */
export function checkSummariesOnOpen(db: Db, jobs: JobRunner, today: string, log?: (m: string, e?: unknown) => void): void {
  const state = readState(db);
  if (state?.version === SUMMARY_VERSION) return;
  if (state === null && db.prepare('SELECT 1 FROM treatments LIMIT 1').get() === undefined) {
    writeState(db, { version: SUMMARY_VERSION, asOf: today }); // a new clinic: nothing to build
    return;
  }
  rebuildSummaries(db, jobs, today).catch((err: unknown) => log?.('Rebuilding the recall summaries failed', err));
}

/**
 * Before the summaries are read: rewrites those of patients with a treatment or observation
 * dated after the day they were built for, up to today (records saved while their date was
 * still to come). One indexed query when there is nothing to do.
 */
export function catchUpSummaries(db: Db, today: string): void {
  const state = readState(db);
  if (!state || state.version !== SUMMARY_VERSION || state.asOf >= today) return;
  db.transaction(() => {
    const ids = patientsWithRecordsDatedIn(db, state.asOf, today);
    const ctx = ids.length > 0 ? loadRulesContext(db) : null;
    for (const id of ids) refreshScheduleSummary(db, ctx!, id, today);
    writeState(db, { version: SUMMARY_VERSION, asOf: today });
  })();
}
