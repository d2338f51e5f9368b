/**
 * Small JSON files the app keeps for itself (saved connections, encrypted passwords), read and
 * written so that a crash, a full disk or a second process never leaves half a file: a write goes
 * to a temporary file beside the real one, is flushed to disk, and then renamed over it, which
 * replaces the file in one step on every platform Node supports.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AuditError } from '../../shared/errors';

/**
 * Writes `text` to `file` atomically, creating its folder if needed. The file is readable by its
 * owner only: it says which servers the user connects to, and (secrets.json) holds ciphertext.
 */
export function writeFileAtomic(file: string, text: string): void {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    const fd = fs.openSync(temp, 'wx', 0o600);
    try {
      fs.writeFileSync(fd, text, 'utf8');
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    throw new AuditError('cannot-open', `Cannot save ${file} (${code ?? (error instanceof Error ? error.message : String(error))}); it was left as it was.`, {
      cause: error,
    });
  }
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
