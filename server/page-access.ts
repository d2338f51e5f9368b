/**
 * How a browser gets in. The printed address carries the token once (`/?token=...`); the shell
 * trades it for an HttpOnly, SameSite=Strict cookie and redirects to the bare address, so the
 * token leaves the address bar and the history, and page scripts never see it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendHtml } from './replies';
import { tokenCookie, tokensEqual } from './security';

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
<p>Open the full address that Audit Trail Browser printed when it started: it includes the access
token that lets this browser in. If it has stopped, start it again and open the new address.</p>
</body>
</html>
`;

export function sendAccessNeeded(req: IncomingMessage, res: ServerResponse): void {
  sendHtml(req, res, 401, ACCESS_NEEDED_PAGE);
}

/**
 * Handles a page request that carries `?token=`: the right token gets the cookie and a 303 to the
 * same path without the query; a wrong one gets the access page, as if there were no token.
 */
export function exchangeToken(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  presented: string,
  token: string,
): void {
  if (!tokensEqual(presented, token)) return sendAccessNeeded(req, res);
  res.statusCode = 303;
  res.setHeader('Set-Cookie', tokenCookie(token));
  // The path was given by the client; only a plain absolute path is echoed, never "//host".
  res.setHeader('Location', /^\/(?![/\\])[^\s]*$/.test(pathname) ? pathname : '/');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', 0);
  res.end();
}
