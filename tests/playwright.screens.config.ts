import { defineConfig } from '@playwright/test';
import base from './playwright.config';

export default defineConfig({
  ...base,
  testDir: './screens',
  projects: [{ name: 'Europe/London', use: { timezoneId: 'Europe/London' } }],
  outputDir: '../test-results/screens-run',
});
