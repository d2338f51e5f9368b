import { ensurePostgresDemo } from './postgres-data';
const r = await ensurePostgresDemo({ dir: '.cache/bench', seed: 1, scale: Number(process.argv[2] ?? 100), replica: '.cache/bench/demo-seed1-scale100.sqlite' });
console.log(JSON.stringify(r.target));
r.cluster.stop();
