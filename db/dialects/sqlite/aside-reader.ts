/**
 * A second read-only connection to the replica, in a worker thread: a long read whose answer is
 * small (Review's comparison of each changing entry with its previous one) runs there on another
 * core while this thread's connection serves the rest of the call (the quarter hours). SQLite's
 * driver runs each query to its end on the thread that asked, so without it one call of Review
 * used one core of the machine.
 *
 * Opened as the main connection is (read-only flag, `query_only`, integers as BigInt), so it can
 * never write either. Started at its first read and kept for the next (closed with the engine).
 * Where a worker cannot start (a runtime that cannot find the driver from here), or dies, the read
 * runs on the main connection instead: slower, never different.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { CompiledQuery } from 'kysely';
import { cancelledError } from '../../cancellation';

/**
 * The worker's code, CommonJS evaluated in the worker (a file of its own would have to be found
 * beside every bundle of the app). It answers one read at a time, in the order asked.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { readonly: true, fileMustExist: true, timeout: workerData.busyTimeoutMs, ...(workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {}) });
db.pragma('query_only = ON');
db.defaultSafeIntegers(true);
parentPort.on('message', ({ id, sql, parameters }) => {
  try {
    const statement = db.prepare(sql);
    // Only reads: anything else is refused before it runs, as a write (the connection is read-only too).
    if (!statement.reader) throw Object.assign(new Error('not a read'), { code: 'SQLITE_READONLY' });
    const columns = statement.columns().map((c) => c.name);
    parentPort.postMessage({ id, columns, rows: statement.raw(true).all(...parameters) });
  } catch (error) {
    parentPort.postMessage({ id, error: { message: String(error && error.message), code: error && error.code } });
  }
});
`;

export interface AsideReaderOptions {
  busyTimeoutMs: number;
  nativeBinding?: string;
}

interface Pending {
  query: CompiledQuery;
  resolve(rows: Record<string, unknown>[]): void;
  reject(error: unknown): void;
}

/** The driver's entry as this module would load it, for the worker to load too (null: not found from here). */
function driverEntry(): string | null {
  try {
    // ES modules (the web shell, the tests) resolve from their URL; the CommonJS bundles (the CLI,
    // the desktop shell) from their file, where import.meta is empty.
    return createRequire(typeof __filename === 'string' ? __filename : import.meta.url).resolve('better-sqlite3');
  } catch {
    return null;
  }
}

/** A value as the main connection reads it: a blob crosses the thread as a Uint8Array, and is a Buffer again. */
function asRead(value: unknown): unknown {
  return value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : value;
}

export class AsideReader {
  private worker: Worker | null = null;
  private unavailable = false;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly file: string,
    private readonly options: AsideReaderOptions,
    /** The same read on the main connection. */
    private readonly onMain: (query: CompiledQuery) => Promise<Record<string, unknown>[]>,
  ) {}

  /** The rows of `query` as objects keyed by the names it selects; aborting `signal` abandons it. */
  read(query: CompiledQuery, signal: AbortSignal | undefined): Promise<Record<string, unknown>[]> {
    if (signal?.aborted) return Promise.reject(cancelledError());
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        if (!this.pending.delete(id)) return;
        reject(cancelledError());
        // A statement cannot be interrupted: the worker is retired (it ends when its statement
        // does), and the reads still waiting, another look's, go to a new one at once.
        this.retire();
        this.sendWaiting();
      };
      const settle = (): void => signal?.removeEventListener('abort', onAbort);
      this.pending.set(id, { query, resolve: (rows) => (settle(), resolve(rows)), reject: (error) => (settle(), reject(error)) });
      signal?.addEventListener('abort', onAbort, { once: true });
      this.send(id);
    });
  }

  /** Sends read `id` to the worker, or, where none can start, runs it on the main connection. */
  private send(id: number): void {
    const worker = this.unavailable ? null : this.started();
    if (worker) {
      const { query } = this.pending.get(id)!;
      worker.postMessage({ id, sql: query.sql, parameters: query.parameters });
      return;
    }
    const waiting = this.pending.get(id)!;
    this.pending.delete(id);
    this.onMain(waiting.query).then(waiting.resolve, waiting.reject);
  }

  /** Sends every read still waiting again (their worker was retired or died). */
  private sendWaiting(): void {
    for (const id of [...this.pending.keys()]) this.send(id);
  }

  private started(): Worker | null {
    if (this.worker) return this.worker;
    const driver = driverEntry();
    if (!driver) {
      this.unavailable = true;
      return null;
    }
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driver, file: this.file, busyTimeoutMs: this.options.busyTimeoutMs, nativeBinding: this.options.nativeBinding },
    });
    // An idle reader does not keep the process alive (the CLI exits when its command is done).
    worker.unref();
    worker.on('message', (message: { id: number; columns?: string[]; rows?: unknown[][]; error?: { message: string; code?: string } }) => {
      // A retired worker's answers are no one's (its reads were sent again).
      if (this.worker !== worker) return;
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (message.error) {
        waiting.reject(Object.assign(new Error(message.error.message), { code: message.error.code }));
        return;
      }
      const columns = message.columns!;
      waiting.resolve(message.rows!.map((values) => Object.fromEntries(columns.map((name, i) => [name, asRead(values[i])]))));
    });
    // A worker that cannot open the driver or the file, or dies: its reads, and the next, run on the main connection.
    const failed = (): void => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.unavailable = true;
      this.sendWaiting();
    };
    worker.on('error', failed);
    worker.on('exit', failed);
    this.worker = worker;
    return worker;
  }

  /** Retires the worker: it is terminated (at the end of its statement, if one is running). */
  private retire(): void {
    const worker = this.worker;
    this.worker = null;
    if (worker) void worker.terminate();
  }

  /** At close: the worker is retired, and reads still waiting run on the main connection (which reports the closed replica). */
  stop(): void {
    this.retire();
    this.unavailable = true;
    this.sendWaiting();
  }
}
