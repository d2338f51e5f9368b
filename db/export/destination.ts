/**
 * Where an export file may go, and writing it there. The one rule every shell that writes an
 * export to a file calls (the CLI's `--out`, the desktop shell's save dialog):
 *
 * - Never where it reads: a destination that is the replica being read, its `-wal`, `-shm` or
 *   `-journal` companion, or a symbolic or hard link to any of them, is refused with one sentence
 *   before anything is opened for writing. Paths are compared after resolving links (and, on
 *   platforms whose file names ignore case, ignoring case); existing files also by device and
 *   inode, which is what catches a hard link.
 * - Never half a file: the export is written to a temporary file beside the destination and
 *   renamed over it only when complete (db/connections/atomic-file.ts); a failed or cancelled
 *   export leaves the destination as it was and no temporary file behind.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AuditError } from '../../shared/errors';
import type { AuditService } from '../audit-service';
import { createAtomicWriteStream } from '../connections/atomic-file';
import type { DataSource } from '../index';
import type { ExportSink } from './exporter';
import { writableSink } from './node-sink';

/** The files SQLite keeps for a database: the file itself and its companions. */
const COMPANION_SUFFIXES = ['', '-wal', '-shm', '-journal'] as const;

/** Whether file names on this platform ignore case (macOS and Windows by default). */
const CASE_INSENSITIVE = process.platform === 'darwin' || process.platform === 'win32';

/** The replica files a data source reads (none for PostgreSQL: nothing local to overwrite). */
export function databaseFilesOfSource(source: DataSource): string[] {
  return source.kind === 'sqlite' ? [source.file] : [];
}

/** The replica files an open database reads. */
export function databaseFilesOf(service: AuditService | null): string[] {
  return service?.engine.kind === 'sqlite' ? [service.engine.source.location] : [];
}

/**
 * A path with every symbolic link resolved, also where the file (or a link's target) does not
 * exist yet: the nearest existing folder is resolved and the rest appended.
 */
function canonical(file: string, depth = 0): string {
  const absolute = path.resolve(file);
  try {
    return fs.realpathSync.native(absolute);
  } catch {
    // Not there (yet), or a link whose target is not there: follow the link by hand.
  }
  if (depth < 40) {
    try {
      if (fs.lstatSync(absolute).isSymbolicLink()) return canonical(path.resolve(path.dirname(absolute), fs.readlinkSync(absolute)), depth + 1);
    } catch {
      // Nothing at this path.
    }
  }
  const parent = path.dirname(absolute);
  return parent === absolute ? absolute : path.join(canonical(parent, depth), path.basename(absolute));
}

function samePath(a: string, b: string): boolean {
  return CASE_INSENSITIVE ? a.toLowerCase() === b.toLowerCase() : a === b;
}

/** Device and inode of an existing file (following links), or null. */
function identity(file: string): { dev: bigint; ino: bigint } | null {
  try {
    const stat = fs.statSync(file, { bigint: true });
    // Some file systems report no inode numbers (0): then only paths can be compared.
    return stat.ino === 0n ? null : { dev: stat.dev, ino: stat.ino };
  } catch {
    return null;
  }
}

/** The files to protect for one replica: its companions beside the path as given and beside its real path. */
function protectedFiles(database: string): Array<{ file: string; suffix: string }> {
  const bases = new Set([path.resolve(database), canonical(database)]);
  return [...bases].flatMap((base) => COMPANION_SUFFIXES.map((suffix) => ({ file: `${base}${suffix}`, suffix })));
}

function refusal(target: string, database: string, suffix: string): AuditError {
  const what = suffix === '' ? 'the replica being read' : `the ${suffix} file of the replica being read`;
  return new AuditError(
    'bad-request',
    `The export cannot be written to ${target}: it is (or links to) ${what}, ${database}, and Audit Trail Browser never writes where it reads; choose another file.`,
  );
}

/**
 * Checks an export destination against the replica files being read; throws one sentence when it
 * is one of them (or links to one), or a folder. Returns where the file should be written: the
 * destination with its links resolved, so a link to another file is written through, not replaced.
 */
export function checkExportDestination(target: string, databaseFiles: readonly string[]): string {
  const real = canonical(target);
  const targetId = identity(real);
  for (const database of databaseFiles) {
    for (const { file, suffix } of protectedFiles(database)) {
      const fileId = targetId && identity(file);
      if (samePath(real, canonical(file)) || (targetId && fileId && targetId.dev === fileId.dev && targetId.ino === fileId.ino)) {
        throw refusal(target, database, suffix);
      }
    }
  }
  let isFolder = false;
  try {
    isFolder = fs.statSync(real).isDirectory();
  } catch {
    // Not there yet: it will be made.
  }
  if (isFolder) throw new AuditError('bad-request', `The export cannot be written to ${target}: it is a folder; name a file.`);
  return real;
}

/**
 * Checks an already open destination (the CLI's standard output, which the shell may have
 * redirected into a file) against the replica files: appending CSV to the replica is refused.
 */
export function checkExportDescriptor(fd: number, what: string, databaseFiles: readonly string[]): void {
  let stat: fs.BigIntStats;
  try {
    stat = fs.fstatSync(fd, { bigint: true });
  } catch {
    return;
  }
  if (!stat.isFile() || stat.ino === 0n) return;
  for (const database of databaseFiles) {
    for (const { file, suffix } of protectedFiles(database)) {
      const id = identity(file);
      if (id && id.dev === stat.dev && id.ino === stat.ino) throw refusal(what, database, suffix);
    }
  }
}

/**
 * Writes an export file: checks `target` (checkExportDestination), then runs `write` with a sink
 * into a temporary file beside it, and renames that over `target` once `write` has finished. When
 * `write` fails or is cancelled, the temporary file is removed and `target` is left as it was.
 */
export async function writeExportFile<T>(target: string, databaseFiles: readonly string[], write: (sink: ExportSink) => Promise<T>): Promise<T> {
  const file = checkExportDestination(target, databaseFiles);
  const out = createAtomicWriteStream(file);
  let result: T;
  try {
    result = await write(writableSink(out.stream));
  } catch (error) {
    throw await out.abort(error);
  }
  await out.commit();
  return result;
}
