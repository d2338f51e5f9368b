/**
 * `npm run bench:cli -- [--runs N] [--bin FILE] [--out DIR]`: how long an `audit-trail` call takes
 * as a whole process, from spawning it to its exit, beside Node's own start (`node -e 0`, the
 * floor):
 *
 * - `audit-trail --help`: target within 2× of the floor;
 * - `audit-trail history Customer 1 --db <demo> --limit 50` on the default-scale demo: target under
 *   200 ms.
 *
 * Each run spawns the three in turn, in a rotating order, so that a slow moment of the machine
 * falls on all of them; figures are the median and p95 over the runs, after two unmeasured runs
 * (the first of which builds the precompiled CLI if it is stale, the next writes its code cache).
 * Beside the elapsed time, the CPU time each process used (user + system, all its threads, read
 * at its exit by bench/cpu-at-exit.cjs, preloaded into all three alike): on a machine shared with
 * other work it varies far less than the elapsed time, which includes waiting for a core. `--bin`
 * times another executable, such as an older checkout's `bin/audit-trail.js`, for a before/after
 * comparison.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { demoReplica } from './demo-replica';
import { summarise, type Timing } from './measure';

const ROOT = path.resolve(import.meta.dirname, '..');
const HELP_TARGET = 2;
const HISTORY_TARGET_MS = 200;
const WARM_UP = 2;

export interface CliStartOptions {
  runs: number;
  /** The executable to time (default: this checkout's bin/audit-trail.js). */
  bin?: string;
  /** Where the demo replica is kept (default .cache/bench). */
  dir?: string;
}

export interface CliStartFigures {
  floor: Timing;
  help: Timing;
  history: Timing;
  /** The CPU time of the same processes. */
  cpu: { floor: Timing; help: Timing; history: Timing };
}

/** Reports each process's CPU time at its exit (see the top of this file). */
const CPU_AT_EXIT = path.join(import.meta.dirname, 'cpu-at-exit.cjs');
const CPU_LINE = /^@cpu-ms ([\d.]+)$/m;

/**
 * Milliseconds from spawning `args` with Node to its exit, and the CPU milliseconds the process
 * used; a failed run is an error.
 */
function timeProcess(args: string[]): { elapsed: number; cpu: number } {
  const started = performance.now();
  const child = spawnSync(process.execPath, ['-r', CPU_AT_EXIT, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const elapsed = performance.now() - started;
  const cpu = CPU_LINE.exec(child.stderr)?.[1];
  if (child.status !== 0 || cpu === undefined) throw new Error(`node ${args.join(' ')} failed (${child.status ?? child.signal}): ${child.stderr}`);
  return { elapsed, cpu: Number(cpu) };
}

type Command = 'floor' | 'help' | 'history';

/** Times the CLI's start and prints the figures and whether the targets are met. */
export function runCliStartBench(options: CliStartOptions): CliStartFigures {
  const bin = path.resolve(ROOT, options.bin ?? path.join('bin', 'audit-trail.js'));
  const replica = demoReplica(options.dir ?? path.join(ROOT, '.cache', 'bench'), 1);
  const commands: Array<[Command, string[]]> = [
    ['floor', ['-e', '0']],
    ['help', [bin, '--help']],
    ['history', [bin, 'history', 'Customer', '1', '--db', replica, '--limit', '50']],
  ];
  const samples: Record<Command, number[]> = { floor: [], help: [], history: [] };
  const cpuSamples: Record<Command, number[]> = { floor: [], help: [], history: [] };
  for (let run = -WARM_UP; run < options.runs; run++) {
    for (let i = 0; i < commands.length; i++) {
      const [name, args] = commands[(i + Math.max(run, 0)) % commands.length]!;
      const { elapsed, cpu } = timeProcess(args);
      if (run >= 0) {
        samples[name].push(elapsed);
        cpuSamples[name].push(cpu);
      }
    }
  }
  const figures: CliStartFigures = {
    floor: summarise(samples.floor),
    help: summarise(samples.help),
    history: summarise(samples.history),
    cpu: { floor: summarise(cpuSamples.floor), help: summarise(cpuSamples.help), history: summarise(cpuSamples.history) },
  };

  const ms = (t: Timing) => `${t.median.toFixed(0)} ms median, ${t.p95.toFixed(0)} ms p95`;
  const ratio = figures.help.median / figures.floor.median;
  const beyond = (t: Timing) => `${(t.median / figures.floor.median).toFixed(2)}× the floor, +${(t.median - figures.floor.median).toFixed(0)} ms`;
  console.log(`\n=== CLI start (${path.relative(ROOT, bin) || bin}; ${options.runs} runs, whole processes) ===`);
  console.log(`node -e 0 (the floor)                          ${ms(figures.floor)}`);
  console.log(`audit-trail --help                             ${ms(figures.help)} — ${beyond(figures.help)}`);
  console.log(`audit-trail history Customer 1 --limit 50      ${ms(figures.history)} — ${beyond(figures.history)} (demo, default scale)`);
  const cpu = (t: Timing, floor: Timing) => `${t.median.toFixed(0)} ms median (+${(t.median - floor.median).toFixed(0)} ms)`;
  console.log(`CPU time (user + system): node -e 0 ${figures.cpu.floor.median.toFixed(0)} ms median; --help ${cpu(figures.cpu.help, figures.cpu.floor)}; history ${cpu(figures.cpu.history, figures.cpu.floor)}`);
  const check = (ok: boolean): string => (ok ? 'met    ' : 'NOT met');
  console.log(`${check(ratio <= HELP_TARGET)}  --help ${ratio.toFixed(2)}× node -e 0 (target ≤ ${HELP_TARGET.toFixed(2)}×)`);
  console.log(`${check(figures.history.median < HISTORY_TARGET_MS)}  history ${figures.history.median.toFixed(0)} ms (target < ${HISTORY_TARGET_MS} ms)`);
  return figures;
}

if (import.meta.filename === process.argv[1]) {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '20' },
      bin: { type: 'string' },
      out: { type: 'string', default: path.join('.cache', 'bench') },
    },
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number of at least 1, not "${values.runs}".`);
  runCliStartBench({ runs, dir: values.out, ...(values.bin !== undefined ? { bin: values.bin } : {}) });
}
