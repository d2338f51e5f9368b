// End-to-end tests: the real renderer in Debian's Chromium, against the web shell on a generated
// demo replica. Playwright never downloads a browser here: it drives the system's Chromium.
import { defineConfig } from '@playwright/test';
import { E2E } from './tests/e2e/e2e-setup';

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e',
  // Two cores: one browser at a time keeps the timings of a loaded machine out of the results.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${E2E.port}`,
    viewport: { width: 1440, height: 900 },
    // A zone with daylight saving, so the date filters are tested where they can go wrong.
    timezoneId: 'Europe/London',
    locale: 'en-GB',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: [
    {
      command: 'node --import tsx tests/e2e/serve-e2e.ts',
      url: `http://127.0.0.1:${E2E.port}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'pipe',
    },
    {
      // The same demo on a throwaway PostgreSQL cluster; SIGTERM lets it stop and delete the cluster.
      command: 'node --import tsx tests/e2e/serve-e2e-pg.ts',
      url: `http://127.0.0.1:${E2E.pgPort}/healthz`,
      reuseExistingServer: false,
      timeout: 240_000,
      stdout: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
    },
  ],
});
