import { openAuditDatabase } from '../db/index';
const api = await openAuditDatabase({ source: { kind: 'sqlite', file: '/work/main/.cache/bench/demo-seed1-scale100.sqlite' }, settings: {} });
for (const tz of ['UTC', 'Europe/London', 'UTC']) {
  const st = performance.now();
  const r = await api.getInsights({ filter: { timeZone: tz } });
  console.log(tz, (performance.now() - st).toFixed(0), r.total);
}
for (const table of ['Customer', 'Contact']) {
  const st = performance.now();
  await api.getInsights({ filter: { timeZone: 'UTC', tables: [table] } });
  console.log(table, (performance.now() - st).toFixed(0));
}
await api.close();
