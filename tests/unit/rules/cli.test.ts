import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRulesCommand } from '../../../electron/rules/cli';
import { tempDir } from '../../support/tempDir';
import { adult, full } from './helpers';

const ROOT = path.resolve(__dirname, '../../..');
const valid = { asOf: '2026-11-22', patient: adult, treatments: [full('2026-08-01', 'botox', { glabella: 20 })] };

function cli(args: string[], input?: string) {
  return spawnSync('npm', ['run', '--silent', 'rules', '--', ...args], { cwd: ROOT, input, encoding: 'utf8' });
}

describe('the rules command line', () => {
  it('reads a file and prints one JSON document', () => {
    const file = path.join(tempDir(), 'in.json');
    fs.writeFileSync(file, JSON.stringify(valid));
    const result = cli([file]);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({ asOf: '2026-11-22', recommendation: { currentAreas: ['glabella'] } });
  });

  it('refuses invalid input with exit status 2, one line on standard error naming the field, and nothing on standard output', () => {
    const bad = { ...valid, treatments: [{ ...full('2026-02-30', 'botox', { glabella: 20 }) }] };
    const result = cli(['-'], JSON.stringify(bad));
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('treatments[0].date');
  });

  it('fails a whole batch on one invalid element and names its index', () => {
    const result = cli(['-'], JSON.stringify([valid, valid, { ...valid, asOf: 'tomorrow' }]));
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^\[2\]\.asOf: /);
  });

  it.each([
    ['not JSON', '{"asOf": ', /^input: not valid JSON/],
    ['a missing asOf', JSON.stringify({ patient: adult }), /^asOf: is required/],
    ['a missing patient', JSON.stringify({ asOf: '2026-01-01' }), /^patient: is required/],
    [
      'an unknown product',
      JSON.stringify({ ...valid, treatments: [full('2026-08-01', 'acme', { glabella: 20 })] }),
      /^treatments\[0\]\.product: unknown product "acme"/,
    ],
    [
      'an unknown area',
      JSON.stringify({ ...valid, observations: [{ date: '2026-09-01', area: 'ears', kind: 'no_response' }] }),
      /^observations\[0\]\.area: unknown area "ears"/,
    ],
    [
      'negative units',
      JSON.stringify({ ...valid, treatments: [full('2026-08-01', 'botox', { glabella: -4 })] }),
      /^treatments\[0\]\.areas\[0\]\.units: must be more than 0/,
    ],
    [
      'text units',
      JSON.stringify({
        ...valid,
        treatments: [{ ...full('2026-08-01', 'botox', {}), areas: [{ area: 'glabella', units: '20' }] }],
      }),
      /^treatments\[0\]\.areas\[0\]\.units: /,
    ],
    ['a date that does not exist', JSON.stringify({ ...valid, asOf: '2026-13-01' }), /^asOf: is not a real date/],
    [
      'an unknown patient flag',
      JSON.stringify({ ...valid, patient: { flags: ['tired'] } }),
      /^patient\.flags\[0\]: must be one of/,
    ],
    ['a bad setting', JSON.stringify({ ...valid, settings: { touchUpWindow: [21, 10] } }), /^settings\.touchUpWindow: /],
    ['an array element that is not an object', '[1]', /^\[0\]\.input: must be a JSON object/],
  ])('names the problem for %s', (_name, text, message) => {
    const outcome = runRulesCommand(text);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.message).toMatch(message);
  });

  it('accepts clinic-added products and areas and applies setting overrides', () => {
    const outcome = runRulesCommand(
      JSON.stringify({
        asOf: '2026-11-22',
        patient: adult,
        treatments: [full('2026-08-01', 'acme', { temples: 10 })],
        products: [
          {
            code: 'acme',
            brand: 'Acme toxin',
            priorDays: 120,
            labelMinIntervalDays: 100,
            albumin: 'unknown',
            milkProtein: false,
            warnFromAge: null,
            cumulativeGroup: null,
          },
        ],
        areas: [{ code: 'temples', name: 'Temples', priorDays: null }],
        settings: { recallLeadDays: 10 },
      }),
    );
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const area = (JSON.parse(outcome.output) as { recommendation: { areas: Record<string, unknown>[] } }).recommendation.areas[0];
    expect(area).toMatchObject({
      expectedDurationDays: 120,
      earliestRetreatmentDate: '2026-11-09',
      recallDate: '2026-11-19',
      reviewDate: '2026-08-15',
    });
  });
});
