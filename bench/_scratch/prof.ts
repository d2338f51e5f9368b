import { openAuditDatabase } from '../../db/index';
const file = '/work/main/.cache/bench/demo-seed1-scale100.sqlite';
const api = await openAuditDatabase({ source: { kind: 'sqlite', file }, settings: { personId: 4 } });
for (let i = 0; i < 5000; i++) await api.getHistory({ table: 'Customer', id: 1, limit: 50 });
await api.close();
