import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRulesCommand } from '../../../electron/rules/cli';
import { matchesExpected } from './helpers';

// The public examples live beside the repository in ../shared, as in CI.
const EXAMPLES = path.resolve(__dirname, '../../../../shared/rules/examples');
const ROOT = path.resolve(__dirname, '../../..');

const pairs = fs.existsSync(EXAMPLES)
  ? fs
      .readdirSync(EXAMPLES)
      .filter((f) => f.endsWith('.input.json'))
      .sort()
  : [];

describe('the public rules examples (../shared/rules/examples)', () => {
  it('are present next to the repository', () => {
    expect(pairs.length).toBeGreaterThan(0);
  });

  it.each(pairs)('%s gives its expected output', (inputName) => {
    const input = fs.readFileSync(path.join(EXAMPLES, inputName), 'utf8');
    const expected = JSON.parse(
      fs.readFileSync(path.join(EXAMPLES, inputName.replace('.input.json', '.expected.json')), 'utf8'),
    ) as unknown;
    const outcome = runRulesCommand(input);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const got = JSON.parse(outcome.output) as unknown;
    if (!matchesExpected(expected, got)) expect(got).toMatchObject(expected as object);
    expect(matchesExpected(expected, got)).toBe(true);
  });

  it('the real command gives the same outputs for all examples at once as a batch', () => {
    const batch = `[${pairs.map((f) => fs.readFileSync(path.join(EXAMPLES, f), 'utf8')).join(',')}]`;
    const result = spawnSync('npm', ['run', '--silent', 'rules', '--', '-'], { cwd: ROOT, input: batch, encoding: 'utf8' });
    expect(result.status).toBe(0);
    const outputs = JSON.parse(result.stdout) as unknown[];
    expect(outputs).toHaveLength(pairs.length);
    pairs.forEach((f, i) => {
      const expected = JSON.parse(
        fs.readFileSync(path.join(EXAMPLES, f.replace('.input.json', '.expected.json')), 'utf8'),
      ) as unknown;
      expect(matchesExpected(expected, outputs[i])).toBe(true);
    });
  });

  it('prints exactly the same output under three different time zones', () => {
    const batch = `[${pairs.map((f) => fs.readFileSync(path.join(EXAMPLES, f), 'utf8')).join(',')}]`;
    const outputs = ['America/New_York', 'Europe/London', 'Pacific/Auckland'].map((TZ) => {
      const result = spawnSync('npm', ['run', '--silent', 'rules', '--', '-'], {
        cwd: ROOT,
        input: batch,
        encoding: 'utf8',
        env: { ...process.env, TZ },
      });
      expect(result.status).toBe(0);
      return result.stdout;
    });
    expect(outputs[1]).toBe(outputs[0]);
    expect(outputs[2]).toBe(outputs[0]);
  });
});
