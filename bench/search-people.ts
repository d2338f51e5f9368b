/**
 * The benchmark's rows for text search and the people of a log, with and without the indexes the
 * app suggests (`LoggedTable.indexHints`). The product never creates them; the benchmark adds them
 * to its own databases as a build step, recorded so that it is done once and never half:
 *
 * - SQLite: a copy of the replica (`…-indexed.sqlite`, written under a temporary name and renamed
 *   when complete) with the suggested statements run on it; the original file is never written.
 * - PostgreSQL: the suggested statements run in the bench database as its owner; an index built
 *   concurrently is valid only once complete, and a table whose index exists is not offered it
 *   again, so a second run finds nothing left to do.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { AuditService } from '../db/index';
import { time, type Timing } from './measure';

export interface SearchPeopleRow {
  read: string;
  ours: Timing;
  note?: string;
}

/** The suggested index statements the bench reads with: the Customer table's, and the child logs' for the related log. */
export async function suggestedStatements(api: AuditService): Promise<string[]> {
  const { tables } = await api.listTables({});
  // The Customer table's (search, people), and every child log's relation column (the related log).
  return tables.flatMap((t) => t.indexHints.filter((h) => t.name === 'Customer' || h.read === 'related').map((h) => h.statements));
}

/** Whether the Customer table still lacks a suggested index for this read. */
async function lacks(api: AuditService, read: 'search' | 'people'): Promise<boolean> {
  const { tables } = await api.listTables({});
  return tables.some((t) => t.name === 'Customer' && t.indexHints.some((h) => h.read === read));
}

/** Search "smith" and the people of the Customer log, labelled with whether the indexes exist. */
export async function searchPeopleRows(api: AuditService, runs: number, slowRuns: number): Promise<SearchPeopleRow[]> {
  const searchState = (await lacks(api, 'search')) ? 'no search index' : 'search index';
  const peopleState = (await lacks(api, 'people')) ? 'no person index' : 'person index';
  const found = (await api.listRecords({ table: 'Customer', search: 'smith', limit: 100 })).records.length;
  const people = (await api.listPeople({ table: 'Customer' })).people.length;
  return [
    {
      read: `records, text search (Customer, "smith"; ${searchState})`,
      ours: await time(() => api.listRecords({ table: 'Customer', search: 'smith', limit: 100 }), Math.min(runs, 40), 3),
      note: `${found}${found === 100 ? '+' : ''} records; target with the index ≤ 50 ms at scale 100`,
    },
    {
      read: `people in the Customer log (${people}; ${peopleState})`,
      ours: await time(() => api.listPeople({ table: 'Customer' }), runs, 3),
      note: 'uncounted where indexed; target ≤ 20 ms at scale 100',
    },
    {
      read: `people in the Customer log, counted (${peopleState})`,
      ours: await time(() => api.listPeople({ table: 'Customer', withCounts: true }), slowRuns, 1),
    },
  ];
}

/** A copy of the replica with the suggested search and people indexes added (made once). */
export function indexedReplica(file: string, statements: readonly string[]): string {
  const indexed = file.replace(/\.sqlite$/, '-indexed.sqlite');
  if (fs.existsSync(indexed)) {
    // A copy made before the app suggested more indexes gets those it lacks.
    const db = new Database(indexed);
    try {
      for (const statement of statements) {
        try {
          db.exec(statement);
        } catch (error) {
          if (!/already exists/.test(String(error))) throw error;
        }
      }
    } finally {
      db.close();
    }
    return indexed;
  }
  const partial = `${indexed}.${process.pid}.tmp`;
  console.log(`Copying ${file} to add the suggested indexes ...`);
  fs.copyFileSync(file, partial);
  const db = new Database(partial);
  try {
    for (const statement of statements) db.exec(statement);
  } finally {
    db.close();
  }
  // Only a complete copy gets the name a later run looks for.
  fs.renameSync(partial, indexed);
  return indexed;
}

/** Runs the suggested statements in the bench database as its owner (one statement at a time: CONCURRENTLY needs that). */
export async function addPostgresIndexes(config: pg.ClientConfig, statements: readonly string[]): Promise<void> {
  if (statements.length === 0) return;
  const client = new pg.Client(config);
  await client.connect();
  try {
    for (const statement of statements.flatMap((s) => s.split('\n'))) {
      console.log(`  ${statement}`);
      await client.query(statement);
    }
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}
