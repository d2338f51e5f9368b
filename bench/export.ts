/**
 * `npm run bench:export -- [--db FILE] [--format csv|jsonl] [--out FILE] [--keep]`
 *
 * Exports the whole activity of the scale-100 demo replica (5.85M log rows; built by `npm run
 * bench`, reused here, never deleted) to a file through the streaming exporter, as the shells do,
 * and prints the time, entries, lines, bytes and this process's peak resident memory. The output
 * file is removed afterwards unless --keep is given (it is about a gigabyte).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { exportTo, writableSink } from '../db/export/index';
import { openAuditDatabase } from '../db/index';
import type { ExportFormat, ExportProgress } from '../shared/export-contract';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    db: { type: 'string', default: path.join('.cache', 'bench', 'demo-seed1-scale100.sqlite') },
    format: { type: 'string', default: 'csv' },
    out: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const format = values.format as ExportFormat;
if (format !== 'csv' && format !== 'jsonl') throw new Error(`--format must be csv or jsonl, not "${values.format}".`);
if (!fs.existsSync(values.db)) throw new Error(`${values.db} does not exist; build it with npm run bench -- --engine sqlite first.`);
const out = values.out ?? path.join(os.tmpdir(), `audit-trail-bench-export.${format}`);

const mib = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`;
// The CLI runs as dba; a benchmark reads as one too (the export is admin-only).
const service = await openAuditDatabase({ file: values.db, settings: { role: 'dba' } });
const file = fs.createWriteStream(out);
const began = performance.now();
let lastPrint = 0;
const onProgress = (p: ExportProgress) => {
  const now = performance.now();
  if (now - lastPrint < 5000) return;
  lastPrint = now;
  const pct = p.total ? ` (${((100 * p.entries) / p.total).toFixed(1)}%)` : '';
  console.log(`  ${((now - began) / 1000).toFixed(0)} s: ${p.entries.toLocaleString('en-GB')} of ${p.total?.toLocaleString('en-GB') ?? '?'} entries${pct}, ${mib(p.bytes)}, RSS ${mib(process.memoryUsage.rss())}`);
};
try {
  console.log(`Exporting the whole activity of ${values.db} as ${format} to ${out}…`);
  const result = await exportTo(service, { source: { kind: 'activity' }, format, onProgress }, writableSink(file));
  file.end();
  await finished(file);
  const seconds = (performance.now() - began) / 1000;
  console.log(`\nEntries: ${result.entries.toLocaleString('en-GB')} (total counted up front: ${result.total?.toLocaleString('en-GB') ?? '?'})`);
  console.log(`Lines:   ${result.rows.toLocaleString('en-GB')}`);
  console.log(`Bytes:   ${result.bytes.toLocaleString('en-GB')} (${mib(result.bytes)}; on disk ${mib(fs.statSync(out).size)})`);
  console.log(`Time:    ${seconds.toFixed(1)} s (${Math.round(result.entries / seconds).toLocaleString('en-GB')} entries/s)`);
  // maxRSS is in kilobytes.
  console.log(`Peak RSS: ${mib(process.resourceUsage().maxRSS * 1024)}`);
} finally {
  await service.close();
  if (!values.keep) fs.rmSync(out, { force: true });
}
