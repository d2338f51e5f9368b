/**
 * `npm run bench -- [--engine sqlite|postgres|both] [--scale N] [--seed N] [--runs N] [--out DIR]`:
 * everything the targets are checked by, in one run. First the data layer's reads
 * (history.ts, which reads these options), then how fast the shells start on the default-scale
 * demo: the CLI as a whole process (cli-start.ts, 20 runs) and the web shell's cold first paint in
 * Chromium (ui-log.ts's cold paint, 15 runs). `bench:cli` and `bench:ui` run the last two alone.
 *
 * The start benchmarks are imported only once the data layer's figures are in, so that what they
 * load (Playwright, the web shell) does not count in the data layer's peak memory.
 */
await import('./history');
const { runCliStartBench } = await import('./cli-start');
runCliStartBench({ runs: 20 });
const { runUiBench } = await import('./ui-log');
console.log('\n=== Web shell: first paint (default scale) ===');
await runUiBench({ scale: '1', runs: 15, coldPaintOnly: true });

export {};
