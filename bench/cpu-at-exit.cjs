// Preloaded (`node -r`) into each process bench/cli-start.ts times: at exit, writes the CPU time
// the process used (user + system, every thread, milliseconds) to stderr on a line of its own,
// which the benchmark reads.
'use strict';
// A CommonJS preload has only `require`.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fs = require('node:fs');

process.on('exit', () => {
  const used = process.cpuUsage();
  fs.writeSync(2, `\n@cpu-ms ${(used.user + used.system) / 1000}\n`);
});
