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
process.exitCode = await main(process.argv.slice(2), io);
