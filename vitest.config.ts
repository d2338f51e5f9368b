import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    // One throwaway PostgreSQL cluster serves every data-layer test that runs once per engine.
    globalSetup: ['tests/support/pg-global-setup.ts'],
    // Integration tests build real SQLite files and PostgreSQL databases; give slow machines room
    // without hiding hangs.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
