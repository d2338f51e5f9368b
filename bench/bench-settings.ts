import type { SettingsFile } from '../db/settings';

/**
 * The settings the benchmark reads with, in the API and in the CLI it starts (as a `--config`
 * file): person 4, an admin of the demo, is "me".
 */
export const BENCH_SETTINGS: SettingsFile = { personId: 4 };
