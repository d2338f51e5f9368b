/**
 * The web shell's defences, in one place so they can be read (and reviewed) together.
 *
 * The shell listens on 127.0.0.1 only, but that alone does not stop other local programs or web
 * pages the user visits from talking to it: a page can send requests to 127.0.0.1, and a DNS
 * rebinding attack can make a hostile name resolve there. So every request must also
 *  - name this shell in its Host header (rebinding sends the attacker's host name),
 *  - carry the per-launch token (only the person who saw the printed address has it),
 *  - and, when it changes nothing but could be sent cross-site (POST), come from this origin.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CONTENT_SECURITY_POLICY } from '../shared/content-security-policy';

/** The cookie that carries the token after the user has opened the printed address. */
export const TOKEN_COOKIE = 'audit_trail_token';

/** The header that carries the token for programs that do not keep cookies (tests, scripts). */
export const TOKEN_HEADER = 'x-audit-token';


/** Sent on every response, whatever it is, so no path can forget them. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

export function applySecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
}

/** A fresh token: 32 random bytes, base64url, so it is safe in a URL and in a cookie as is. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Whether `token` can be used as given: it travels in a query string, a cookie and a header
 * unescaped, so it is limited to characters that need no escaping in any of them.
 */
export function isUsableToken(token: string): boolean {
  return /^[A-Za-z0-9._~-]{1,512}$/.test(token);
}

/**
 * Compares a presented token with the real one in time that does not depend on where they
 * differ, so the token cannot be guessed a character at a time by timing responses.
 */
export function tokensEqual(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(presented, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  // timingSafeEqual throws on different lengths; the length itself is not the secret.
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}

/**
 * Every value of the cookie `name` in a Cookie header. More than one can arrive: cookies are not
 * kept apart by port, so a second shell on this machine may have left its own token.
 */
export function cookieValues(header: string | undefined, name: string): string[] {
  if (!header) return [];
  const values: string[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    values.push(value);
  }
  return values;
}

/** The one value of a header that may, in Node's typing, arrive as a list. */
function singleHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Whether the request carries the token, in the cookie or in the `X-Audit-Token` header. */
export function hasValidToken(req: IncomingMessage, token: string): boolean {
  const fromHeader = singleHeader(req.headers[TOKEN_HEADER]);
  if (fromHeader !== undefined && tokensEqual(fromHeader, token)) return true;
  return cookieValues(req.headers.cookie, TOKEN_COOKIE).some((value) => tokensEqual(value, token));
}

/** The Set-Cookie value that hands the token to the browser: not readable by scripts, never sent cross-site. */
export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/**
 * DNS-rebinding protection: a browser tricked into sending requests here still sends the host
 * name it thinks it is talking to, so only this shell's own names are accepted.
 */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  const normalised = host.trim().toLowerCase();
  return normalised === `127.0.0.1:${port}` || normalised === `localhost:${port}`;
}

/**
 * Cross-site request protection for POST: browsers send Origin on cross-origin (and same-origin)
 * POSTs, so a present Origin must be this shell's. Absent means a non-browser client, which
 * still needs the token.
 */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  const normalised = origin.trim().toLowerCase();
  return normalised === `http://127.0.0.1:${port}` || normalised === `http://localhost:${port}`;
}
