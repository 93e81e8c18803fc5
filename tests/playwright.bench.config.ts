import { defineConfig } from '@playwright/test';
import base from './playwright.config';

/** `npm run bench`: speed goals measured in Chromium (not part of `npm test`). */
export default defineConfig({
  tsconfig: './tsconfig.playwright.json',
  ...base,
  testDir: './bench',
  projects: [{ name: 'Europe/London', use: { timezoneId: 'Europe/London' } }],
  outputDir: '../test-results/bench',
  workers: 1,
  fullyParallel: false,
  timeout: 180_000,
});
