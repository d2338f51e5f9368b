/**
 * Every file the app writes (saved connections, encrypted passwords, exports, the demo replica)
 * is written so that a crash, a full disk, a cancel or a second process never leaves half a file
 * where the whole one is expected: the content goes to a temporary file beside the real one (same
 * folder, so the same file system), is flushed to disk, and only then renamed over it, which
 * replaces the file in one step on every platform Node supports. On failure the temporary file is
 * removed and the real one is left as it was. This module is the one place that does it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { AuditError } from '../../shared/errors';
import { nodeCrypto } from '../lazy-crypto';

/**
 * A temporary name beside `file`, unique to this write (process id and random bytes), so two
 * writers never share one; hidden, so a folder listing does not offer it as the file.
 */
export function tempFileBeside(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${nodeCrypto().randomBytes(6).toString('hex')}.tmp`);
}

/** Flushes a file's content to disk (a rename alone may reach the disk before the data does). */
function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Flushes a folder's entries, so a rename survives a power cut; not every platform can, and that is no failure. */
function fsyncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Windows cannot open a folder this way; its rename is durable enough.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Makes a complete temporary file the real one: flushed to disk, then renamed over `file` in one step. */
export function commitTempFile(temp: string, file: string): void {
  fsyncFile(temp);
  fs.renameSync(temp, file);
  fsyncFolder(path.dirname(file));
}

/** Removes a temporary file that will not be committed (there may be none yet). */
export function discardTempFile(temp: string): void {
  fs.rmSync(temp, { force: true });
}

/** The sentence for a file that could not be written; the real file is as it was. */
function cannotSave(file: string, error: unknown): AuditError {
  const code = (error as NodeJS.ErrnoException).code;
  return new AuditError('cannot-open', `Cannot save ${file} (${code ?? (error instanceof Error ? error.message : String(error))}); it was left as it was.`, {
    cause: error,
  });
}

/**
 * Writes `text` to `file` atomically, creating its folder if needed. The file is readable by its
 * owner only: it says which servers the user connects to, and (secrets.json) holds ciphertext.
 */
export function writeFileAtomic(file: string, text: string): void {
  const temp = tempFileBeside(file);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temp, text, { encoding: 'utf8', mode: 0o600, flag: 'wx' });
    commitTempFile(temp, file);
  } catch (error) {
    discardTempFile(temp);
    throw cannotSave(file, error);
  }
}

/** A file being written as a stream: nothing is at `file` until `commit`. */
export interface AtomicWriteStream {
  /** Where to write the content (a temporary file beside `file`). */
  readonly stream: fs.WriteStream;
  /** Ends the stream, flushes it and renames it over `file`; on failure removes it and throws one sentence. */
  commit(): Promise<void>;
  /**
   * Stops writing and removes the temporary file; `file` is left as it was. Never throws: returns
   * what the caller should throw for `reason` (the stream's own failure, a full disk say, as one
   * sentence; anything else unchanged).
   */
  abort(reason: unknown): Promise<unknown>;
}

/**
 * Starts writing `file` through a temporary file beside it (see the module's comment). The
 * temporary file is opened here, so a folder that cannot be written is one sentence at once.
 */
export function createAtomicWriteStream(file: string): AtomicWriteStream {
  const temp = tempFileBeside(file);
  let fd: number;
  try {
    // 'wx': a temporary name that exists already is someone else's; never write into it.
    fd = fs.openSync(temp, 'wx');
  } catch (error) {
    throw cannotSave(file, error);
  }
  const stream = fs.createWriteStream(temp, { fd });
  // Errors surface through commit(), abort() and the sink's writes; an unhandled 'error' must not end the process.
  stream.on('error', () => undefined);
  const closed = async (): Promise<void> => {
    if (!stream.closed) await finished(stream).catch(() => undefined);
  };
  const asSentence = (error: unknown): unknown => (error instanceof AuditError || !stream.errored ? error : cannotSave(file, stream.errored));
  return {
    stream,
    async commit() {
      try {
        stream.end();
        await finished(stream);
        commitTempFile(temp, file);
      } catch (error) {
        stream.destroy();
        await closed();
        discardTempFile(temp);
        throw error instanceof AuditError ? error : cannotSave(file, error);
      }
    },
    async abort(reason) {
      const toThrow = asSentence(reason);
      stream.destroy();
      // Removed once closed: Windows cannot delete a file that is still open.
      await closed();
      discardTempFile(temp);
      return toThrow;
    },
  };
}

/** The file's text, or null when there is no such file (yet). Other failures are one sentence. */
export function readFileIfExists(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw new AuditError('cannot-open', `Cannot read ${file} (${code ?? String(error)}).`, { cause: error });
  }
}
