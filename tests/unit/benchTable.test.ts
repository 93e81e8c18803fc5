import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchTable, readRecord, TABLE_END, TABLE_START, withTable } from '../../scripts/benchTable';

const root = path.resolve(__dirname, '../..');

describe('the README’s benchmark table', () => {
  it('shows every figure of bench/results.json with its goal, first and latest value', () => {
    const { results, first } = readRecord(root);
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const table = benchTable(results, first);
    // After a bench run: npm run --silent bench:table -- --write
    expect(readme).toContain(`${TABLE_START}\n${table}\n${TABLE_END}`);
    for (const r of results) expect(table).toContain(`| \`${r.name}\` |`);
  });

  it('marks a missed goal, a minimum as ≥, a ratio with ×, and keeps the first figure beside the latest', () => {
    const table = benchTable(
      [
        { name: 'recall_list_ms', value: 412.3, unit: 'ms', goal: 300 },
        { name: 'kill_cycles', value: 300, unit: 'cycles', goal: 300, better: 'higher' },
        { name: 'search_vs_like_ratio', value: 0.0412, unit: 'ratio', goal: 0.5 },
        { name: 'recall_list_rows', value: 13545, unit: 'patients', goal: null },
      ],
      { recall_list_ms: { value: 100, date: '2026-11-28', source: 'README' } },
    );
    expect(table).toContain('| `recall_list_ms` | ≤ 300 ms | 100 ms (2026-11-28) | 412 ms | **missed** |');
    expect(table).toContain('| `kill_cycles` | ≥ 300 cycles | – | 300 cycles | met |');
    expect(table).toContain('| `search_vs_like_ratio` | ≤ 0.50× | – | 0.04× | met |');
    expect(table).toContain('| `recall_list_rows` | – | – | 13,545 patients |  |');
  });

  it('refuses a README without the table’s markers, and replaces only what is between them', () => {
    expect(() => withTable('# no table', 'x')).toThrow(/bench-table/);
    const readme = `before\n${TABLE_START}\nold\n${TABLE_END}\nafter\n`;
    expect(withTable(readme, 'new')).toBe(`before\n${TABLE_START}\nnew\n${TABLE_END}\nafter\n`);
  });
});
