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

/** Opens a record that may be far down its table's list, by searching for its title first. */
export async function openBySearch(page: Page, table: string, id: number, search: string): Promise<void> {
  await selectTable(page, table);
  await page.getByLabel(`Search ${table}`).fill(search);
  await page.locator(`.data-grid-row[data-row-key="${id}"]`).dblclick();
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

const LOG_COLUMNS = new Set(['ID', 'ByID', 'ByName', 'ByTime', 'ChangeCue', 'UpdateMethod', 'SourceIP']);

/**
 * An existing record whose log holds an entry with no known predecessor: the log starts with a
 * `Modified` entry (`after: 'nothing'`: logging began after the record existed) or the entry
 * follows a legacy row that kept no values (`after: 'legacy'`). Its values are "first recorded".
 * The record with the shortest such log (so all of it is on the first page), ties by id.
 */
export function firstRecordedRecord(
  table: string,
  parentKey: string,
  after: 'nothing' | 'legacy',
  wanted: (entry: LogRow) => boolean = () => true,
): { id: number; rows: LogRow[]; entry: LogRow; index: number; fields: string[] } {
  const ids = database().prepare(`SELECT ID AS id FROM "${table}" ORDER BY ID`).all() as Array<{ id: number }>;
  let best: { id: number; rows: LogRow[]; entry: LogRow; index: number; fields: string[] } | null = null;
  for (const { id } of ids) {
    const rows = logRows(table, parentKey, id);
    if (rows.length === 0 || (best && rows.length >= best.rows.length)) continue;
    const fields = Object.keys(rows[0]!).filter((c) => !LOG_COLUMNS.has(c) && c !== parentKey);
    const legacy = (row: LogRow) => fields.every((f) => row[f] === null);
    // Newest first: the oldest row is last.
    const index = after === 'nothing' ? rows.length - 1 : rows.length - 2;
    const entry = rows[index];
    if (!entry || entry.ChangeCue !== 'Modified' || legacy(entry) || !wanted(entry)) continue;
    if (after === 'legacy' && !legacy(rows[index + 1]!)) continue;
    best = { id, rows, entry, index, fields };
  }
  if (!best) throw new Error(`The demo has no ${table} whose log has a first recorded entry after ${after}.`);
  return best;
}
