import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const noFocusedOrSkipped = {
  selector:
    "CallExpression[callee.type='MemberExpression'][callee.object.name=/^(test|it|describe)$/][callee.property.name=/^(only|skip|fixme)$/]",
  message: 'No focused or skipped tests: fix or delete the test.',
};

/** Folder boundaries (DESIGN.md): shared/ is pure, the renderer never reaches into Node or electron/. */
const forbidElectron = { name: 'electron', message: 'Only electron/main.ts, preload.ts and ipc.ts may import electron.' };
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
    rules: {
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
    files: ['electron/**'],
    ignores: ['electron/main.ts', 'electron/preload.ts', 'electron/ipc.ts'],
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
);
