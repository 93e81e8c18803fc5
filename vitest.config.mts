import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/db/**/*.test.ts', 'tests/network/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    // Some tests start the rules command or build a demo clinic: on a shared two-core machine 5 s is too tight.
    testTimeout: 30_000,
    // `npm test` measures what the unit and database tests run of electron/ and shared/ (the
    // first of its three time-zone runs); below the floor the run fails.
    coverage: {
      provider: 'v8',
      include: ['electron/**/*.ts', 'shared/**/*.ts'],
      // The Electron glue runs only in the Electron smoke suite; the rules command line only as a process.
      exclude: ['electron/main.ts', 'electron/preload.ts', 'electron/ipc.ts', 'electron/rules/cli.ts'],
      reporter: ['text-summary', 'html'],
      reportsDirectory: 'test-results/coverage',
      thresholds: { lines: 90, statements: 88, functions: 90, branches: 78 },
    },
  },
});
