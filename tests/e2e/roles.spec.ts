/**
 * A plain user in a real browser: with `roles.admins` naming someone else, the app offers no
 * Activity, no Deleted records and no export, while the logs of the records they open still read
 * as usual. The data layer refuses those views as well (tests/integration/roles-sensitive.test.ts);
 * this checks the UI does not offer what would be refused. Runs its own web shell on the demo
 * replica with those settings.
 */
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { rendererDir } from '../../cli/renderer-build';
import { openAuditDatabase, type AuditService } from '../../db/index';
import { startWebShell, type WebShell } from '../../server/web-shell';
import { E2E } from './e2e-setup';
import { SCREENSHOTS } from './helpers';

let api: AuditService;
let shell: WebShell;

test.beforeAll(async () => {
  // Priya Shah (person 10) is "me"; only person 1 is an admin.
  api = await openAuditDatabase({ file: E2E.replica, settings: { personId: E2E.minePersonId, roles: { admins: [1] } } });
  shell = await startWebShell({ api, staticDir: rendererDir(path.resolve(import.meta.dirname, '../..')), token: 'roles-e2e-token-0123456789' });
});
test.afterAll(async () => {
  await shell?.close();
  await api?.close();
});

test('a plain user reads the logs of the records they open, and is offered no admin views', async ({ page }) => {
  await page.goto(shell.url);
  await expect(page.getByRole('grid')).toBeVisible();
  await page.locator('[data-table="Customer"]').click();
  await expect(page.getByRole('heading', { name: 'Customer', exact: true })).toBeVisible();
  await expect(page.locator('[data-view="activity"]')).toHaveCount(0);
  await expect(page.getByRole('tab', { name: 'Deleted records' })).toHaveCount(0);
  await page.locator('.data-grid-row[data-row-key="1"]').dblclick();
  await page.locator('.properties-header .audit-icon').click();
  await expect(page.locator('.log-entry[data-log-id]').first()).toBeVisible();
  await expect(page.locator('.export-button')).toHaveCount(0);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'plain-user-log.png') });
  // Asked directly, the data layer says no in one sentence.
  const refused = await page.evaluate(async () => {
    const res = await fetch('/api/listActivity', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    return { status: res.status, body: (await res.json()) as { error?: { code: string } } };
  });
  expect(refused.status).toBe(403);
  expect(refused.body.error?.code).toBe('forbidden');
});
