import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseDataDir } from '../../electron/dataDir';

const DEFAULT = '/home/ann/.config/Clinic Records';

describe('choosing the data folder', () => {
  it('uses --data-dir DIR and --data-dir=DIR before the environment', () => {
    expect(chooseDataDir(['electron', '.', '--data-dir', 'x/one'], { CLINIC_DATA_DIR: '/env' }, DEFAULT)).toEqual({
      ok: true,
      dir: path.resolve('x/one'),
      source: 'argument',
    });
    expect(chooseDataDir(['--data-dir=/abs/two'], {}, DEFAULT)).toMatchObject({ ok: true, dir: '/abs/two' });
  });

  it('uses CLINIC_DATA_DIR, then the platform default', () => {
    expect(chooseDataDir([], { CLINIC_DATA_DIR: '/env' }, DEFAULT)).toMatchObject({
      ok: true,
      dir: '/env',
      source: 'environment',
    });
    expect(chooseDataDir([], {}, DEFAULT)).toEqual({ ok: true, dir: DEFAULT, source: 'default' });
  });

  it('refuses to fall back to the real clinic folder under test', () => {
    const choice = chooseDataDir([], { CLINIC_TEST: '1' }, DEFAULT);
    expect(choice.ok).toBe(false);
    expect(chooseDataDir([], { CLINIC_TEST: '1', CLINIC_DATA_DIR: '/tmp/t' }, DEFAULT)).toMatchObject({
      ok: true,
      dir: '/tmp/t',
    });
  });

  it('refuses a --data-dir with nothing after it', () => {
    expect(chooseDataDir(['--data-dir'], {}, DEFAULT).ok).toBe(false);
    expect(chooseDataDir(['--data-dir', '--other'], {}, DEFAULT).ok).toBe(false);
  });
});
