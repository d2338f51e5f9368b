import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy';

const directives = (policy: string) => policy.split(';').map((d) => d.trim()).filter(Boolean);

describe('the Content Security Policy', () => {
  it('allows only the app’s own scripts', () => {
    expect(directives(CONTENT_SECURITY_POLICY)).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|\*/);
  });

  it('is repeated in the renderer page for pages loaded from disk, as far as a meta tag can carry it', () => {
    const html = fs.readFileSync(path.resolve(__dirname, '../../renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBeDefined();
    // Browsers ignore frame-ancestors in a meta tag; the shells' headers carry it.
    expect(directives(meta!)).toEqual(directives(CONTENT_SECURITY_POLICY).filter((d) => !d.startsWith('frame-ancestors')));
  });
});
