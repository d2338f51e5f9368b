/**
 * The renderer's Content Security Policy, the same in every shell: the web shell sends it as a
 * header, the desktop shell adds it to every response, and `renderer/index.html` repeats it in a
 * meta tag for pages loaded from disk (a test keeps the three in step).
 *
 * Only the app's own files. Blueprint sets inline `style` attributes, so styles alone may be
 * inline; no inline or evaluated script, no plugins, no frames, nothing posted anywhere.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
