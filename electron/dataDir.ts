import path from 'node:path';

export type DataDirChoice =
  { ok: true; dir: string; source: 'argument' | 'environment' | 'default' } | { ok: false; message: string };

/**
 * Where the clinic's data lives: `--data-dir DIR` (or `--data-dir=DIR`), else
 * CLINIC_DATA_DIR, else the platform's user-data folder. Under test (CLINIC_TEST=1)
 * an explicit folder is required, so a test can never open a real clinic's data.
 */
export function chooseDataDir(argv: readonly string[], env: NodeJS.ProcessEnv, defaultDir: string): DataDirChoice {
  let fromArg: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--data-dir') {
      fromArg = argv[i + 1];
      if (fromArg === undefined || fromArg.startsWith('--')) return { ok: false, message: '--data-dir needs a folder after it.' };
    } else if (arg.startsWith('--data-dir=')) {
      fromArg = arg.slice('--data-dir='.length);
    }
  }
  if (fromArg !== undefined && fromArg.trim() !== '') return { ok: true, dir: path.resolve(fromArg), source: 'argument' };
  const fromEnv = env.CLINIC_DATA_DIR;
  if (fromEnv !== undefined && fromEnv.trim() !== '') return { ok: true, dir: path.resolve(fromEnv), source: 'environment' };
  if (env.CLINIC_TEST === '1') {
    return { ok: false, message: 'Under test (CLINIC_TEST=1) a data folder must be given with --data-dir or CLINIC_DATA_DIR.' };
  }
  return { ok: true, dir: defaultDir, source: 'default' };
}
