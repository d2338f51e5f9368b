/**
 * A wrong command line: exit code 2, the sentence followed by a pointer to --help, unless
 * `seeHelp` is false (a settings file's problem: its sentence already says what to fix).
 */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly seeHelp = true,
  ) {
    super(message);
  }
}
