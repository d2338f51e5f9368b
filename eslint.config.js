// Lint rules, including the layer boundaries of DESIGN.md §4: they are enforced here, not by memory.
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'url', 'util', 'stream', 'worker_threads'];
const drivers = ['better-sqlite3', 'pg', 'pg-*', 'kysely', 'kysely/*'];

/** `no-restricted-imports` patterns that keep a layer away from the named folders. */
function layerPatterns(folders) {
  return folders.map((folder) => ({
    group: [`**/${folder}`, `**/${folder}/*`, `**/${folder}/**`],
    message: `This layer may not import from ${folder}/ (see DESIGN.md §4).`,
  }));
}

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'test-results/**', 'playwright-report/**', '.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The renderer talks only to the API contract.' }],
        patterns: [
          { group: nodeBuiltins, message: 'The renderer has no Node: it talks only to the API contract.' },
          { group: drivers, message: 'The renderer has no database access: use the API contract.' },
          ...layerPatterns(['db', 'server', 'electron', 'cli']),
        ],
      }],
    },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'shared/ is pure: no shell imports.' }],
        patterns: [
          { group: nodeBuiltins, message: 'shared/ is pure logic used on both sides: no Node built-ins.' },
          { group: drivers, message: 'shared/ is pure logic: no database drivers.' },
          ...layerPatterns(['db', 'server', 'electron', 'renderer', 'cli']),
        ],
      }],
    },
  },
  {
    files: ['db/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'db/ runs in any Node process: no Electron imports.' }],
        patterns: layerPatterns(['server', 'electron', 'renderer', 'cli']),
      }],
    },
  },
);
