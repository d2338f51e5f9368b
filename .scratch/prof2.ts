import Database from 'better-sqlite3';
const db = new Database('/work/main/.cache/bench/demo-seed1-scale100.sqlite', { readonly: true });
const log = 'Customer_log';
const q = `SELECT "ChangeCue" c, substr("ByTime",1,14) || (CAST(substr("ByTime",15,2) AS INTEGER)/15) q, count(*) n FROM "${log}" GROUP BY 1,2`;
const time = (label: string, fn: () => unknown) => { const t = performance.now(); const r = fn() as unknown[]; console.log(label, (performance.now() - t).toFixed(0), Array.isArray(r) ? r.length : ''); };
console.log(db.pragma('cache_size'), db.pragma('temp_store'));
time('default', () => db.prepare(q).all());
db.pragma('temp_store = MEMORY');
time('temp_store memory', () => db.prepare(q).all());
db.pragma('cache_size = -131072');
time('cache 128MB', () => db.prepare(q).all());
// per month ranges
const months: string[] = [];
for (let y = 2024; y <= 2027; y++) for (let m = 1; m <= 12; m++) months.push(`${y}-${String(m).padStart(2, '0')}-01`);
const stmt = db.prepare(`SELECT "ChangeCue" c, substr("ByTime",1,14) || (CAST(substr("ByTime",15,2) AS INTEGER)/15) q, count(*) n FROM "${log}" WHERE "ByTime" >= ? AND "ByTime" < ? GROUP BY 1,2`);
time('monthly ranges', () => { let k = 0; for (let i = 0; i + 1 < months.length; i++) k += stmt.all(months[i], months[i + 1]).length; return new Array(k); });
console.log(db.prepare(`EXPLAIN QUERY PLAN SELECT "ChangeCue" c, substr("ByTime",1,14) q, count(*) n FROM "${log}" WHERE "ByTime" >= ? AND "ByTime" < ? GROUP BY 1,2`).all('a','b'));
console.log(db.prepare(`SELECT min(ByTime), max(ByTime) FROM "${log}"`).get());
