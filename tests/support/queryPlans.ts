import type { Db } from '../../electron/db/connection';

/** One statement a repository ran, with the arguments it was run with. */
export interface RanStatement {
  sql: string;
  args: unknown[];
}

const RUNS = new Set(['all', 'get', 'run', 'iterate']);

/**
 * Runs `work` (real handlers or repository functions) and returns every statement it ran, with
 * its arguments, by watching the connection's own `prepare`: the plans checked are those of
 * the SQL the app ships, never a copy written in a test.
 */
export async function statementsRunBy(db: Db, work: () => unknown): Promise<RanStatement[]> {
  const ran: RanStatement[] = [];
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    const stmt = prepare(sql);
    const watched: object = new Proxy(stmt, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (RUNS.has(String(key))) ran.push({ sql, args });
          const result = (value as (...a: unknown[]) => unknown).apply(target, args);
          // pluck(), raw() and the like return the statement itself: keep watching it.
          return result === target ? watched : result;
        };
      },
    });
    return watched;
  }) as Db['prepare'];
  try {
    await work();
  } finally {
    db.prepare = prepare;
  }
  return ran;
}

/** SQLite's plan for a statement with the arguments it ran with, one step a line. */
export function planOf(db: Db, s: RanStatement): string[] {
  return (db.prepare(`EXPLAIN QUERY PLAN ${s.sql}`).all(...s.args) as { detail: string }[]).map((r) => r.detail);
}

/** The steps of a plan that read a whole table or index from end to end (not a SEARCH by key or range). */
export function fullScans(plan: readonly string[]): string[] {
  return plan.map((s) => s.trim()).filter((s) => s.startsWith('SCAN ') && !/VIRTUAL TABLE|CONSTANT ROW|^SCAN \(/.test(s));
}

/** The table each name or alias in a statement stands for ("a" → "appointments"). */
export function tablesByAlias(sql: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const m of sql.matchAll(/\b(?:FROM|JOIN)\s+(\w+)(?:\s+(?:AS\s+)?(\w+))?/gi)) {
    const table = m[1]!;
    const alias = m[2];
    map.set(table, table);
    if (alias && !/^(ON|WHERE|JOIN|LEFT|INNER|CROSS|USING|ORDER|GROUP|LIMIT|UNION)$/i.test(alias)) map.set(alias, table);
  }
  return map;
}
