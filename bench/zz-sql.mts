import Database from 'better-sqlite3';
const db = new Database(process.argv[2]!, { readonly: true });
const epoch = `(CASE WHEN typeof(l."ByTime") IN ('integer','real') THEN CAST((CASE WHEN abs(l."ByTime") > 1e11 THEN l."ByTime" / 1000.0 ELSE l."ByTime" END) AS INTEGER) WHEN typeof(l."ByTime") = 'text' THEN CAST(strftime('%s', trim(l."ByTime")) AS INTEGER) END)`;
const q = (sqlText: string) => { const t = performance.now(); const rows = db.prepare(sqlText).all(); console.log(Math.round(performance.now() - t), 'ms', rows.length, sqlText.slice(0, 140).replace(/\s+/g, ' ')); return rows; };
console.log(db.prepare(`SELECT "ByTime" FROM "Customer_log" LIMIT 1`).get());
for (const t of ['Customer_log', 'Contact_log']) {
  const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT l."ByID", CAST(floor(${epoch} / 900.0) AS BIGINT) s, count(*), min(l."ByTime"), max(l."ByTime") FROM "${t}" l WHERE l."ByTime" >= '2026-08-31 23:00:00' AND l."ByTime" < '2026-09-30 23:00:00' GROUP BY l."ByID", s`).all();
  console.log(plan);
  q(`SELECT l."ByID", CAST(floor(${epoch} / 900.0) AS BIGINT) s, count(*), min(l."ByTime"), max(l."ByTime") FROM "${t}" l WHERE l."ByTime" >= '2026-08-31 23:00:00' AND l."ByTime" < '2026-09-30 23:00:00' GROUP BY l."ByID", s`);
  q(`SELECT count(*) FROM "${t}" l WHERE l."ByTime" >= '2026-08-31 23:00:00' AND l."ByTime" < '2026-09-30 23:00:00'`);
  q(`SELECT count(*) FROM "${t}" l WHERE l."ByTime" IS NULL`);
}
