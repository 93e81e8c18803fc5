import { defineConfig } from '@playwright/test';
import base from './playwright.config';

export default defineConfig({ ...base, testDir: './screens', outputDir: '../test-results/screens-run' });
