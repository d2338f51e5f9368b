/**
 * The web shell against a real replica and a real server on 127.0.0.1: the contract over HTTP,
 * its security rules (token, Host, Origin, sizes, types), the static files and their headers,
 * the browser transport, and the launcher (`npm start -- --web`, cli/start.ts) as the process a
 * person (or a harness) starts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditDatabase, type AuditService } from '../../db/index';
import { createHttpTransport } from '../../renderer/api/http-transport';
import { AUDIT_CONTRACT, type AuditApi, type ListTablesResponse } from '../../shared/contract';
import { AuditError } from '../../shared/errors';
import { statusForErrorCode } from '../../server/http-api';
import { startWebShell, type WebShell } from '../../server/web-shell';
import { STANDARD_FIXTURE, tempDir, writeReplica } from './fixtures/replica';

const REPO = path.resolve(__dirname, '../..');
const dir = tempDir('audit-trail-web-shell-');
const dbFile = writeReplica(path.join(dir, 'web.sqlite'), STANDARD_FIXTURE);

/** The built renderer stand-in, with a secret one level up that no request may reach. */
const staticDir = path.join(dir, 'static');
const INDEX_HTML = '<!doctype html><html><head><script type="module" src="/assets/app-abc.js"></script></head><body>app</body></html>';
const APP_JS = 'console.log("app");\n';
const SECRET = 'the secret next to the static folder';
fs.mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
fs.writeFileSync(path.join(staticDir, 'index.html'), INDEX_HTML);
fs.writeFileSync(path.join(staticDir, 'assets', 'app-abc.js'), APP_JS);
fs.writeFileSync(path.join(dir, 'secret.txt'), SECRET);
try {
  fs.symlinkSync(path.join(dir, 'secret.txt'), path.join(staticDir, 'linked.txt'));
} catch {
  // Some systems do not allow links; the other traversal tests still run.
}

const TOKEN = 'known-test-token-0123456789abcdef';
const logLines: string[] = [];
let service: AuditService;
let shell: WebShell;

beforeAll(async () => {
  service = await openAuditDatabase({ file: dbFile });
  shell = await startWebShell({ api: service, staticDir, port: 0, token: TOKEN, log: (line) => logLines.push(line) });
});

afterAll(async () => {
  await shell?.close();
  await service?.close();
});

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A request through node:http, which sends the path and the Host header exactly as given (fetch
 * normalises `..` away and will not forge Host).
 */
function raw(
  target: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer; port?: number } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: options.port ?? shell.port, path: target, method: options.method ?? 'GET', headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const cookie = `audit_trail_token=${TOKEN}`;

/** What an API response holds; `result` is whatever the call answers. */
interface ApiBody {
  result?: unknown;
  error?: { code: string; message: string };
}

async function readApiBody(response: Response): Promise<ApiBody> {
  return (await response.json()) as ApiBody;
}

/** One API call over HTTP, with the cookie unless told otherwise. */
async function call(
  name: string,
  request: unknown,
  headers: Record<string, string> = { cookie },
): Promise<{ status: number; body: ApiBody; response: Response }> {
  const response = await fetch(`${shell.origin}/api/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(request),
  });
  return { status: response.status, body: await readApiBody(response), response };
}

describe('the web shell API', () => {
  it('answers a call with the cookie exactly as the data layer does', async () => {
    const request = { table: 'Customer', id: 1 };
    const { status, body, response } = await call('getHistory', request);
    expect(status).toBe(200);
    expect(body).toEqual({ result: JSON.parse(JSON.stringify(await service.getHistory(request))) });
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('answers a call with the token in X-Audit-Token, and an empty body means no arguments', async () => {
    const { status, body } = await call('describeSource', {}, { 'X-Audit-Token': TOKEN });
    expect(status).toBe(200);
    expect(body.result).toMatchObject({ engine: 'sqlite', name: 'web.sqlite' });
    const empty = await fetch(`${shell.origin}/api/listTables`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8', cookie },
    });
    expect(empty.status).toBe(200);
    expect(((await readApiBody(empty)).result as ListTablesResponse).tables.map((t) => t.name)).toContain('Customer');
  });

  it('refuses a call without the token, or with a wrong one, as unauthorized', async () => {
    const attempts: Record<string, string>[] = [{}, { cookie: 'audit_trail_token=wrong' }, { 'X-Audit-Token': `${TOKEN}x` }, { cookie: 'other=1' }];
    for (const headers of attempts) {
      const { status, body } = await call('listTables', {}, headers);
      expect(status).toBe(401);
      expect(body.error?.code).toBe('unauthorized');
      expect(body.error?.message).toContain('open the full address it printed');
    }
  });

  it('accepts the right cookie among others, even beside a stale token of another shell', async () => {
    const { status } = await call('listTables', {}, { cookie: `a=1; audit_trail_token=stale; ${cookie}; b=2` });
    expect(status).toBe(200);
  });

  it('refuses every request addressed to another host (DNS rebinding), health check included', async () => {
    for (const target of ['/healthz', '/', '/assets/app-abc.js']) {
      const res = await raw(target, { headers: { host: `evil.example:${shell.port}`, cookie } });
      expect(res.status).toBe(403);
      expect(res.headers['content-security-policy']).toBeDefined();
    }
    const api = await raw('/api/listTables', {
      method: 'POST',
      headers: { host: 'evil.example', cookie, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(api.status).toBe(403);
    expect((await raw('/healthz', { headers: { host: '127.0.0.1:1' } })).status).toBe(403);
    // Its own names are fine.
    expect((await raw('/healthz', { headers: { host: `localhost:${shell.port}` } })).status).toBe(200);
    expect((await raw('/healthz', { headers: { host: `127.0.0.1:${shell.port}` } })).body).toBe('ok\n');
  });

  it('refuses a POST from a foreign origin, and accepts its own', async () => {
    for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:${shell.port + 1}`, `https://127.0.0.1:${shell.port}`]) {
      const { status, body } = await call('listTables', {}, { cookie, Origin: origin });
      expect(status).toBe(403);
      expect(body.error?.code).toBe('unauthorized');
    }
    expect((await call('listTables', {}, { cookie, Origin: shell.origin })).status).toBe(200);
    expect((await call('listTables', {}, { cookie, Origin: `http://localhost:${shell.port}` })).status).toBe(200);
  });

  it('answers a call the contract does not declare with unknown-call, whatever its name', async () => {
    for (const name of ['dropTable', '__proto__', 'toString', 'constructor', 'hasOwnProperty', 'valueOf', '', 'getHistory/x']) {
      const { status, body } = await call(name, {});
      expect(status, name).toBe(404);
      expect(body.error?.code, name).toBe('unknown-call');
    }
  });

  it('refuses a body over the limit with 413, and keeps answering afterwards', async () => {
    const big = JSON.stringify({ table: 'Customer', search: 'x'.repeat(200 * 1024) });
    const { status, body } = await call('listRecords', JSON.parse(big));
    expect(status).toBe(413);
    expect(body.error?.code).toBe('bad-request');
    expect(body.error?.message).toContain('64 KiB');

    // Sent in chunks without a declared length, it is cut off as it grows.
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: shell.port, path: '/api/listRecords', method: 'POST', agent: false,
          headers: { cookie, 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      for (let i = 0; i < 10; i++) req.write(Buffer.alloc(16 * 1024, 0x20));
      req.end();
    });
    expect(chunked).toBe(413);

    expect((await call('listTables', {})).status).toBe(200);
    expect((await fetch(`${shell.origin}/healthz`)).status).toBe(200);
  });

  it('refuses malformed JSON with 400 and a non-JSON content type with 415', async () => {
    const bad = await fetch(`${shell.origin}/api/listTables`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', cookie },
      body: '{"table": ',
    });
    expect(bad.status).toBe(400);
    expect((await readApiBody(bad)).error?.code).toBe('bad-request');
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1']) {
      const res = await fetch(`${shell.origin}/api/listTables`, { method: 'POST', headers: { 'Content-Type': type, cookie }, body: '{}' });
      expect(res.status, type).toBe(415);
      expect((await readApiBody(res)).error?.code).toBe('bad-request');
    }
  });

  it('refuses methods other than POST under /api with 405', async () => {
    const res = await fetch(`${shell.origin}/api/listTables`, { headers: { cookie } });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  it("carries the data layer's errors as typed payloads with their status", async () => {
    const unknown = await call('getHistory', { table: 'Nope', id: 1 });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error?.code).toBe('unknown-table');
    expect(unknown.body.error?.message).toMatch(/Nope/);
    const notObject = await call('listTables', [1, 2]);
    expect(notObject.status).toBe(400);
    expect(notObject.body.error?.code).toBe('bad-request');
    expect(statusForErrorCode('unknown-person')).toBe(409);
    expect(statusForErrorCode('locked')).toBe(503);
    expect(statusForErrorCode('corrupt')).toBe(500);
  });
});

describe('the web shell with a failing data layer', () => {
  let faulty: WebShell;
  const lines: string[] = [];
  beforeAll(async () => {
    const api: AuditApi = {
      ...service,
      listTables: async () => {
        throw new Error('SELECT secret FROM internals\nat line 2');
      },
      listPeople: async () => {
        throw new AuditError('locked', 'Another program holds a lock on the replica.');
      },
    };
    faulty = await startWebShell({ api, staticDir, token: TOKEN, log: (line) => lines.push(line) });
  });
  afterAll(() => faulty?.close());

  it('logs an unexpected error in one line and tells the client only that it happened', async () => {
    const res = await fetch(`${faulty.origin}/api/listTables`, { method: 'POST', headers: { 'Content-Type': 'application/json', cookie }, body: '{}' });
    expect(res.status).toBe(500);
    const body = await readApiBody(res);
    expect(body.error?.code).toBe('internal');
    expect(body.error?.message).not.toContain('secret');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('SELECT secret FROM internals at line 2');
    expect(lines[0]).not.toContain('\n');
  });

  it('sends a lock as 503 with its sentence', async () => {
    const res = await fetch(`${faulty.origin}/api/listPeople`, { method: 'POST', headers: { 'Content-Type': 'application/json', cookie }, body: '{"table":"Customer"}' });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: { code: 'locked', message: 'Another program holds a lock on the replica.' } });
  });
});

/** The token in an address the shell handed out. */
function ticketOf(address: string): string {
  return new URL(address).searchParams.get('token') ?? '';
}

/** Opens an address as a browser without the cookie does; says whether it was let in. */
async function openAddress(address: string, headers: Record<string, string> = {}): Promise<{ status: number; setCookie: string | null }> {
  const res = await fetch(address, { redirect: 'manual', headers });
  await res.arrayBuffer();
  return { status: res.status, setCookie: res.headers.get('set-cookie') };
}

describe('the web shell pages', () => {
  it('trades the printed address for an HttpOnly SameSite=Strict cookie and a redirect to /', async () => {
    const fresh = shell.issueAddress();
    expect(fresh).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${shell.port}/\\?token=[A-Za-z0-9_-]{43}$`));
    const res = await fetch(fresh, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    const setCookie = res.headers.get('set-cookie') ?? '';
    // The cookie carries the launch token, not the ticket of the address.
    expect(setCookie).toMatch(new RegExp(`^audit_trail_token=${TOKEN};`));
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('never puts the launch token in an address it hands out, and its tickets never open the API', async () => {
    const addresses = [shell.url, shell.issueAddress(), shell.issueAddress(60_000)];
    const tickets = addresses.map(ticketOf);
    expect(new Set([...tickets, TOKEN]).size).toBe(4);
    for (const ticket of tickets) {
      expect((await call('listTables', {}, { 'X-Audit-Token': ticket })).status).toBe(401);
      expect((await call('listTables', {}, { cookie: `audit_trail_token=${ticket}` })).status).toBe(401);
    }
    // Still unused after all that: the API does not spend them.
    expect((await openAddress(addresses[2]!)).status).toBe(303);
  });

  it('lets one browser in per address: the first page load spends its ticket', async () => {
    const address = shell.issueAddress(60_000);
    const first = await openAddress(address);
    expect(first.status).toBe(303);
    expect(first.setCookie).toMatch(new RegExp(`^audit_trail_token=${TOKEN};`));
    const again = await openAddress(address);
    expect(again.status).toBe(401);
    expect(again.setCookie).toBeNull();
    // With its cookie, the browser that came in may open the address again; it is still spent.
    expect((await openAddress(address, { cookie })).status).toBe(303);
    expect((await openAddress(address)).status).toBe(401);
  });

  it('lets nobody in with a ticket past its lifetime', async () => {
    const address = shell.issueAddress(40);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect((await openAddress(address)).status).toBe(401);
    // An address printed for a person has no time limit, only its single use.
    const printed = shell.issueAddress();
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect((await openAddress(printed)).status).toBe(303);
  });

  it('still lets a harness in with the token it chose, as often as it likes', async () => {
    for (let i = 0; i < 2; i += 1) expect((await openAddress(`${shell.origin}/?token=${TOKEN}`)).status).toBe(303);
  });

  it('answers a page without the cookie, or with a wrong token, with a self-contained 401 page', async () => {
    for (const target of ['/', '/assets/app-abc.js', '/?token=wrong', '/index.html']) {
      const res = await fetch(`${shell.origin}${target}`, { redirect: 'manual', headers: { cookie: 'audit_trail_token=wrong' } });
      expect(res.status, target).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('set-cookie')).toBeNull();
      const html = await res.text();
      expect(html).toContain('Open the full address that Audit Trail Browser printed when it started');
      expect(html).not.toMatch(/<script|<link|src=|href=/i);
    }
  });

  it('serves the renderer with its content types, caching and security headers', async () => {
    const page = await fetch(`${shell.origin}/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(INDEX_HTML);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('content-security-policy')).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    );
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');

    const js = await fetch(`${shell.origin}/assets/app-abc.js`, { headers: { 'X-Audit-Token': TOKEN } });
    expect(js.status).toBe(200);
    expect(await js.text()).toBe(APP_JS);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');

    const head = await raw('/assets/app-abc.js', { method: 'HEAD', headers: { cookie } });
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength(APP_JS)));
    expect(head.body).toBe('');

    expect((await fetch(`${shell.origin}/assets/missing.js`, { headers: { cookie } })).status).toBe(404);
    expect((await fetch(`${shell.origin}/assets/`, { headers: { cookie } })).status).toBe(404);
    const post = await fetch(`${shell.origin}/`, { method: 'POST', headers: { cookie } });
    expect(post.status).toBe(405);
  });

  it('answers /healthz without a token and with nothing but ok', async () => {
    const res = await fetch(`${shell.origin}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok\n');
  });

  it('never serves a file outside the static folder, however the path is spelled', async () => {
    const attempts = [
      '/../package.json',
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/assets/../../secret.txt',
      '/..%5csecret.txt',
      '/%2fetc%2fpasswd',
      '//etc/passwd',
      `/${encodeURIComponent(path.join(dir, 'secret.txt'))}`,
      '/index.html%00.js',
      '/%',
      '/.hidden',
      '/linked.txt',
      `http://127.0.0.1:${shell.port}/../secret.txt`,
      '*',
    ];
    for (const target of attempts) {
      const res = await raw(target, { headers: { cookie, host: `127.0.0.1:${shell.port}` } });
      expect([400, 404], target).toContain(res.status);
      expect(res.body, target).not.toContain(SECRET);
      expect(res.body, target).not.toContain('"name": "audit-trail-browser"');
    }
  });
});

describe('the web shell as a server', () => {
  it('listens on 127.0.0.1 only', async () => {
    expect(new URL(shell.origin).hostname).toBe('127.0.0.1');
    const others = Object.values(os.networkInterfaces())
      .flat()
      .filter((a) => a && a.family === 'IPv4' && !a.internal)
      .map((a) => a!.address);
    for (const address of others.slice(0, 2)) {
      const reached = await new Promise<boolean>((resolve) => {
        const req = http.request({ host: address, port: shell.port, path: '/healthz', agent: false, timeout: 2000 }, (res) => {
          res.resume();
          resolve(true);
        });
        req.on('timeout', () => req.destroy());
        req.on('error', () => resolve(false));
        req.end();
      });
      expect(reached, address).toBe(false);
    }
  });

  it('refuses a port already in use with one sentence naming it', async () => {
    const error = await startWebShell({ api: service, staticDir, port: shell.port }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditError);
    expect((error as AuditError).code).toBe('cannot-open');
    expect((error as AuditError).message).toContain(String(shell.port));
  });

  it('refuses a token that cannot travel in a cookie', async () => {
    await expect(startWebShell({ api: service, staticDir, token: 'a b;c' })).rejects.toMatchObject({ code: 'bad-request' });
  });

  it('makes a fresh random token for every launch when none is given', async () => {
    const a = await startWebShell({ api: service, staticDir });
    const b = await startWebShell({ api: service, staticDir });
    try {
      expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(a.token).not.toBe(b.token);
      expect(a.url).toMatch(new RegExp(`^${a.origin}/\\?token=[A-Za-z0-9_-]{43}$`));
      expect(a.url).not.toContain(a.token);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('stops for good on close(), keep-alive connections included', async () => {
    const temporary = await startWebShell({ api: service, staticDir, token: TOKEN });
    // A keep-alive connection is left open in fetch's pool by this call.
    expect((await fetch(`${temporary.origin}/healthz`)).status).toBe(200);
    const started = Date.now();
    await temporary.close();
    expect(Date.now() - started).toBeLessThan(2000);
    await expect(fetch(`${temporary.origin}/healthz`)).rejects.toThrow();
    await temporary.close(); // Closing twice is harmless.
  });
});

describe('the renderer HTTP transport', () => {
  /** Runs `fn` with global fetch adding the token header, as the cookie would in a browser. */
  async function withToken<T>(fn: () => Promise<T>): Promise<T> {
    const original = globalThis.fetch;
    globalThis.fetch = (input, init) => original(input, { ...init, headers: { ...(init?.headers as Record<string, string>), 'X-Audit-Token': TOKEN } });
    try {
      return await fn();
    } finally {
      globalThis.fetch = original;
    }
  }

  it('makes calls that answer as the data layer does', async () => {
    const client = AUDIT_CONTRACT.client(createHttpTransport(shell.origin));
    const request = { table: 'Customer', id: 1, limit: 3 };
    const viaHttp = await withToken(() => client.getHistory(request));
    expect(viaHttp).toEqual(JSON.parse(JSON.stringify(await service.getHistory(request))));
  });

  it("throws the data layer's AuditError", async () => {
    const client = AUDIT_CONTRACT.client(createHttpTransport(shell.origin));
    const error = await withToken(() => client.listRecords({ table: 'Nope' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditError);
    expect((error as AuditError).code).toBe('unknown-table');
  });

  it('throws unauthorized without the token', async () => {
    const transport = createHttpTransport(shell.origin);
    await expect(transport('listTables', {})).rejects.toMatchObject({ name: 'AuditError', code: 'unauthorized' });
  });

  it('says the server is not answering when it has stopped, and names the status of a non-JSON answer', async () => {
    const temporary = await startWebShell({ api: service, staticDir });
    const origin = temporary.origin;
    await temporary.close();
    const stopped = await createHttpTransport(origin)('listTables', {}).catch((e: unknown) => e);
    expect(stopped).toBeInstanceOf(AuditError);
    expect((stopped as AuditError).message).toBe("Audit Trail Browser's server is not answering; it may have stopped. Start it again with npm start.");

    // Under /elsewhere the POST reaches the page side, which answers in plain text.
    const notJson = await createHttpTransport(`${shell.origin}/elsewhere`)('listTables', {}).catch((e: unknown) => e);
    expect(notJson).toBeInstanceOf(AuditError);
    expect((notJson as AuditError).message).toContain('405');
  });
});

describe('the launcher’s web shell (npm start -- --web)', () => {
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  /** Starts the launcher the way a harness does; settles when it exits (or after 30 s, killed). */
  function start(args: string[]) {
    // A user-data folder of the test's own: the shell records the replica it opened among the recent ones.
    const env = { ...process.env, AUDIT_TRAIL_HOME: path.join(dir, 'main-home') };
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/start.ts', '--web', ...args], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        // Let the last output arrive.
        setImmediate(() => resolve({ code, signal, stdout, stderr }));
      });
    });
    const printed = new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', () => {
        const match = /^ {2}(http:\/\/127\.0\.0\.1:\d+\/\S*)\n/m.exec(stdout);
        if (match) resolve(match[1]!);
      });
      void exited.then((r) => reject(new Error(`The launcher exited (${r.code}) before printing its address: ${r.stderr}`)));
    });
    // A run that is meant to fail never prints; only a test that waits for the line sees this.
    printed.catch(() => undefined);
    return { child, exited, printed };
  }

  it('prints the address once, serves it, and exits 0 on SIGTERM', async () => {
    const { child, exited, printed } = start(['--db', dbFile, '--port', '0', '--static', staticDir]);
    const url = new URL(await printed);
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.searchParams.get('token')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await (await fetch(`${url.origin}/healthz`)).text()).toBe('ok\n');
    const page = await fetch(url, { redirect: 'manual' });
    expect(page.status).toBe(303);
    // The printed address lets one browser in: the cookie it got opens the API, the address no more.
    const browserCookie = (page.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(401);
    const res = await fetch(`${url.origin}/api/describeSource`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', cookie: browserCookie },
      body: '{}',
    });
    expect((await readApiBody(res)).result).toMatchObject({ name: 'web.sqlite' });

    child.kill('SIGTERM');
    const result = await exited;
    expect(result.code).toBe(0);
    expect(result.stdout.match(/http:\/\/127\.0\.0\.1/g)).toHaveLength(1);
    expect(result.stdout).toContain('web.sqlite (read-only)');
    await expect(fetch(`${url.origin}/healthz`)).rejects.toThrow();
  });

  it('uses the token it is given, and still prints a single-use address', async () => {
    const { child, exited, printed } = start(['--db', dbFile, '--static', staticDir, '--token', TOKEN]);
    const url = new URL(await printed);
    expect(url.searchParams.get('token')).not.toBe(TOKEN);
    const res = await fetch(`${url.origin}/api/describeSource`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Audit-Token': TOKEN },
      body: '{}',
    });
    expect(res.status).toBe(200);
    child.kill('SIGINT');
    expect((await exited).code).toBe(0);
  });

  it('exits 1 with the sentence when the replica is missing', async () => {
    const missing = path.join(dir, 'missing.sqlite');
    const result = await start(['--db', missing, '--port', '0', '--static', staticDir]).exited;
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(missing);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 1 with a clear sentence when the user interface has not been built', async () => {
    const empty = fs.mkdtempSync(path.join(dir, 'empty-'));
    const result = await start(['--db', dbFile, '--static', empty]).exited;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('The user interface has not been built: run npm run build:renderer');
  });

  it('exits 1 on a bad port', async () => {
    const result = await start(['--db', dbFile, '--static', staticDir, '--port', 'eighty']).exited;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--port');
  });
});
