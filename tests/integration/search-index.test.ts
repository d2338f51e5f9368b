/**
 * Text search with and without the search index a DBA may add (PostgreSQL: pg_trgm GIN; SQLite: an
 * FTS5 trigram table over the table), once per engine: the same records either way, hostile text
 * searched as text, masked and hidden columns never matched, and the hint that offers the index.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditService, DataSource } from '../../db/index';
import type { RecordId } from '../../shared/domain';
import { asAdmin, ENGINES, fixtureSource, openSource, type EngineKind } from './fixtures/engines';
import { lit, tempDir } from './fixtures/replica';
import Database from 'better-sqlite3';

const dir = tempDir();

/** Names that hold what FTS5 query syntax and LIKE patterns treat as operators. */
const NAMES = [
  'Goldsmith Ltd',
  'SMITHERS "x" NEAR y',
  "O'Brien * AND -smith",
  '100% sure_thing',
  'a%b_c\\d',
  'line one\nline two',
  'NEAR(a b) OR c:d',
  '{Name} : "q" ^start',
  'Émile Zola',
  'plain',
];

function clientSql(): string {
  const rows = NAMES.map((name, i) => {
    const id = i + 1;
    const notes = i % 3 === 0 ? null : `note ${id} smithy`;
    // TaxNumber is masked and PasswordHash hidden by their names.
    return `(${id}, ${lit(name)}, ${lit(notes)}, ${id * 1.5}, ${lit(`TX-SECRET-${id}`)}, ${lit(`pw-hash-${id}`)})`;
  });
  // Many more plain rows, so that a page is smaller than the matches and a scan is not trivially small.
  for (let id = NAMES.length + 1; id <= 400; id += 1) {
    rows.push(`(${id}, ${lit(id % 37 === 0 ? `Smith & Sons ${id}` : `Client ${id}`)}, NULL, ${id}, NULL, NULL)`);
  }
  return `
CREATE TABLE "Client" ("ID" INTEGER PRIMARY KEY, "Name" TEXT, "Notes" TEXT, "Credit" REAL, "TaxNumber" TEXT, "PasswordHash" TEXT);
INSERT INTO "Client" VALUES ${rows.join(',\n')};
CREATE TABLE "Client_log" ("ID" INTEGER PRIMARY KEY, "ClientID" INTEGER, "Name" TEXT, "Notes" TEXT, "Credit" REAL, "TaxNumber" TEXT, "PasswordHash" TEXT,
  "ByID" INTEGER, "ByName" TEXT, "ByTime" TEXT, "ChangeCue" TEXT);
CREATE INDEX "Client_log_history" ON "Client_log" ("ClientID", "ByTime", "ID");
INSERT INTO "Client_log" VALUES (1, 1, 'Goldsmith Ltd', NULL, 1.5, NULL, NULL, 1, 'Ann', '2024-01-01 10:00:00', 'Added');
`;
}

/** Every record a search finds, page by page (small pages, so paging is part of what is compared). */
async function searchAll(api: AuditService, search: string, sort?: { field: string; direction: 'asc' | 'desc' }): Promise<RecordId[]> {
  const ids: RecordId[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages += 1) {
    const page = await api.listRecords({ table: 'Client', search, limit: 3, cursor, sort });
    ids.push(...page.records.map((r) => r.id));
    if (!page.nextCursor) return ids;
    cursor = page.nextCursor;
  }
  throw new Error('too many pages');
}

const SEARCHES = [
  'smith', 'SMITH', 'Smith & Sons', '%', '_', '\\', '"', '""', '*', 'NEAR', 'NEAR(a', "'", "O'Brien", 'AND -smith', 'OR', ':', '{Name}',
  '^start', 'line one\nline two', 'one\nline', '100%', 'a%b_c', 'c\\d', 'x" NEAR y', '1.5', '4.5', 'ab', 'zz', 'Émile', 'émile',
  'TX-SECRET', 'pw-hash', 'note 2 smithy',
];

/** The case-insensitive substring rule over the columns a user may search (ASCII case, as both engines fold it). */
function expected(search: string): number[] {
  const low = search.toLowerCase();
  const out: number[] = [];
  for (let id = 1; id <= 400; id += 1) {
    const name = id <= NAMES.length ? NAMES[id - 1]! : id % 37 === 0 ? `Smith & Sons ${id}` : `Client ${id}`;
    const notes = id <= NAMES.length && (id - 1) % 3 !== 0 ? `note ${id} smithy` : '';
    const credit = String(id <= NAMES.length ? id * 1.5 : id);
    if ([String(id), name, notes, credit].some((v) => v.toLowerCase().includes(low))) out.push(id);
  }
  return out;
}

/** Adds the search index the hint offers, by running its statements as a DBA would. */
async function addSearchIndex(engine: EngineKind, source: DataSource, statements: string): Promise<void> {
  if (source.kind === 'sqlite') {
    const db = new Database(source.file);
    db.exec(statements);
    db.close();
  } else if (engine === 'postgres' && source.kind === 'postgres') {
    for (const statement of statements.split('\n')) await asAdmin(source.target.database, statement);
  }
}

describe.each(ENGINES)('text search with and without a search index on %s', (engine) => {
  let plain: AuditService;
  let indexed: AuditService;
  let revealed: AuditService;
  let hint: string;

  beforeAll(async () => {
    const plainSource = await fixtureSource(engine, dir, 'search-plain', clientSql());
    const indexedSource = await fixtureSource(engine, dir, 'search-indexed', clientSql());
    plain = await openSource(plainSource);
    const before = await openSource(indexedSource);
    try {
      const client = (await before.listTables({})).tables.find((t) => t.name === 'Client');
      hint = client?.indexHints.find((h) => h.read === 'search')?.statements ?? '';
    } finally {
      await before.close();
    }
    await addSearchIndex(engine, indexedSource, hint);
    indexed = await openSource(indexedSource);
    revealed = await openSource(indexedSource, { revealSensitive: true });
  });
  afterAll(async () => {
    await Promise.all([plain?.close(), indexed?.close(), revealed?.close()]);
  });

  it('offers a search index that runs as written and then is no longer offered', async () => {
    if (engine === 'postgres') {
      expect(hint).toContain('CREATE EXTENSION IF NOT EXISTS pg_trgm;');
      expect(hint).toMatch(/CREATE INDEX CONCURRENTLY "Client_search" ON "public"."Client" USING gin \(\(CAST\("ID" AS text\)\) gin_trgm_ops, "Name" gin_trgm_ops, "Notes" gin_trgm_ops, \(CAST\("Credit" AS text\)\) gin_trgm_ops, "TaxNumber" gin_trgm_ops\)/);
    } else {
      expect(hint).toMatch(/CREATE VIRTUAL TABLE "Client_search" USING fts5\("ID", "Name", "Notes", "Credit", "TaxNumber", content='Client', tokenize='trigram'\)/);
      expect(hint).toMatch(/CREATE TRIGGER "Client_search_update" AFTER UPDATE ON "Client"/);
    }
    // A hidden column is never searched, so never indexed for search either.
    expect(hint).not.toContain('PasswordHash');
    const tables = (await indexed.listTables({})).tables;
    expect(tables.find((t) => t.name === 'Client')?.indexHints.map((h) => h.read)).toEqual(['people']);
  });

  it('finds the same records, page by page, with the index as without it, for hostile text', async () => {
    for (const search of SEARCHES) {
      const without = await searchAll(plain, search);
      expect(await searchAll(indexed, search), JSON.stringify(search)).toEqual(without);
      if (/^[\x20-\x7e\n]*$/.test(search)) expect(without, JSON.stringify(search)).toEqual(expected(search.trim()));
    }
    // Sorted by another field, too.
    const sort = { field: 'Name', direction: 'desc' } as const;
    expect(await searchAll(indexed, 'smith', sort)).toEqual(await searchAll(plain, 'smith', sort));
  });

  it('never matches a masked value unless revealed, nor a hidden one at all', async () => {
    expect(await searchAll(indexed, 'TX-SECRET-2')).toEqual([]);
    expect(await searchAll(plain, 'TX-SECRET-2')).toEqual([]);
    expect(await searchAll(revealed, 'TX-SECRET-2')).toEqual([2]);
    expect(await searchAll(revealed, 'pw-hash-2')).toEqual([]);
  });
});

describe('an FTS5 table that could miss a substring match is not used (SQLite)', () => {
  const variants = {
    unicode61: "tokenize='unicode61'",
    'case-sensitive trigram': "tokenize='trigram case_sensitive 1'",
    'trigram without positions': "tokenize='trigram', detail=column",
  };
  it.each(Object.entries(variants))('%s: the same records as without it, and the index still offered', async (name, options) => {
    const columns = '"ID", "Name", "Notes", "Credit", "TaxNumber"';
    const source = await fixtureSource('sqlite', dir, `search-${name.replace(/\W/g, '-')}`, `${clientSql()}
CREATE VIRTUAL TABLE "Client_fts" USING fts5(${columns}, content='Client', ${options});
INSERT INTO "Client_fts" ("Client_fts") VALUES ('rebuild');`);
    const api = await openSource(source);
    try {
      for (const search of ['smith', 'SMITH', 'ith & So', 'x" NEAR y']) expect(await searchAll(api, search), search).toEqual(expected(search));
      const client = (await api.listTables({})).tables.find((t) => t.name === 'Client');
      expect(client?.indexHints.map((h) => h.read)).toContain('search');
    } finally {
      await api.close();
    }
  });
});
