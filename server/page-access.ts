/**
 * How a browser gets in. The address the shell hands out (printed, or on a launched browser's
 * command line) carries an entry ticket (`/?token=...`), not the launch token itself: a ticket
 * lets one browser in, once, and may expire. The shell trades it for an HttpOnly, SameSite=Strict
 * cookie holding the launch token and redirects to the bare address, so the token leaves the
 * address bar and the history, page scripts never see it, and the address that other local users
 * can read in a process list (command lines are public) is dead once the window has loaded.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendHtml } from './replies';
import { generateToken, hasValidToken, tokenCookie, tokensEqual } from './security';

/**
 * The entry tickets a shell has handed out and not yet seen used. Only the shell issues them (no
 * request can add one), so the list stays as short as the addresses it has given out.
 */
export interface EntryTickets {
  /**
   * A fresh ticket that lets one browser in, once: within `lifetimeMs` of now, or until it is used
   * when `lifetimeMs` is absent (an address printed for a person, who may open it minutes later).
   */
  issue(lifetimeMs?: number): string;
  /**
   * Uses up `presented`: true if it was a live ticket (it is then gone), false if it is unknown,
   * already used or expired. Compared in constant time, like the token.
   */
  spend(presented: string): boolean;
}

export function createEntryTickets(now: () => number = Date.now): EntryTickets {
  const live = new Map<string, number>();
  return {
    issue(lifetimeMs) {
      if (lifetimeMs !== undefined && !(lifetimeMs > 0)) throw new RangeError(`An entry ticket must live a positive time, not ${lifetimeMs} ms.`);
      const ticket = generateToken();
      live.set(ticket, lifetimeMs === undefined ? Infinity : now() + lifetimeMs);
      return ticket;
    },
    spend(presented) {
      const time = now();
      let found = false;
      // Every live ticket is compared, so the time taken does not tell which one came close.
      for (const [ticket, expires] of live) {
        if (expires <= time) live.delete(ticket);
        else if (tokensEqual(presented, ticket)) {
          live.delete(ticket);
          found = true;
        }
      }
      return found;
    },
  };
}

/**
 * Self-contained on purpose (no scripts, styles inline, nothing loaded): it must work for a
 * browser that is not let in, under the same Content-Security-Policy as everything else.
 */
export const ACCESS_NEEDED_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Audit Trail Browser: access token needed</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 4rem auto; max-width: 36rem; padding: 0 1rem; color: #1c2127; }
  h1 { font-size: 1.4rem; }
</style>
</head>
<body>
<h1>Access token needed</h1>
<p>Open the full address that Audit Trail Browser printed when it started: it includes an access
token that lets one browser in, once. If that address has been used already, or Audit Trail
Browser has stopped, start it again and open the new address.</p>
</body>
</html>
`;

export function sendAccessNeeded(req: IncomingMessage, res: ServerResponse): void {
  sendHtml(req, res, 401, ACCESS_NEEDED_PAGE);
}

/** What lets a browser in: the launch token, and the entry tickets handed out for it. */
export interface PageAccess {
  token: string;
  tickets: EntryTickets;
}

/**
 * Handles a page request that carries `?token=`, and always uses the ticket up (the first page load
 * spends it, whoever sent it). A live ticket, or the launch token itself (known only to a harness
 * that chose it), gets the cookie and a 303 to the same path without the query; so does a browser
 * that already holds the cookie, whatever it presents. Anything else gets the access page, as if
 * there were no token: a used or expired ticket lets nobody in.
 */
export function exchangeToken(req: IncomingMessage, res: ServerResponse, pathname: string, presented: string, access: PageAccess): void {
  const spent = access.tickets.spend(presented);
  if (!spent && !tokensEqual(presented, access.token) && !hasValidToken(req, access.token)) return sendAccessNeeded(req, res);
  res.statusCode = 303;
  res.setHeader('Set-Cookie', tokenCookie(access.token));
  // The path was given by the client; only a plain absolute path is echoed, never "//host".
  res.setHeader('Location', /^\/(?![/\\])[^\s]*$/.test(pathname) ? pathname : '/');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', 0);
  res.end();
}
