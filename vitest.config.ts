import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    // Integration tests build real SQLite files; give slow machines room without hiding hangs.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
