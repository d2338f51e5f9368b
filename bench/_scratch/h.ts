import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { openAuditDatabase } from '../../db/index';
const file = '/work/main/.cache/bench/demo-seed1-scale100.sqlite';
const api = await openAuditDatabase({ source: { kind: 'sqlite', file }, settings: { personId: 4 } });
const raw = new Database(file, { readonly: true });
const longest = { id: Number(process.argv[2] ?? 0) };
if (!longest.id) {
  const t = performance.now();
  Object.assign(longest, raw.prepare('SELECT CustomerID AS id, count(*) AS n FROM Customer_log GROUP BY CustomerID ORDER BY n DESC LIMIT 1').get());
  console.log('longest', longest, performance.now() - t);
}
const floor = raw.prepare('SELECT * FROM Customer_log WHERE CustomerID = ? ORDER BY ByTime DESC, ID DESC LIMIT ?');
async function time(fn: () => unknown, n = 200) {
  for (let i = 0; i < 20; i++) await fn();
  const s: number[] = [];
  for (let i = 0; i < n; i++) { const t = performance.now(); await fn(); s.push(performance.now() - t); }
  s.sort((a, b) => a - b);
  return s[Math.floor(n / 2)]!;
}
for (let k = 0; k < 3; k++) {
  const a = await time(() => api.getHistory({ table: 'Customer', id: longest.id, limit: 50 }));
  const f = await time(() => floor.all(longest.id, 50));
  console.log(`ours ${a.toFixed(3)} floor ${f.toFixed(3)} ratio ${(a / f).toFixed(2)}`);
}
await api.close();
