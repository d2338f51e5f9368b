/** Whether a URL is the app's own page: the one document the shell loads and trusts. */

/**
 * True when `url` names the same document as `appPageUrl`: same scheme, host and path. The query
 * and fragment are ignored (the renderer may keep its place in the fragment); anything that does
 * not parse is not the app.
 */
export function isAppPageUrl(url: string | null | undefined, appPageUrl: string): boolean {
  if (!url) return false;
  let target: URL;
  let app: URL;
  try {
    target = new URL(url);
    app = new URL(appPageUrl);
  } catch {
    return false;
  }
  // File URLs have an opaque origin ("null"), so compare what makes one: scheme and host.
  return target.protocol === app.protocol && target.host === app.host && target.pathname === app.pathname;
}
