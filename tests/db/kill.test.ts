import { describe, expect, it } from 'vitest';
import { runKillCycles } from '../support/kill';
import { tempDir } from '../support/tempDir';

describe('killing the app while it writes', () => {
  it(
    '50 SIGKILLs during patient and photo writes lose no confirmed write, damage nothing, and leave no row without its files',
    { timeout: 900_000 },
    async () => {
      const report = await runKillCycles(tempDir(), 50);
      expect(report.problems).toEqual([]);
      expect(report.lostWrites).toBe(0);
      // Each cycle confirmed writes before its kill: the test wrote for real.
      expect(report.confirmedWrites).toBeGreaterThan(50);
    },
  );
});
