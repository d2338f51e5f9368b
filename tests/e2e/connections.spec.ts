/**
 * Connections in a real browser against the web shell: a profile for a server that is not there
 * (a closed port) fails its test and its connect in one sentence while the app keeps working;
 * profiles are saved, edited and deleted; opening replicas by path and from the recent list; and
 * no answer from the shell ever carries the password typed into the form. When the PostgreSQL
 * end-to-end server has written its address (.cache/e2e/pg.json), connecting to it is tried too.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { E2E } from './e2e-setup';
import { openApp, SCREENSHOTS, selectTable } from './helpers';

const PASSWORD = 'e2e-unguessable-pw-4711';

/** A port on 127.0.0.1 that nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Every answer of the shell's API, as text, for checking that no password is ever in one. */
function recordApiAnswers(page: Page): string[] {
  const answers: string[] = [];
  page.on('response', (response) => {
    if (!new URL(response.url()).pathname.startsWith('/api/')) return;
    void response.text().then(
      (text) => answers.push(text),
      () => undefined,
    );
  });
  return answers;
}

async function openConnections(page: Page) {
  await page.getByRole('button', { name: /^Connections/ }).click();
  const dialog = page.locator('.connections-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('.current-connection')).toBeVisible();
  return dialog;
}

async function fillProfile(page: Page, values: Partial<Record<'Profile name' | 'Host' | 'Port' | 'Database' | 'Schema' | 'User' | 'Password', string>>) {
  for (const [label, value] of Object.entries(values)) await page.getByLabel(label, { exact: true }).fill(value);
}

test('a profile for a server that is not there fails in one sentence, and the app keeps working', async ({ page }) => {
  const answers = recordApiAnswers(page);
  const port = await closedPort();
  const unreachable = `Cannot reach the PostgreSQL server at 127.0.0.1:${port}: it refused the connection. Check the host and port, and that the server is running.`;
  await openApp(page);
  const dialog = await openConnections(page);
  await expect(dialog.locator('.current-connection')).toContainText(E2E.replica);
  await expect(dialog.locator(`.connection-row[data-replica="${E2E.replica}"]`)).toContainText('Open now');

  // A new profile: the web shell keeps passwords for the session only, and says so.
  await dialog.getByRole('button', { name: 'New profile' }).click();
  await expect(dialog.locator('.session-note')).toContainText('kept for this session only');
  await expect(dialog.getByRole('checkbox')).toHaveCount(0);
  await fillProfile(page, { 'Profile name': 'Nowhere', Host: '127.0.0.1', Port: String(port), Database: 'erp', User: 'auditor', Password: PASSWORD });
  await dialog.getByRole('button', { name: 'Test' }).click();
  await expect(dialog.locator('.form-outcome')).toHaveText(unreachable);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'connections-profile-form.png') });
  await dialog.getByRole('button', { name: 'Save' }).click();

  const row = dialog.locator('.connection-row[data-profile="Nowhere"]');
  await expect(row).toContainText(`postgres://auditor@127.0.0.1:${port}/erp`);
  await expect(row).toContainText('Password for this session');
  await expect(dialog.locator('.connections-notice')).toHaveText('Saved Nowhere.');
  await row.getByRole('button', { name: 'Test' }).click();
  await expect(row.locator('.row-outcome')).toHaveText(unreachable);
  await row.getByRole('button', { name: 'Connect' }).click();
  await expect(row.locator('.row-outcome')).toHaveText(unreachable);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'connections-dialog.png') });

  // The app is still on the replica, and still answers.
  await expect(dialog.locator('.current-connection')).toContainText(E2E.replica);
  await dialog.locator('.bp6-dialog-footer').getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  await selectTable(page, 'Contact');
  await expect(page.locator('.data-grid-row').first()).toBeVisible();
  await expect(page).toHaveTitle(/demo-seed1\.sqlite/);

  // Give the last answers a moment to be read, then check them all.
  await page.waitForTimeout(200);
  expect(answers.length).toBeGreaterThan(5);
  for (const answer of answers) expect(answer).not.toContain(PASSWORD);
});

test('profiles are edited and deleted; the kept password does not follow a profile to another server', async ({ page }) => {
  const answers = recordApiAnswers(page);
  const port = await closedPort();
  await openApp(page);
  const dialog = await openConnections(page);
  await dialog.getByRole('button', { name: 'New profile' }).click();
  await fillProfile(page, { 'Profile name': 'Staging', Host: '127.0.0.1', Port: String(port), Database: 'erp', User: 'auditor', Password: PASSWORD });
  await dialog.getByRole('button', { name: 'Save' }).click();
  const staging = dialog.locator('.connection-row[data-profile="Staging"]');
  await expect(staging).toContainText('Password for this session');

  // Rename it and choose another schema: the same server, so the password stays.
  await staging.getByRole('button', { name: 'Edit Staging' }).click();
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
  await expect(dialog).toContainText('Leave empty to keep the password already kept.');
  await fillProfile(page, { 'Profile name': 'Staging EU', Schema: 'audit' });
  await dialog.getByRole('button', { name: 'Save' }).click();
  const renamed = dialog.locator('.connection-row[data-profile="Staging EU"]');
  await expect(renamed).toContainText(`postgres://auditor@127.0.0.1:${port}/erp?schema=audit`);
  await expect(renamed).toContainText('Password for this session');
  await expect(dialog.locator('.connection-row[data-profile="Staging"]')).toHaveCount(0);

  // Point it at another database: the form warns, and the password is forgotten.
  await renamed.getByRole('button', { name: 'Edit Staging EU' }).click();
  await fillProfile(page, { Database: 'erp_copy' });
  await expect(dialog).toContainText('The kept password is not sent to another server');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.locator('.connections-notice')).toHaveText('Saved Staging EU. Its password was forgotten, as the profile now points at another server.');
  await expect(renamed).toContainText('No password kept');

  // A name another profile has is refused in the form.
  await dialog.getByRole('button', { name: 'New profile' }).click();
  await fillProfile(page, { 'Profile name': 'Staging EU', Host: 'h', Database: 'd', User: 'u' });
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toContainText('A profile named Staging EU already exists.');
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  await renamed.getByRole('button', { name: 'Delete Staging EU' }).click();
  await expect(renamed).toContainText('Delete this profile?');
  await renamed.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(dialog.locator('.connections-notice')).toHaveText('Deleted Staging EU.');
  await expect(dialog.locator('.connection-row[data-profile="Staging EU"]')).toHaveCount(0);

  await page.waitForTimeout(200);
  for (const answer of answers) expect(answer).not.toContain(PASSWORD);
});

test('replicas open by path and from the recent list; a wrong path leaves the app where it was', async ({ page }) => {
  await openApp(page);
  let dialog = await openConnections(page);
  const missing = path.join(path.dirname(E2E.replica), 'no-such-replica.sqlite');
  await dialog.getByLabel('Replica file path').fill(missing);
  await dialog.getByRole('button', { name: 'Open', exact: true }).last().click();
  await expect(dialog.locator('.open-by-path .row-outcome')).toHaveText(`There is no replica file at ${missing}.`);

  // The same replica by path: the app reads everything again (the dialog closes).
  await dialog.getByLabel('Replica file path').fill(E2E.replica);
  await dialog.getByRole('button', { name: 'Open', exact: true }).last().click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('grid')).toBeVisible();

  dialog = await openConnections(page);
  await dialog.locator(`.connection-row[data-replica="${E2E.replica}"]`).getByRole('button', { name: 'Reopen' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator('[data-table="Customer"]')).toBeVisible();
});

test('connecting to the PostgreSQL end-to-end server switches the app, and back', async ({ page }) => {
  test.skip(!fs.existsSync(E2E.pgInfo), 'the PostgreSQL end-to-end server has not written its address');
  const pg = JSON.parse(fs.readFileSync(E2E.pgInfo, 'utf8')) as { host: string; port: number; database: string; user: string; password: string; schema: string };
  const answers = recordApiAnswers(page);
  await openApp(page);
  const dialog = await openConnections(page);
  await dialog.getByRole('button', { name: 'New profile' }).click();
  await fillProfile(page, { 'Profile name': 'E2E demo', Host: pg.host, Port: String(pg.port), Database: pg.database, Schema: pg.schema, User: pg.user });
  await dialog.getByLabel('SSL mode').selectOption('disable');
  await dialog.getByRole('button', { name: 'Save' }).click();
  const row = dialog.locator('.connection-row[data-profile="E2E demo"]');

  // No password kept: Connect asks for it after the server's sentence, and a wrong one is refused.
  await row.getByRole('button', { name: 'Connect' }).click();
  await expect(row.locator('.password-prompt')).toContainText('needs a password for user');
  await row.getByLabel(`Password for ${pg.user}`).fill('not-the-password');
  await row.locator('.password-prompt').getByRole('button', { name: 'Connect' }).click();
  await expect(row.locator('.password-prompt')).toContainText('refused the password');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'connections-password-prompt.png') });
  await row.getByLabel(`Password for ${pg.user}`).fill(pg.password);
  await row.locator('.password-prompt').getByRole('button', { name: 'Connect' }).click();
  await expect(dialog).toBeHidden();
  await expect(page).toHaveTitle(new RegExp(pg.database));
  await expect(page.locator('[data-table="Customer"]')).toBeVisible();
  await expect(page.getByRole('button', { name: /^Connections/ })).toContainText(`${pg.database} (${pg.schema})`);

  // Back to the replica, so the app is left as it was found.
  const again = await openConnections(page);
  await expect(again.locator('.connection-row[data-profile="E2E demo"]')).toContainText('Password for this session');
  await again.locator(`.connection-row[data-replica="${E2E.replica}"]`).getByRole('button', { name: 'Open' }).click();
  await expect(page).toHaveTitle(/demo-seed1\.sqlite/);
  await page.waitForTimeout(200);
  for (const answer of answers) expect(answer).not.toContain(pg.password);
});
