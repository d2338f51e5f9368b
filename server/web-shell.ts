/**
 * The web shell: the API contract over HTTP and the built renderer, on 127.0.0.1 only, for
 * machines without the Electron runtime and for end-to-end tests in a real browser.
 *
 * Every request passes the same gate, in this order: security headers are set, the Host header
 * must name this shell (DNS rebinding), then `/healthz` answers anyone who got that far, `/api/*`
 * goes to the contract (which checks Origin, token, type and size), and everything else is a page
 * or asset that needs the token's cookie.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveContract, type ServedContract } from '../node/serving';
import { AUDIT_CONTRACT, type AuditApi } from '../shared/contract';
import { CONNECTIONS_CONTRACT, type ConnectionsApi } from '../shared/connections-contract';
import { AuditError } from '../shared/errors';
import { EXPORT_CALL, handleExportRequest } from './export-endpoint';
import { handleApiRequest, type ApiHandlerOptions } from './http-api';
import { createEntryTickets, exchangeToken, sendAccessNeeded, type PageAccess } from './page-access';
import { sendMethodNotAllowed, sendText } from './replies';
import { applySecurityHeaders, generateToken, hasValidToken, isAllowedHost, isUsableToken } from './security';
import { realStaticRoot, serveStaticFile } from './static-files';

/** Only this interface: the shell is for the person at this machine, never the network. */
const HOST = '127.0.0.1';
const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

export interface WebShellOptions {
  /** The contract's implementation the shell serves (normally an AuditService). */
  api: AuditApi;
  /**
   * The connections contract, served at `/api/connections/<call>` (normally a ConnectionService,
   * whose `api`, which answers from whatever database is open, is then passed as `api`). Without
   * it, those calls are unknown.
   */
  connections?: ConnectionsApi;
  /** The built renderer: a folder with index.html and Vite's assets/. */
  staticDir: string;
  /** 0 or absent: any free port, chosen by the system. */
  port?: number;
  /** Default: a fresh random token for every launch. Letters, digits and . _ ~ - only. */
  token?: string;
  /** Largest API request body accepted; default 64 KiB. */
  maxBodyBytes?: number;
  /** Where failures are reported, one line each; default stderr. */
  log?: (line: string) => void;
}

export interface WebShell {
  /**
   * The address to print for the user: http://127.0.0.1:PORT/?token=TICKET, where TICKET is an
   * entry ticket that lets one browser in, once (see `issueAddress`), with no time limit.
   */
  url: string;
  /**
   * A fresh address like `url` whose ticket also expires `lifetimeMs` after now: for a browser
   * launched with it on its command line, which other local users can read in a process list.
   */
  issueAddress(lifetimeMs?: number): string;
  /** http://127.0.0.1:PORT */
  origin: string;
  port: number;
  /**
   * The launch token the cookie carries and `X-Audit-Token` may give; never put in an address the
   * shell hands out. `/?token=` with it also lets a browser in (for harnesses that chose it).
   */
  token: string;
  /** Stops listening and ends every open connection, keep-alive ones included. */
  close(): Promise<void>;
}

interface ShellContext {
  api: AuditApi;
  /** The contracts served over HTTP, the longest path first (`/api/connections/` before `/api/`). */
  contracts: readonly ServedContract[];
  gate: ApiHandlerOptions;
  staticRoot: string;
  access: PageAccess;
  port: number;
}

/** The contract whose path `pathname` is under, and the call name after it; the audit contract answers anything else under /api. */
function contractFor(pathname: string, contracts: readonly ServedContract[]): { served: ServedContract; call: string } {
  for (const served of contracts) {
    const prefix = served.httpPath ?? '';
    if (prefix && pathname.startsWith(prefix)) return { served, call: pathname.slice(prefix.length) };
  }
  // Only `/api` itself gets here: no call is named by it.
  return { served: contracts[contracts.length - 1]!, call: '' };
}

/** Splits a request target into its raw path and query; only origin-form ("/...") is served. */
function splitTarget(target: string): { pathname: string; query: URLSearchParams } | null {
  if (!target.startsWith('/')) return null;
  const q = target.indexOf('?');
  if (q < 0) return { pathname: target, query: new URLSearchParams() };
  return { pathname: target.slice(0, q), query: new URLSearchParams(target.slice(q + 1)) };
}

async function route(req: http.IncomingMessage, res: http.ServerResponse, ctx: ShellContext): Promise<void> {
  applySecurityHeaders(res);
  if (!isAllowedHost(req.headers.host, ctx.port)) {
    return sendText(req, res, 403, 'Audit Trail Browser answers only requests addressed to 127.0.0.1 or localhost on its own port.');
  }
  const target = splitTarget(req.url ?? '');
  if (!target) return sendText(req, res, 400, 'That is not an address Audit Trail Browser serves.');
  const { pathname, query } = target;
  const readOnly = req.method === 'GET' || req.method === 'HEAD';

  // Readiness for test harnesses and scripts: needs no token and tells nothing.
  if (pathname === '/healthz') {
    return readOnly ? sendText(req, res, 200, 'ok') : sendMethodNotAllowed(req, res, 'GET, HEAD', false);
  }
  if (pathname === '/api' || pathname.startsWith('/api/')) {
    if (pathname === `/api/${EXPORT_CALL}`) return handleExportRequest(req, res, ctx.api, ctx.gate);
    const { served, call } = contractFor(pathname, ctx.contracts);
    return handleApiRequest(req, res, served, call, ctx.gate);
  }
  if (!readOnly) return sendMethodNotAllowed(req, res, 'GET, HEAD', false);

  const presented = query.get('token');
  if (presented !== null) return exchangeToken(req, res, pathname, presented, ctx.access);
  if (!hasValidToken(req, ctx.access.token)) return sendAccessNeeded(req, res);
  return serveStaticFile(req, res, ctx.staticRoot, pathname);
}

function checkPort(port: number): void {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new AuditError('bad-request', `The port must be a whole number from 0 to 65535, not ${port}.`);
  }
}

/** Listens on 127.0.0.1:port, turning the system's refusal into one sentence. */
function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE') {
        reject(new AuditError('cannot-open', `Port ${port} on ${HOST} is already in use; choose another with --port, or 0 for any free port.`, { cause: error }));
      } else {
        reject(new AuditError('cannot-open', `Audit Trail Browser cannot listen on ${HOST} port ${port} (${error.code ?? error.message}).`, { cause: error }));
      }
    };
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ host: HOST, port, exclusive: true });
  });
}

/** Starts the web shell; resolves once it is listening, with the address to open. */
export async function startWebShell(options: WebShellOptions): Promise<WebShell> {
  const token = options.token ?? generateToken();
  if (!isUsableToken(token)) {
    throw new AuditError('bad-request', 'The access token may use only letters, digits and the characters . _ ~ - (at most 512).');
  }
  const requestedPort = options.port ?? 0;
  checkPort(requestedPort);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1) {
    throw new AuditError('bad-request', `The largest request body must be a whole number of bytes, not ${maxBodyBytes}.`);
  }
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));

  const server = http.createServer();
  const port = await listen(server, requestedPort);
  // The handler needs the port the system chose (for the Host check), so it is attached now;
  // no request can have arrived in between, as the event loop has not turned since listening.
  const served = [
    ...(options.connections ? [serveContract(CONNECTIONS_CONTRACT, options.connections)] : []),
    serveContract(AUDIT_CONTRACT, options.api),
  ];
  const ctx: ShellContext = {
    api: options.api,
    contracts: served.sort((a, b) => (b.httpPath ?? '').length - (a.httpPath ?? '').length),
    gate: { token, port, maxBodyBytes, log },
    staticRoot: realStaticRoot(options.staticDir),
    access: { token, tickets: createEntryTickets() },
    port,
  };
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    route(req, res, ctx).catch((error: unknown) => {
      log(`web shell: ${req.method ?? '?'} ${(req.url ?? '').split('?')[0]} failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) sendText(req, res, 500, 'Audit Trail Browser hit an unexpected error; its log has the details.');
      else res.destroy();
    });
  });

  let closing: Promise<void> | undefined;
  const origin = `http://${HOST}:${port}`;
  const issueAddress = (lifetimeMs?: number) => `${origin}/?token=${ctx.access.tickets.issue(lifetimeMs)}`;
  return {
    url: issueAddress(),
    issueAddress,
    origin,
    port,
    token,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // close() alone waits for keep-alive connections to time out; end them now.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
