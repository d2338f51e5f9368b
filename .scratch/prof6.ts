import Database from 'better-sqlite3';
const db = new Database('/work/main/.cache/bench/demo-seed1-scale100.sqlite', { readonly: true });
const log = 'Customer_log';
const time = (label: string, fn: () => number) => { const t = performance.now(); const r = fn(); console.log(label, (performance.now() - t).toFixed(0), r); };
const { lo, hi } = db.prepare(`SELECT min(rowid) lo, max(rowid) hi FROM "${log}"`).get() as { lo: number; hi: number };
const full = db.prepare(`SELECT "ChangeCue" c, substr("ByTime",1,14) || (CAST(substr("ByTime",15,2) AS INTEGER)/15) q, count(*) n FROM "${log}" GROUP BY 1,2`);
const chunk = db.prepare(`SELECT "ChangeCue" c, substr("ByTime",1,14) || (CAST(substr("ByTime",15,2) AS INTEGER)/15) q, count(*) n FROM "${log}" WHERE rowid >= ? AND rowid < ? GROUP BY 1,2`);
for (let round = 0; round < 2; round++) {
  time('full', () => full.all().length);
  for (const size of [100_000, 250_000, 1_000_000]) {
    time(`chunks of ${size}`, () => { let k = 0; for (let a = lo; a <= hi; a += size) k += chunk.all(a, a + size).length; return k; });
  }
}
