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

/** The shells: each may import db/, node/ and shared/, never another shell. */
const SHELLS = ['server', 'electron', 'cli'];
/** The one launcher: the only module that starts shells, so the only one that may import several. */
const LAUNCHER = 'cli/start.ts';

/** What a shell may not import: the other shells, with a sentence that says where shared code goes. */
function shellPatterns(shell) {
  return SHELLS.filter((other) => other !== shell).map((other) => ({
    group: [`**/${other}`, `**/${other}/*`, `**/${other}/**`],
    message: `A shell may not import another shell (${other}/): shared Node-side code goes in node/, and only ${LAUNCHER} starts shells.`,
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
          ...layerPatterns(['db', 'server', 'electron', 'cli', 'node']),
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
          ...layerPatterns(['db', 'server', 'electron', 'renderer', 'cli', 'node']),
        ],
      }],
    },
  },
  {
    files: ['db/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'db/ runs in any Node process: no Electron imports.' }],
        patterns: layerPatterns(['server', 'electron', 'renderer', 'cli', 'node']),
      }],
    },
  },
  {
    // Node-side helpers every shell shares (the data folder, the connection service, the one
    // serving path): db/ and shared/ only, so any shell can import them.
    files: ['node/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'node/ serves every shell: no Electron imports.' }],
        patterns: layerPatterns(['server', 'electron', 'renderer', 'cli']),
      }],
    },
  },
  ...SHELLS.map((shell) => ({
    files: [`${shell}/**`],
    ignores: [LAUNCHER],
    rules: {
      'no-restricted-imports': ['error', {
        paths: shell === 'electron' ? [] : [{ name: 'electron', message: 'Only the desktop shell (electron/) imports Electron.' }],
        patterns: [...shellPatterns(shell), ...layerPatterns(['renderer'])],
      }],
    },
  })),
  {
    // Every temporary folder a vitest file makes is removed once the file has run: one helper does it.
    files: ['tests/unit/**/*.ts', 'tests/integration/**/*.ts'],
    rules: {
      'no-restricted-properties': ['error', {
        object: 'os',
        property: 'tmpdir',
        message: 'Make temporary folders with tempDir (tests/support/temp-dir.ts), which removes them after the test file.',
      }],
    },
  },
  {
    files: [LAUNCHER],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The launcher starts Electron as a program; it does not import it.' }],
        patterns: layerPatterns(['renderer']),
      }],
    },
  },
);
