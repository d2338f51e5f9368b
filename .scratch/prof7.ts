import { openAuditDatabase } from '../db/index';
import { sql } from 'kysely';
const api = await openAuditDatabase({ source: { kind: 'sqlite', file: '/work/main/.cache/bench/demo-seed1-scale100.sqlite' }, settings: {} });
const db = api.engine.db;
// Monkey-patch execute timing through kysely's log? Use db.withPlugin? Simplest: wrap the driver's executeQuery.
const orig = (db as any).getExecutor().executeQuery.bind((db as any).getExecutor());
(db as any).getExecutor().executeQuery = async (compiled: any, id: any) => {
  const st = performance.now();
  const r = await orig(compiled, id);
  const ms = performance.now() - st;
  if (ms > 50) console.log(ms.toFixed(0), 'ms', r.rows.length, 'rows:', compiled.sql.replace(/\s+/g, ' ').slice(0, 140));
  return r;
};
const st = performance.now();
await api.getInsights({ filter: { timeZone: 'UTC', tables: ['Customer'] } });
console.log('insights Customer', (performance.now() - st).toFixed(0));
await api.close();
