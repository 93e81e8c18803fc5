import { describe, expect, it } from 'vitest';
import { runKillCycles } from '../support/kill';
import { tempDir } from '../support/tempDir';

describe('killing the app while it writes', () => {
  it(
    '12 SIGKILLs during patient and photo writes lose no confirmed write, damage nothing, and leave no row without its files',
    { timeout: 300_000 },
    async () => {
      const report = await runKillCycles(tempDir(), 12);
      expect(report.problems).toEqual([]);
      expect(report.lostWrites).toBe(0);
      // Each cycle confirmed writes before its kill: the test wrote for real.
      expect(report.confirmedWrites).toBeGreaterThan(12);
    },
  );
});
