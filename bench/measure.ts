/**
 * Timing and memory for the benchmark: medians and p95s of repeated calls, ours measured beside
 * its floor in alternation (so both see the same state of the machine), and the process's peak
 * resident memory.
 */
import { performance } from 'node:perf_hooks';

export interface Timing {
  median: number;
  p95: number;
  runs: number;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** The median and p95 of `samples` (milliseconds). */
export function summarise(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), runs: sorted.length };
}

let sampledPeak = 0;

/**
 * Resident memory now, remembering the highest figure seen. (`memoryUsage.rss()` only: the full
 * `memoryUsage()` walks the heap, and run after every call it slowed the next call twofold.)
 */
export function sampleRss(): number {
  const rss = process.memoryUsage.rss();
  if (rss > sampledPeak) sampledPeak = rss;
  return rss;
}

/**
 * The process's peak resident memory in bytes: the kernel's own high-water mark (`maxRSS`, which
 * sees every moment, not only the moments sampled), or the highest sample if that is higher.
 */
export function peakRss(): number {
  return Math.max(sampledPeak, process.resourceUsage().maxRSS * 1024);
}

/**
 * Samples memory every few milliseconds while the event loop is free (between reads, and while a
 * PostgreSQL query is awaited), as a second witness beside the kernel's figure.
 */
export function watchRss(): () => void {
  const timer = setInterval(sampleRss, 50);
  timer.unref();
  return () => clearInterval(timer);
}

export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

/**
 * Unmeasured runs before the measured ones: enough for the JIT to settle (fewer made the first
 * measured runs of both ours and the floor about twice as slow as the rest).
 */
const WARM_UP = 100;

/** Median and p95 in milliseconds of `fn` over `runs` runs, after `warmUp` unmeasured ones. */
export async function time(fn: () => unknown, runs: number, warmUp = Math.min(WARM_UP, runs)): Promise<Timing> {
  for (let i = 0; i < warmUp; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  sampleRss();
  return summarise(samples);
}

/**
 * Two reads timed in alternation, run for run (a, b, b, a, …), so that a slow moment of the
 * machine falls on both rather than on whichever happened to run then.
 */
export async function timePair(a: () => unknown, b: () => unknown, runs: number, warmUp = Math.min(WARM_UP, runs)): Promise<[Timing, Timing]> {
  for (let i = 0; i < warmUp; i++) {
    await a();
    await b();
  }
  const sa: number[] = [];
  const sb: number[] = [];
  const once = async (fn: () => unknown, into: number[]): Promise<void> => {
    const started = performance.now();
    await fn();
    into.push(performance.now() - started);
  };
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      await once(a, sa);
      await once(b, sb);
    } else {
      await once(b, sb);
      await once(a, sa);
    }
  }
  sampleRss();
  return [summarise(sa), summarise(sb)];
}
