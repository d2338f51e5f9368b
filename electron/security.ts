/**
 * The shell's security defaults (Electron's security checklist, applied in code that takes the
 * Electron objects as parameters so it can be tested without Electron).
 */
import type { OnHeadersReceivedListenerDetails, HeadersReceivedResponse, Session, WebContents } from 'electron';
import { isAppPageUrl } from './app-url';
import { CONTENT_SECURITY_POLICY } from '../shared/content-security-policy';


export const CSP_HEADER = 'Content-Security-Policy';

/** The parts of a session the defaults touch. */
export type SecurableSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'> & {
  webRequest: Pick<Session['webRequest'], 'onHeadersReceived'>;
};

/** The parts of a webContents the defaults touch. */
export type SecurableWebContents = Pick<WebContents, 'setWindowOpenHandler' | 'on'>;

/** The response headers with the app's policy added; other headers (and any stricter policy) stay. */
export function withContentSecurityPolicy(
  headers: Record<string, string[]> | undefined,
): Record<string, string[]> {
  const result: Record<string, string[]> = { ...headers };
  // Several policies are all enforced, so keeping one the response already has can only narrow.
  result[CSP_HEADER] = [...(result[CSP_HEADER] ?? []), CONTENT_SECURITY_POLICY];
  return result;
}

/**
 * Denies every permission (camera, notifications, clipboard, geolocation...: a log browser needs
 * none) and adds the policy to every response.
 */
export function applySessionSecurity(session: SecurableSession): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived(
    (details: OnHeadersReceivedListenerDetails, callback: (response: HeadersReceivedResponse) => void) => {
      callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders) });
    },
  );
}

/**
 * Keeps a window on the app's own page: no new windows, no navigating or being redirected
 * anywhere else, no `<webview>`.
 */
export function applyWindowSecurity(webContents: SecurableWebContents, allowedUrl: string): void {
  webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  webContents.on('will-navigate', (event) => {
    if (!isAppPageUrl(event.url, allowedUrl)) event.preventDefault();
  });
  webContents.on('will-redirect', (event) => {
    if (!isAppPageUrl(event.url, allowedUrl)) event.preventDefault();
  });
  webContents.on('will-attach-webview', (event) => event.preventDefault());
}
