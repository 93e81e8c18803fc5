import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/db/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    // Some tests start the rules command or build a demo clinic: on a shared two-core machine 5 s is too tight.
    testTimeout: 30_000,
  },
});
