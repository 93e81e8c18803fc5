import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const noFocusedOrSkipped = {
  selector:
    "CallExpression[callee.type='MemberExpression'][callee.object.name=/^(test|it|describe)$/][callee.property.name=/^(only|skip|fixme)$/]",
  message: 'No focused or skipped tests: fix or delete the test.',
};

/**
 * The page shows days and times the main process worked out in the clinic's zone; only the
 * calendar turns them into Date objects, and its UI tests run under three time zones
 * (tests/playwright.config.ts). A page that needs Date joins those projects first.
 */
const dateOnlyInCalendar = [
  'NewExpression[callee.name="Date"]',
  // Date.now() measures durations (a countdown, an idle timer), which no zone changes; the rest reads calendars.
  'CallExpression[callee.object.name="Date"][callee.property.name!="now"]',
].map((selector) => ({
  selector,
  message:
    'Only the calendar pages use Date (their tests run under three time zones): take the day and time from the main process, or add this page’s spec to TIME_ZONE_PROJECTS.',
}));

/** Folder boundaries (DESIGN.md): shared/ is pure, the renderer never reaches into Node or electron/. */
const forbidElectron = { name: 'electron', message: 'Only electron/main.ts, preload.ts and ipc.ts may import electron.' };
const sqliteOnlyInDb = {
  name: 'better-sqlite3-multiple-ciphers',
  message: 'SQL lives in electron/db/: use a repository function there.',
};
const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'crypto', 'http', 'url', 'better-sqlite3-multiple-ciphers'];

export default tseslint.config(
  { ignores: ['build/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', noFocusedOrSkipped],
    },
  },
  {
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            forbidElectron,
            ...nodeBuiltins.map((name) => ({ name, message: 'shared/ runs on both sides: no Node modules.' })),
          ],
          patterns: [
            { regex: '^node:', message: 'shared/ runs on both sides: no Node modules.' },
            { regex: '(^|/)(electron|renderer)/', message: 'shared/ imports nothing from either side.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      // The classic two (hooks called unconditionally, effects list what they read) and the
      // compiler-era checks on render purity; all errors, so `--max-warnings 0` has nothing to skip.
      ...Object.fromEntries(Object.keys(reactHooks.configs.flat.recommended.rules).map((r) => [r, 'error'])),
      'no-restricted-imports': [
        'error',
        {
          paths: [
            forbidElectron,
            ...nodeBuiltins.map((name) => ({ name, message: 'The renderer is a sandboxed page: no Node modules.' })),
          ],
          patterns: [
            { regex: '^node:', message: 'The renderer is a sandboxed page: no Node modules.' },
            { regex: '(^|/)electron/', message: 'The renderer talks to the main process only through window.clinic.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**'],
    ignores: ['renderer/src/pages/calendar/**'],
    rules: { 'no-restricted-syntax': ['error', noFocusedOrSkipped, ...dateOnlyInCalendar] },
  },
  {
    files: ['electron/**'],
    ignores: ['electron/main.ts', 'electron/preload.ts', 'electron/ipc.ts', 'electron/db/**', 'electron/rules/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [forbidElectron, sqliteOnlyInDb],
          patterns: [{ regex: '(^|/)renderer/', message: 'The main process never imports the renderer.' }],
        },
      ],
    },
  },
  {
    // The database driver is used only by the repositories, migrations and connection.
    files: ['electron/db/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [forbidElectron],
          patterns: [{ regex: '(^|/)renderer/', message: 'The main process never imports the renderer.' }],
        },
      ],
    },
  },
  {
    // The scheduling rules are pure functions: no files, no database, no clock of their own.
    files: ['electron/rules/**'],
    ignores: ['electron/rules/cli.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            forbidElectron,
            ...nodeBuiltins.map((name) => ({ name, message: 'electron/rules/ is pure: no I/O (RULES.md).' })),
          ],
          patterns: [
            { regex: '^node:', message: 'electron/rules/ is pure: no I/O (RULES.md).' },
            {
              regex: '(^|/)(renderer|db|api|photos|backup|auth)/',
              message: 'electron/rules/ is pure: it reads no database or files.',
            },
          ],
        },
      ],
    },
  },
);
