import { defineConfig } from '@playwright/test';

export default defineConfig({
  tsconfig: './tsconfig.playwright.json',
  testDir: './electron',
  outputDir: '../test-results/electron',
  workers: 1,
  forbidOnly: true,
  reporter: [['list']],
  timeout: 60_000,
});
