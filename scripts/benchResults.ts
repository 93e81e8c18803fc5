import fs from 'node:fs';
import path from 'node:path';

/** One figure of the benchmark record (bench/results.json). Lower is better unless `better` says otherwise. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** The goal the figure must meet, or null where it is informative. */
  goal: number | null;
  better?: 'higher';
}

export const RESULTS_FILE = path.resolve('bench', 'results.json');

export function meetsGoal(r: BenchResult): boolean {
  if (r.goal === null) return true;
  return r.better === 'higher' ? r.value >= r.goal : r.value <= r.goal;
}

/**
 * Adds figures to bench/results.json, replacing any with the same names, so each part of
 * the benchmark can write its own figures into the one record.
 */
export function recordResults(results: readonly BenchResult[]): void {
  let existing: BenchResult[] = [];
  try {
    existing = JSON.parse(fs.readFileSync(RESULTS_FILE, 'utf8')) as BenchResult[];
  } catch {
    // No record yet.
  }
  const names = new Set(results.map((r) => r.name));
  const merged = [...existing.filter((r) => !names.has(r.name)), ...results];
  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(merged, null, 2)}\n`);
}

export function printResults(title: string, results: readonly BenchResult[]): number {
  const width = Math.max(...results.map((r) => r.name.length), 10);
  console.log(`\n${title}\n${'name'.padEnd(width)}  ${'value'.padStart(10)}  goal`);
  let missed = 0;
  for (const r of results) {
    const ok = meetsGoal(r);
    if (!ok) missed++;
    const goal = r.goal === null ? '-' : `${r.better === 'higher' ? '≥' : '≤'} ${r.goal}`;
    console.log(
      `${r.name.padEnd(width)}  ${`${r.value.toFixed(r.value < 10 ? 2 : 1)} ${r.unit}`.padStart(10)}  ${goal}  ${ok ? '' : 'MISSED'}`,
    );
  }
  return missed;
}
