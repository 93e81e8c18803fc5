import fs from 'node:fs';
import { chromium } from '@playwright/test';

const SYSTEM_CHROMIUMS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

export const HOW_TO_GET_CHROMIUM =
  'No Chromium found: install one (Debian/Ubuntu: `sudo apt-get install chromium`; elsewhere: `npx playwright install chromium`) or set CHROMIUM_PATH.';

/**
 * The browser the UI tests drive: CHROMIUM_PATH, else a system Chromium, else
 * Playwright's own download (undefined lets Playwright use it).
 */
export function chromiumExecutable(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  return SYSTEM_CHROMIUMS.find((p) => fs.existsSync(p));
}

export function assertChromiumAvailable(): void {
  const exe = chromiumExecutable() ?? chromium.executablePath();
  if (!fs.existsSync(exe)) throw new Error(HOW_TO_GET_CHROMIUM);
}

export const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
