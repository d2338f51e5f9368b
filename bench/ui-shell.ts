/**
 * The web shell the UI benchmark measures, in a process of its own as `npm start --web` runs it:
 * in the benchmark's own process it shared the event loop with Playwright, which handles every
 * protocol message of the browser there (each request of the page among them), so the page's
 * files and calls waited on the driver. Started by `startShellProcess`; run with `--import tsx`.
 *
 * Parent → child: `{ kind: 'address' }` (a fresh entry ticket's address), `{ kind: 'close' }`.
 * Child → parent: `{ kind: 'ready', origin }`, `{ kind: 'address', url }`, `{ kind: 'failed', message }`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { openAuditDatabase } from '../db/index';
import { startWebShell } from '../server/web-shell';

type ToChild = { kind: 'address' } | { kind: 'close' };
type ToParent = { kind: 'ready'; origin: string } | { kind: 'address'; url: string } | { kind: 'failed'; message: string };

/** The shell process, seen from the benchmark. */
export interface ShellProcess {
  origin: string;
  /** A fresh address with an entry ticket (lets one browser context in, once). */
  issueAddress(): Promise<string>;
  close(): Promise<void>;
}

/** Starts the web shell on the replica `file` ("Mine" = `personId`), serving `staticDir`, in a child process. */
export async function startShellProcess(options: { file: string; personId: number; staticDir: string }): Promise<ShellProcess> {
  const child: ChildProcess = fork(import.meta.filename, [options.file, String(options.personId), options.staticDir], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <K extends ToParent['kind']>(kind: K) =>
    new Promise<Extract<ToParent, { kind: K }>>((resolve, reject) => {
      const onMessage = (message: ToParent) => {
        if (message.kind === 'failed') reject(new Error(message.message));
        else if (message.kind === kind) resolve(message as Extract<ToParent, { kind: K }>);
        else return;
        child.off('message', onMessage);
      };
      child.on('message', onMessage);
    });
  const send = (message: ToChild) => child.send(message);
  const { origin } = await next('ready');
  return {
    origin,
    async issueAddress() {
      const reply = next('address');
      send({ kind: 'address' });
      return (await reply).url;
    },
    close() {
      return new Promise((resolve) => {
        child.once('exit', () => resolve());
        send({ kind: 'close' });
      });
    },
  };
}

async function serve(file: string, personId: number, staticDir: string): Promise<void> {
  const reply = (message: ToParent) => process.send!(message);
  try {
    const api = await openAuditDatabase({ file, settings: { personId } });
    const shell = await startWebShell({ api, staticDir: path.resolve(staticDir), port: 0 });
    process.on('message', (message: ToChild) => {
      if (message.kind === 'address') reply({ kind: 'address', url: shell.issueAddress() });
      else void shell.close().then(() => api.close()).then(() => process.exit(0));
    });
    reply({ kind: 'ready', origin: shell.origin });
  } catch (error) {
    reply({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  }
}

if (import.meta.filename === process.argv[1] && process.send) {
  const [file, personId, staticDir] = process.argv.slice(2);
  await serve(file!, Number(personId), staticDir!);
}
