/**
 * The web shell's static files as the first paint needs them: the build's precompressed copies
 * (brotli, gzip) sent to a browser that accepts them, with Content-Encoding and Vary, the file
 * itself to one that does not; hashed assets cached for good, the page never; and a compressed
 * copy found only under the rules every file is (never one from outside the folder).
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditDatabase, type AuditService } from '../../db/index';
import { acceptedEncodings } from '../../server/static-files';
import { startWebShell, type WebShell } from '../../server/web-shell';
import { STANDARD_FIXTURE, tempDir, writeReplica } from './fixtures/replica';

const dir = tempDir('audit-trail-static-');
const dbFile = writeReplica(path.join(dir, 'static.sqlite'), STANDARD_FIXTURE);
const staticDir = path.join(dir, 'static');
const assets = path.join(staticDir, 'assets');

const APP_JS = `${'export const rows = [];\n'.repeat(200)}console.log("app");\n`;
const LEAK_JS = `${'console.log("inside");\n'.repeat(100)}`;
const OUTSIDE = 'bytes outside the static folder';
fs.mkdirSync(assets, { recursive: true });
fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>app</title>');
fs.writeFileSync(path.join(assets, 'app-1a2b3c.js'), APP_JS);
fs.writeFileSync(path.join(assets, 'app-1a2b3c.js.br'), zlib.brotliCompressSync(APP_JS));
fs.writeFileSync(path.join(assets, 'app-1a2b3c.js.gz'), zlib.gzipSync(APP_JS));
fs.writeFileSync(path.join(assets, 'icons-4d5e6f.woff2'), Buffer.from('wOF2 font bytes'));
// A file whose "compressed copy" is a link out of the folder: it must never be what is sent.
fs.writeFileSync(path.join(assets, 'leak-7a8b9c.js'), LEAK_JS);
fs.writeFileSync(path.join(dir, 'outside.br'), OUTSIDE);
fs.writeFileSync(path.join(dir, 'outside.gz'), OUTSIDE);
fs.symlinkSync(path.join(dir, 'outside.br'), path.join(assets, 'leak-7a8b9c.js.br'));
fs.symlinkSync(path.join(dir, 'outside.gz'), path.join(assets, 'leak-7a8b9c.js.gz'));

const TOKEN = 'static-assets-token-0123456789abcdef';
let service: AuditService;
let shell: WebShell;

beforeAll(async () => {
  service = await openAuditDatabase({ file: dbFile });
  shell = await startWebShell({ api: service, staticDir, port: 0, token: TOKEN, log: () => {} });
});

afterAll(async () => {
  await shell?.close();
  await service?.close();
});

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A GET or HEAD through node:http, which neither adds Accept-Encoding nor decodes the body. */
function get(target: string, acceptEncoding?: string, method = 'GET'): Promise<Answer> {
  const headers: Record<string, string> = { 'X-Audit-Token': TOKEN };
  if (acceptEncoding !== undefined) headers['Accept-Encoding'] = acceptEncoding;
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: shell.port, path: target, method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the web shell compresses what it serves', () => {
  it('sends the brotli copy to a browser that accepts brotli, saying so in Content-Encoding and Vary', async () => {
    const answer = await get('/assets/app-1a2b3c.js', 'gzip, deflate, br, zstd');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBe('br');
    expect(answer.headers['vary']).toBe('Accept-Encoding');
    expect(answer.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(answer.headers['content-length']).toBe(String(fs.statSync(path.join(assets, 'app-1a2b3c.js.br')).size));
    expect(answer.body.length).toBeLessThan(Buffer.byteLength(APP_JS) / 4);
    expect(zlib.brotliDecompressSync(answer.body).toString('utf8')).toBe(APP_JS);
  });

  it('sends the gzip copy to a browser that accepts gzip but not brotli', async () => {
    for (const header of ['gzip', 'gzip, deflate', 'br;q=0, gzip;q=0.5']) {
      const answer = await get('/assets/app-1a2b3c.js', header);
      expect(answer.headers['content-encoding'], header).toBe('gzip');
      expect(answer.headers['vary'], header).toBe('Accept-Encoding');
      expect(zlib.gunzipSync(answer.body).toString('utf8'), header).toBe(APP_JS);
    }
  });

  it('sends the file itself (identity) without Accept-Encoding, or when it refuses both codings', async () => {
    for (const header of [undefined, '', 'identity', 'deflate', 'br;q=0, gzip;q=0', '*;q=0']) {
      const answer = await get('/assets/app-1a2b3c.js', header);
      expect(answer.status, String(header)).toBe(200);
      expect(answer.headers['content-encoding'], String(header)).toBeUndefined();
      // The answer still depends on the header, so caches must keep the two apart.
      expect(answer.headers['vary'], String(header)).toBe('Accept-Encoding');
      expect(answer.headers['content-length'], String(header)).toBe(String(Buffer.byteLength(APP_JS)));
      expect(answer.body.toString('utf8'), String(header)).toBe(APP_JS);
    }
  });

  it('answers HEAD with the headers of the copy GET would send, and no body', async () => {
    const answer = await get('/assets/app-1a2b3c.js', 'br', 'HEAD');
    expect(answer.headers['content-encoding']).toBe('br');
    expect(answer.headers['content-length']).toBe(String(fs.statSync(path.join(assets, 'app-1a2b3c.js.br')).size));
    expect(answer.body.length).toBe(0);
  });

  it('never sends a compressed copy that leads outside the folder: the file itself instead', async () => {
    for (const header of ['br', 'gzip', 'gzip, deflate, br']) {
      const answer = await get('/assets/leak-7a8b9c.js', header);
      expect(answer.status, header).toBe(200);
      expect(answer.headers['content-encoding'], header).toBeUndefined();
      expect(answer.body.toString('utf8'), header).toBe(LEAK_JS);
      expect(answer.body.toString('utf8'), header).not.toContain(OUTSIDE);
    }
  });

  it('sends a woff2 font as it is, cached for good like every hashed asset', async () => {
    const font = await get('/assets/icons-4d5e6f.woff2', 'gzip, deflate, br');
    expect(font.status).toBe(200);
    expect(font.headers['content-type']).toBe('font/woff2');
    expect(font.headers['content-encoding']).toBeUndefined();
    expect(font.headers['vary']).toBeUndefined();
    expect(font.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await get('/assets/app-1a2b3c.js', 'br')).headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('never lets the page itself be cached: it names the current assets', async () => {
    const page = await get('/', 'gzip, deflate, br');
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
  });
});

describe('acceptedEncodings', () => {
  it('reads the codings an Accept-Encoding header allows, with weights and the wildcard', () => {
    expect([...acceptedEncodings('gzip, deflate, br')].sort()).toEqual(['br', 'deflate', 'gzip']);
    expect([...acceptedEncodings('BR;Q=1.0, GZip')].sort()).toEqual(['br', 'gzip']);
    expect([...acceptedEncodings('br;q=0, gzip;q=0.001')]).toEqual(['gzip']);
    expect([...acceptedEncodings('*')].sort()).toEqual(['br', 'gzip']);
    expect([...acceptedEncodings('*, br;q=0')]).toEqual(['gzip']);
    expect([...acceptedEncodings('br;q=nonsense')]).toEqual([]);
    expect([...acceptedEncodings(undefined)]).toEqual([]);
  });
});
