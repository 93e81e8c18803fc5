import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from './harness/chromium';

const executablePath = chromiumExecutable();

/**
 * Every UI test runs with the page and the harness's main-process code in Europe/London (the
 * test clinics' own zone); the calendar's tests run again with this computer in New York and in
 * Auckland. The calendar is the only part of the page that handles Date (a lint rule keeps it
 * so): the rest shows dates the main process worked out in the clinic's zone.
 */
export const TIME_ZONE_PROJECTS = [
  { name: 'Europe/London', use: { timezoneId: 'Europe/London' } },
  { name: 'America/New_York', testMatch: /calendar\.spec\.ts$/, use: { timezoneId: 'America/New_York' } },
  { name: 'Pacific/Auckland', testMatch: /calendar\.spec\.ts$/, use: { timezoneId: 'Pacific/Auckland' } },
];

export default defineConfig({
  tsconfig: './tsconfig.playwright.json',
  testDir: './ui',
  outputDir: '../test-results/ui',
  globalSetup: './harness/global-setup.ts',
  fullyParallel: true,
  workers: 2,
  forbidOnly: true,
  reporter: [['list']],
  // Axe over a whole page takes 20–30 s when other work shares the two cores.
  timeout: 60_000,
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    launchOptions: { args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) },
    trace: 'retain-on-failure',
  },
  projects: TIME_ZONE_PROJECTS,
});
