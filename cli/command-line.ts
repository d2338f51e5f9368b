/**
 * Reading an `audit-trail` command line: the options every command takes (where to read, with
 * which settings, how to report), and the one way a command's options are parsed, so a wrong
 * option reads the same for every command.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './usage-error';

/** The options every command takes besides its own. */
export const COMMON_OPTIONS = {
  db: { type: 'string' },
  config: { type: 'string' },
  debug: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** Parses `argv` (positionals allowed) with `options`; a wrong or unknown option is a UsageError. */
export function parseCommandLine<const O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
