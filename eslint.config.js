// ESLint (flat config): type-aware rules for promises and type imports everywhere, and the determinism rule that
// keeps Node built-ins (and other I/O) out of workflow code, which runs in Temporal's sandbox.
const { builtinModules } = require('node:module');
const tseslint = require('typescript-eslint');
const js = require('@eslint/js');

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

module.exports = tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.data/', '.test-run/', 'coverage/', 'test-artifacts/', 'client/web/static/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({ name, message: 'Workflow code runs in a deterministic sandbox: no Node built-ins.' })),
            { name: 'zod', message: 'Validate at the boundary (activities, API), not inside workflows.' },
            { name: '@mikro-orm/core', message: 'Workflows do no I/O: use an activity.' },
            { name: '@mikro-orm/postgresql', message: 'Workflows do no I/O: use an activity.' },
            { name: '@temporalio/activity', message: 'Workflows import activities as types only.' },
            { name: '@temporalio/client', message: 'Workflows cannot use the client.' },
            { name: '@temporalio/worker', message: 'Workflows cannot use the worker.' },
          ],
          patterns: [
            { group: ['../activities/*', '../activities'], allowTypeImports: true, message: 'Import activities as types only.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The web pages (client/web): ES modules run by the browser, no build step.
    files: ['client/web/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: Object.fromEntries(
        ['window', 'document', 'navigator', 'location', 'history', 'localStorage', 'sessionStorage', 'fetch', 'crypto', 'Node', 'TextEncoder', 'Intl', 'setInterval', 'console', 'self', 'caches', 'URL', 'Response'].map((g) => [g, 'readonly']),
      ),
    },
  },
);
