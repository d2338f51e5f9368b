import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { openAuditDatabase } from '../../db/index';
const file = '/work/main/.cache/bench/demo-seed1-scale100.sqlite';
const api = await openAuditDatabase({ source: { kind: 'sqlite', file }, settings: { personId: 4 } });
const raw = new Database(file, { readonly: true });
const floor = raw.prepare('SELECT * FROM Customer_log WHERE CustomerID = ? ORDER BY ByTime DESC, ID DESC LIMIT ?');
const floorSafe = raw.prepare('SELECT * FROM Customer_log WHERE CustomerID = ? ORDER BY ByTime DESC, ID DESC LIMIT ?').safeIntegers(true);
const floorRaw = raw.prepare('SELECT * FROM Customer_log WHERE CustomerID = ? ORDER BY ByTime DESC, ID DESC LIMIT ?').raw(true);
async function time(fn: () => unknown, n = 300) {
  for (let i = 0; i < 30; i++) await fn();
  const s: number[] = [];
  for (let i = 0; i < n; i++) { const t = performance.now(); await fn(); s.push(performance.now() - t); }
  s.sort((a, b) => a - b);
  return s[Math.floor(n / 2)]!;
}
const db = api.engine.db;
const q = () => db.selectFrom(api.engine.table('Customer_log').as('l')).selectAll('l').where('l.CustomerID', '=', 1).orderBy('l.ByTime', 'desc').orderBy('l.ID', 'desc').limit(51);
for (let k = 0; k < 2; k++) {
  console.log('floor50', (await time(() => floor.all(1, 50))).toFixed(3));
  console.log('floor51', (await time(() => floor.all(1, 51))).toFixed(3));
  console.log('floor51 safeint', (await time(() => floorSafe.all(1, 51))).toFixed(3));
  console.log('floor51 raw', (await time(() => floorRaw.all(1, 51))).toFixed(3));
  console.log('kysely compile', (await time(() => q().compile())).toFixed(3));
  console.log('kysely execute', (await time(() => q().execute())).toFixed(3));
  console.log('getHistory', (await time(() => api.getHistory({ table: 'Customer', id: 1, limit: 50 }))).toFixed(3));
}
await api.close();
