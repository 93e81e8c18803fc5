// The patient search part of `npm run bench`: every kind of search a front desk types, at the
// bench clinic's size, timed through the real dispatcher; the goal is the 95th percentile.
import type { ClinicCore } from '../electron/core';
import type { Sender } from '../electron/dispatch';

export const SEARCH_P95_GOAL_MS = 10;

/** A word with one typo: a letter dropped, or two neighbours swapped. */
function typo(word: string, i: number): string {
  const at = 1 + (i % Math.max(1, word.length - 2));
  return i % 2 === 0 ? word.slice(0, at) + word.slice(at + 1) : word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
}

export async function benchSearch(core: ClinicCore, page: Sender): Promise<{ p95: number; median: number; note: string }> {
  const sample = core.db
    .prepare("SELECT first_name, last_name, phone FROM patients WHERE phone <> '' AND id % 997 = 1 ORDER BY id LIMIT 12")
    .all() as { first_name: string; last_name: string; phone: string }[];
  const queries: string[] = [];
  sample.forEach((p, i) => {
    const digits = p.phone.replace(/\D/g, '');
    queries.push(
      p.last_name.slice(0, 3), // as you type
      `${p.first_name} ${p.last_name}`,
      typo(p.last_name.toLowerCase(), i), // a typo: exact search finds little, the typo search runs
      `${typo(p.first_name.toLowerCase(), i + 1)} ${p.last_name.slice(0, 4)}`,
      digits.slice(-6), // the end of the number
      digits.slice(3, 10), // the middle
      p.phone, // as saved
      `+44 ${digits.replace(/^0/, '')}`, // in international form
    );
  });
  const run = async (text: string) => {
    const r = await core.dispatch(page, 'patients.list', { text, sort: 'name', includeArchived: false });
    if (!r.ok) throw new Error(r.error.message);
    return (r.value as { patients: unknown[] }).patients.length;
  };
  for (const q of queries) await run(q); // warm, as a running app is
  const ms: number[] = [];
  let found = 0;
  for (let round = 0; round < 5; round++) {
    for (const q of queries) {
      const t = performance.now();
      found += (await run(q)) > 0 ? 1 : 0;
      ms.push(performance.now() - t);
    }
  }
  ms.sort((a, b) => a - b);
  const at = (f: number) => ms[Math.min(ms.length - 1, Math.floor(f * ms.length))]!;
  return {
    p95: at(0.95),
    median: at(0.5),
    note: `${queries.length} searches × 5 (names, typos, phone fragments, full numbers); ${Math.round((100 * found) / ms.length)}% found someone`,
  };
}
