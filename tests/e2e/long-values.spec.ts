/**
 * Very long values in a real browser: a replica whose Document log holds twelve entries of 10 MB
 * texts (tests/integration/fixtures/long-values.ts), opened through Connections. Fields show the
 * beginning the page carried, how long the value is, "Show all" (the whole text in a dialog) and
 * "Copy" (the whole value on the clipboard). The app is switched back to the demo afterwards.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import { bodyOf, longValuesFixture } from '../integration/fixtures/long-values';
import { E2E } from './e2e-setup';
import { openApp, selectTable } from './helpers';

const REPLICA = path.join(path.dirname(E2E.replica), 'long-values.sqlite');

test.beforeAll(() => {
  fs.rmSync(REPLICA, { force: true });
  const db = new Database(REPLICA);
  db.exec(longValuesFixture('sqlite'));
  db.close();
});

async function openReplica(page: Page, file: string) {
  await page.getByRole('button', { name: /^Connections/ }).click();
  const dialog = page.locator('.connections-dialog');
  await expect(dialog.locator('.current-connection')).toBeVisible();
  await dialog.getByLabel('Replica file path').fill(file);
  await dialog.getByRole('button', { name: 'Open', exact: true }).last().click();
  await expect(dialog).toBeHidden();
  await expect(page).toHaveTitle(new RegExp(path.basename(file).replace('.', '\\.')));
}

/** What the clipboard holds: its length and the mark in its middle. */
async function clipboard(page: Page): Promise<{ length: number; mark: string }> {
  return page.evaluate(async () => {
    // The page's clipboard (these tests compile without the DOM's types).
    const { clipboard } = (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator;
    const value = await clipboard.readText();
    return { length: value.length, mark: /<k=\d+>/.exec(value)?.[0] ?? '' };
  });
}

/**
 * The open "Show all" dialog: it holds the whole text (laid out a block at a time), scrolls from
 * its beginning to its end, and its Copy puts the whole value on the clipboard. Then it is closed.
 */
async function checkShowAll(page: Page, mark: string) {
  const dialog = page.locator('.full-value-dialog');
  const text = dialog.getByTestId('full-value-text');
  await expect(text).toHaveAttribute('data-length', '10485760', { timeout: 30_000 });
  await expect(text.locator('.full-value-block').first()).toContainText('xxxxxxxx');
  await text.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect(text.locator('.full-value-block').last()).toContainText('yyyyyyyy');
  await dialog.getByRole('button', { name: 'Copy' }).click();
  await expect(dialog.getByRole('button', { name: 'Copied' })).toBeVisible({ timeout: 30_000 });
  expect(await clipboard(page)).toEqual({ length: 10_485_760, mark });
  await dialog.locator('.bp6-dialog-footer').getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
}

test('a 10 MB text shows its beginning and length, "Show all" and "Copy" give the whole of it', async ({ page, context }) => {
  test.setTimeout(180_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openApp(page);
  await openReplica(page, REPLICA);
  try {
    await selectTable(page, 'Document');
    await page.locator('.data-grid-row[data-row-key="1"]').dblclick();
    const dialog = page.locator('.properties-dialog');
    await expect(dialog).toBeVisible();

    // The record's own value.
    const body = dialog.locator('.record-field[data-field="Body"]');
    await expect(body.locator('.cut-value')).toContainText('10,485,760 characters');
    await expect(body.locator('.record-field-value')).toHaveText(`${bodyOf(12).slice(0, 2000)}…`);
    await body.getByRole('button', { name: 'Show all' }).click();
    await checkShowAll(page, '<k=0012>');
    await page.evaluate(async () => {
      const { clipboard } = (globalThis as unknown as { navigator: { clipboard: { writeText(text: string): Promise<void> } } }).navigator;
      await clipboard.writeText('');
    });
    // The field's own Copy (it says Copied already: the dialog's Copy was the same value's).
    await body.locator('.cut-value-copy').click();
    await expect(body.getByRole('button', { name: 'Copied' })).toBeVisible({ timeout: 30_000 });
    expect(await clipboard(page)).toEqual({ length: 10_485_760, mark: '<k=0012>' });

    // An entry of the log: the value after it, and the value before it under the box.
    await dialog.locator('.audit-icon').click();
    await dialog.locator('.log-entry[data-log-id="5"]').click();
    const boxed = dialog.locator('.entry-detail .record-field[data-field="Body"]');
    await expect(boxed).toHaveAttribute('data-changed', 'true');
    await boxed.locator('.record-field-value + .cut-value').getByRole('button', { name: 'Show all' }).click();
    await checkShowAll(page, '<k=0005>');
    await boxed.locator('.record-field-before').getByRole('button', { name: 'Show all' }).click();
    await checkShowAll(page, '<k=0004>');

    // Entry 7 kept entry 6's text: the Body is not boxed there.
    await dialog.locator('.log-entry[data-log-id="7"]').click();
    await expect(dialog.locator('.entry-detail .record-field[data-field="Title"]')).toHaveAttribute('data-changed', 'true');
    await expect(dialog.locator('.entry-detail .record-field[data-field="Body"]')).not.toHaveAttribute('data-changed', 'true');
  } finally {
    // Whatever happened, the app goes back to the demo the other tests read.
    for (let i = 0; i < 3 && (await page.locator('.bp6-overlay-open').count()) > 0; i++) await page.keyboard.press('Escape');
    await openReplica(page, E2E.replica);
  }
});
