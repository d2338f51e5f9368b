/**
 * Serves the built renderer (Vite's output folder) and nothing else: a request path is mapped
 * into that folder only when every part of it is an ordinary name, and the file found must still
 * be inside the folder once symbolic links are followed.
 *
 * The build writes a brotli (`.br`) and a gzip (`.gz`) copy beside each file worth compressing
 * (vite.renderer.config.ts); a browser that accepts one of them is sent that copy, so nothing is
 * compressed while serving. A copy is used only under the same rules as the file itself.
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
export type StaticTarget = StaticFile | { kind: 'bad-request' } | { kind: 'not-found' };

/** A regular file inside the folder, by its real path. */
export interface StaticFile {
  kind: 'file';
  file: string;
  size: number;
}

/**
 * The precompressed copies the build writes beside a file, in the order they are preferred
 * (brotli is smaller); the file's name plus the suffix.
 */
export const PRECOMPRESSED: ReadonlyArray<{ encoding: 'br' | 'gzip'; suffix: string }> = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
];

/**
 * The content codings an Accept-Encoding header allows: those it names with a weight above zero,
 * and, through `*`, any it does not name. Identity is always possible, so it is not listed.
 */
export function acceptedEncodings(header: string | undefined): Set<string> {
  const accepted = new Set<string>();
  const refused = new Set<string>();
  let wildcard = false;
  for (const item of (header ?? '').split(',')) {
    const [name = '', ...params] = item.split(';').map((part) => part.trim().toLowerCase());
    if (name === '') continue;
    const q = params.find((param) => param.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    const allowed = Number.isFinite(weight) && weight > 0;
    if (name === '*') wildcard = allowed;
    else (allowed ? accepted : refused).add(name);
  }
  if (wildcard) for (const { encoding } of PRECOMPRESSED) if (!refused.has(encoding)) accepted.add(encoding);
  return accepted;
}

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

  return fileInside(root, path.join(root, ...parts));
}

/** `candidate` when it is a regular file inside `root`, symbolic links followed; else not found. */
async function fileInside(root: string, candidate: string): Promise<StaticTarget> {
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

/**
 * The copy of `file` (already found inside `root`) to send for `acceptEncoding`: its best
 * precompressed copy the browser accepts, under the same rules as any file, or the file itself.
 * Also says whether the file has such copies at all, as the answer then varies with the header.
 */
async function chooseEncoding(
  root: string,
  file: StaticFile,
  acceptEncoding: string | undefined,
): Promise<{ body: StaticFile; encoding: string | null; varies: boolean }> {
  const accepted = acceptedEncodings(acceptEncoding);
  let varies = false;
  for (const { encoding, suffix } of PRECOMPRESSED) {
    const copy = await fileInside(root, `${file.file}${suffix}`);
    if (copy.kind !== 'file') continue;
    varies = true;
    if (accepted.has(encoding)) return { body: copy, encoding, varies };
  }
  return { body: file, encoding: null, varies };
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

  const { body, encoding, varies } = await chooseEncoding(root, target, req.headers['accept-encoding']);
  res.statusCode = 200;
  res.setHeader('Content-Type', contentTypeFor(target.file));
  res.setHeader('Content-Length', body.size);
  if (encoding) res.setHeader('Content-Encoding', encoding);
  // Caches must keep the compressed and the plain answer apart.
  if (varies) res.setHeader('Vary', 'Accept-Encoding');
  res.setHeader('Cache-Control', cacheControlFor(rawPathname, target.file));
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  try {
    await pipeline(fs.createReadStream(body.file), res);
  } catch {
    // The client went away or the file vanished mid-way; the headers are gone, so just stop.
    res.destroy();
  }
}
