/** The `audit-trail` executable: runs the CLI on this process's arguments and streams. */
import { main } from './run';
import type { Output } from './commands';

// A closed pipe (`audit-trail ... | head`) ends the program quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
});
const io: Output = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};
// No top-level await: the precompiled CLI is a CommonJS script (so V8 can keep its compiled code,
// see cli/build-cli.ts), and a script cannot wait at its top level.
void main(process.argv.slice(2), io).then((code) => {
  // Done: exit once the output is flushed, rather than when the last handle closes. A connection
  // the PostgreSQL driver leaves open after a failed login (until the server's
  // authentication_timeout, a minute) would otherwise keep a finished command waiting.
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
});
