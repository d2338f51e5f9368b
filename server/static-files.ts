/**
 * Serves the built renderer (Vite's output folder) and nothing else: a request path is mapped
 * into that folder only when every part of it is an ordinary name, and the file found must still
 * be inside the folder once symbolic links are followed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendText } from './replies';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.eot': 'application/vnd.ms-fontobject',
};

/** The Content-Type for a file name; unknown kinds are bytes, which nosniff keeps from being run. */
export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * How long a browser may keep a file. The page itself must never be stale (it names the current
 * assets); Vite puts a content hash in every name under /assets/, so those never change.
 */
export function cacheControlFor(pathname: string, file: string): string {
  if (path.extname(file).toLowerCase() === '.html') return 'no-store';
  if (pathname.startsWith('/assets/')) return 'public, max-age=31536000, immutable';
  return 'no-cache';
}

/** Where a request path leads: a file inside the folder, or why not. */
export type StaticTarget = { kind: 'file'; file: string; size: number } | { kind: 'bad-request' } | { kind: 'not-found' };

/**
 * Maps a raw (still percent-encoded) request path to a file under `root`, which must already be a
 * real path (no symbolic links in it). Anything that is not a plain walk down into the folder is
 * refused: `..` and `.` in any spelling, hidden names, empty parts, backslashes, drive letters, NUL.
 */
export async function findStaticFile(root: string, rawPathname: string): Promise<StaticTarget> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPathname);
  } catch {
    return { kind: 'bad-request' };
  }
  if (!decoded.startsWith('/') || decoded.includes('\0')) return { kind: 'bad-request' };

  const relative = decoded === '/' ? 'index.html' : decoded.slice(1);
  const parts = relative.split('/');
  const ordinary = (part: string) => part !== '' && !part.startsWith('.') && !/[\\:]/.test(part);
  if (!parts.every(ordinary)) return { kind: 'not-found' };

  const candidate = path.join(root, ...parts);
  if (!isInside(root, candidate)) return { kind: 'not-found' };
  try {
    // A link inside the folder could point anywhere; judge where it really leads.
    const real = await fs.promises.realpath(candidate);
    if (!isInside(root, real)) return { kind: 'not-found' };
    const stat = await fs.promises.stat(real);
    if (!stat.isFile()) return { kind: 'not-found' };
    return { kind: 'file', file: real, size: stat.size };
  } catch {
    return { kind: 'not-found' };
  }
}

function isInside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** The folder's real path, so later comparisons are not fooled by a link in the folder's own path. */
export function realStaticRoot(staticDir: string): string {
  const resolved = path.resolve(staticDir);
  try {
    return fs.realpathSync(resolved);
  } catch {
    // A folder that is not there serves nothing: every lookup below it is a 404.
    return resolved;
  }
}

/** Answers a GET or HEAD for a page or asset; the caller has already checked access. */
export async function serveStaticFile(
  req: IncomingMessage,
  res: ServerResponse,
  root: string,
  rawPathname: string,
): Promise<void> {
  const target = await findStaticFile(root, rawPathname);
  if (target.kind === 'bad-request') return sendText(req, res, 400, 'That address is not a valid file path.');
  if (target.kind === 'not-found') return sendText(req, res, 404, 'There is nothing at this address.');

  res.statusCode = 200;
  res.setHeader('Content-Type', contentTypeFor(target.file));
  res.setHeader('Content-Length', target.size);
  res.setHeader('Cache-Control', cacheControlFor(rawPathname, target.file));
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  try {
    await pipeline(fs.createReadStream(target.file), res);
  } catch {
    // The client went away or the file vanished mid-way; the headers are gone, so just stop.
    res.destroy();
  }
}
