/** Shared steps of the end-to-end tests, and the database they check the screen against. */
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, type Page } from '@playwright/test';
import { E2E } from './e2e-setup';

/** Screenshots kept with the test results (the README shows copies of them). */
export const SCREENSHOTS = path.resolve(import.meta.dirname, '../../test-results/screenshots');

let raw: Database.Database | null = null;
/** A separate read-only connection to the replica the server reads: the truth to compare with. */
export function database(): Database.Database {
  raw ??= new Database(E2E.replica, { readonly: true });
  return raw;
}

export interface LogRow {
  ID: number;
  ByID: number;
  ByName: string;
  ByTime: string;
  ChangeCue: string;
  [column: string]: unknown;
}

/** A record's log rows, newest first, straight from the database. */
export function logRows(table: string, parentKey: string, id: number, where = '', params: unknown[] = []): LogRow[] {
  return database()
    .prepare(`SELECT * FROM "${table}_log" WHERE "${parentKey}" = ? ${where} ORDER BY ByTime DESC, ID DESC`)
    .all(id, ...params) as LogRow[];
}

/** Opens the app as a user does: the printed address, with its token. */
export async function openApp(page: Page): Promise<void> {
  await page.goto(`/?token=${E2E.token}`);
  await expect(page.getByRole('grid')).toBeVisible();
}

export async function selectTable(page: Page, table: string): Promise<void> {
  await page.locator(`[data-table="${table}"]`).click();
  await expect(page.getByRole('heading', { name: table, exact: true })).toBeVisible();
}

/** Opens a record's properties window from its table's list, by double-click. */
export async function openRecord(page: Page, table: string, id: number): Promise<void> {
  await selectTable(page, table);
  const row = page.locator(`.data-grid-row[data-row-key="${id}"]`);
  await row.dblclick();
  await expect(page.locator('.properties-dialog')).toBeVisible();
}

/** The log ids of the entries rendered in the list, top to bottom. */
export async function shownLogIds(page: Page): Promise<number[]> {
  return page.locator('.log-entry[data-log-id]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-log-id'))));
}

/** The fields boxed in the entry shown beside the log. */
export async function boxedFields(page: Page): Promise<string[]> {
  return page.locator('.entry-detail .record-field[data-changed="true"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-field') ?? '').sort());
}
