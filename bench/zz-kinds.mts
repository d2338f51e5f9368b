import { openAuditDatabase } from '../db/index';
const api = await openAuditDatabase({ file: process.argv[2]!, settings: { organisation: { timeZone: 'Europe/London' } } });
let t = performance.now();
await api.getReview({ from: '2026-09-01', to: '2026-09-30', kinds: ['bulk-change'] });
console.log('first (automation learnt + bulk)', Math.round(performance.now() - t));
for (const kind of ['mass-delete', 'bulk-change', 'sensitive-change', 'off-hours', 'volume-spike', 'automation-anomaly'] as const) {
  t = performance.now();
  const r = await api.getReview({ from: process.argv[3] ?? '2026-09-01', to: process.argv[4] ?? '2026-09-30', kinds: [kind] });
  console.log(kind, Math.round(performance.now() - t), 'ms', r.findings.length);
}
await api.close();
