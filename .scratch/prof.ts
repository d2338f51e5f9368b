import Database from 'better-sqlite3';
const db = new Database('/work/main/.cache/bench/demo-seed1-scale100.sqlite', { readonly: true });
const t0 = performance.now();
const logs = db.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name LIKE '%!_log' ESCAPE '!'").pluck().all() as string[];
for (const log of logs) {
  const n = db.prepare(`SELECT count(*) FROM "${log}"`).pluck().get();
  let t = performance.now();
  const a = db.prepare(`SELECT "ChangeCue" c, substr("ByTime",1,14) || (CAST(substr("ByTime",15,2) AS INTEGER)/15) q, count(*) n FROM "${log}" GROUP BY 1,2`).all();
  const tq = performance.now() - t; t = performance.now();
  const b = db.prepare(`SELECT "ByID", count(*) FROM "${log}" GROUP BY 1`).all();
  const tp = performance.now() - t; t = performance.now();
  const c = db.prepare(`SELECT substr("ByTime",1,13) h, "ChangeCue" c, count(*) n FROM "${log}" GROUP BY 1,2`).all();
  const tf = performance.now() - t;
  console.log(log, n, 'quarter+cue', tq.toFixed(0), a.length, 'people', tp.toFixed(0), b.length, 'hour floor', tf.toFixed(0), c.length);
}
console.log('total', (performance.now() - t0).toFixed(0));
