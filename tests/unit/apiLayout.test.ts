import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contract } from '../../shared/contract';

const API = path.resolve(__dirname, '../../electron/api');
/** Files that hold no handlers: what the handler modules are built from and share. */
const HELPERS = ['common.ts', 'clinicDay.ts', 'deps.ts', 'index.ts'];
/** Namespaces kept in another namespace's file, each with its reason (none at present). */
const ELSEWHERE: Record<string, string> = {};

describe('one API file per contract namespace', () => {
  const namespaces = [...new Set(Object.keys(contract).map((m) => m.split('.')[0]!))];
  const files = fs.readdirSync(API).filter((f) => f.endsWith('.ts'));

  it('each namespace’s handlers are written in electron/api/<namespace>.ts and nowhere else', () => {
    const misplaced: string[] = [];
    for (const file of files) {
      const source = fs.readFileSync(path.join(API, file), 'utf8');
      // A handler is a contract method name written as an object key.
      for (const m of source.matchAll(/^\s*'([a-zA-Z]+)\.([a-zA-Z]+)':/gm)) {
        const ns = m[1]!;
        if (!(`${ns}.${m[2]}` in contract)) continue;
        const home = ELSEWHERE[ns] ?? `${ns}.ts`;
        if (file !== home) misplaced.push(`${ns}.${m[2]} in ${file}`);
      }
    }
    expect(misplaced).toEqual([]);
  });

  it('every namespace has its file, and every file is a namespace or a named helper', () => {
    for (const ns of namespaces) expect(files, ns).toContain(ELSEWHERE[ns] ?? `${ns}.ts`);
    const extra = files.filter((f) => !HELPERS.includes(f) && !namespaces.includes(f.replace(/\.ts$/, '')));
    expect(extra).toEqual([]);
  });
});
