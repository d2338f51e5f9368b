/**
 * The renderer build's own steps (vite.renderer.config.ts): fonts as woff2 only, and a brotli and a
 * gzip copy written beside each text file for the web shell to send.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Plugin } from 'vite';
import { describe, expect, it } from 'vitest';
import { blueprintIconNames, iconCodepointRange, iconFontsForIconsOnly, precompress, precomputedIconNames, woff2FontsOnly } from '../../vite.renderer.config';
import { tempDir } from '../support/temp-dir';

const ICONS_CSS = path.resolve(__dirname, '../../node_modules/@blueprintjs/icons/lib/css/blueprint-icons.css');

/** Calls a plugin hook as Vite would (these hooks use no plugin context). */
function hook(plugin: Plugin, name: 'transform' | 'writeBundle'): (...args: unknown[]) => unknown {
  const value = plugin[name] as unknown;
  const handler = typeof value === 'function' ? value : (value as { handler: unknown }).handler;
  return (...args) => (handler as (...a: unknown[]) => unknown).call({}, ...args);
}

describe('woff2FontsOnly', () => {
  const transform = hook(woff2FontsOnly(), 'transform');

  it("keeps only the woff2 source of Blueprint's icon fonts, which list a .ttf first", () => {
    const css = fs.readFileSync(ICONS_CSS, 'utf8');
    expect(css).toMatch(/src:\s*url\("[^"]+\.ttf/);
    const out = (transform(css, ICONS_CSS) as { code: string }).code;
    const fontFaces = out.match(/@font-face\s*\{[^}]*\}/g) ?? [];
    expect(fontFaces).toHaveLength(2);
    for (const block of fontFaces) {
      const urls = block.match(/url\([^)]*\)/g) ?? [];
      expect(urls).toHaveLength(1);
      expect(urls[0]).toMatch(/\.woff2\?/);
      expect(block).toContain('format("woff2")');
    }
    expect(out).not.toMatch(/\.(ttf|eot|woff|svg)\?/);
  });

  it('leaves a font without a woff2 source, other CSS and other files as they are', () => {
    const ttfOnly = '@font-face{font-family:x;src:url(./x.ttf) format("truetype")}';
    expect((transform(ttfOnly, '/app/x.css') as { code: string }).code).toBe(ttfOnly);
    expect(transform('.a{color:red}', '/app/a.css')).toBeNull();
    expect(transform('const face = "@font-face";', '/app/a.js')).toBeNull();
  });
});

describe('iconFontsForIconsOnly', () => {
  it("limits Blueprint's icon fonts to the icons' code points, so text never waits for them", async () => {
    const range = await iconCodepointRange();
    expect(range).toMatch(/^U\+F[0-9A-F]{3}-F[0-9A-F]{3}$/);
    const transform = hook(iconFontsForIconsOnly(range), 'transform');
    const css = fs.readFileSync(ICONS_CSS, 'utf8');
    const out = (transform(css, ICONS_CSS) as { code: string }).code;
    const fontFaces = out.match(/@font-face\s*\{[^}]*\}/g) ?? [];
    expect(fontFaces).toHaveLength(2);
    for (const block of fontFaces) expect(block).toContain(`unicode-range:${range}`);
    // Everything else as it was.
    const rest = (text: string) => text.replace(/@font-face\s*\{[^}]*\}/g, '');
    expect(rest(out)).toBe(rest(css));
  });

  it('leaves other fonts, other CSS and other files as they are', () => {
    const transform = hook(iconFontsForIconsOnly('U+F101-F3C2'), 'transform');
    expect(transform('@font-face{font-family:x;src:url(./x.woff2) format("woff2")}', '/app/x.css')).toBeNull();
    expect(transform('.a{color:red}', '/app/a.css')).toBeNull();
    expect(transform('const f = "@font-face{font-family:blueprint-icons-16}";', '/app/a.js')).toBeNull();
  });
});

describe('precomputedIconNames', () => {
  const ICON_NAMES_MODULE = path.resolve(__dirname, '../../node_modules/@blueprintjs/icons/lib/esm/iconNames.js');

  it("writes Blueprint's icon names out, the same table in the same order, with no case conversion left to run", async () => {
    const names = await blueprintIconNames();
    const source = fs.readFileSync(ICON_NAMES_MODULE, 'utf8');
    expect(source).toContain('change-case');
    const out = (hook(precomputedIconNames(names), 'transform')(source, ICON_NAMES_MODULE) as { code: string }).code;
    expect(out).not.toMatch(/^\s*import\s|\b(pascal|snake)Case\(/m);
    // The module's exports, evaluated as the page would.
    const module = (await import(`data:text/javascript,${encodeURIComponent(out)}`)) as { IconNames: Record<string, string>; IconNamesSet: Set<string> };
    // By name: the package's types bring React's (and its DOM stand-ins) into the Node-side type check.
    const ICONS = '@blueprintjs/icons';
    const { IconNames } = (await import(ICONS)) as { IconNames: Record<string, string> };
    expect(Object.entries(module.IconNames)).toEqual(Object.entries(IconNames));
    expect([...module.IconNamesSet]).toEqual([...new Set(Object.values(IconNames))]);
    expect(module.IconNames.CARET_DOWN).toBe('caret-down');
    expect(module.IconNames.CaretDown).toBe('caret-down');
  });

  it('leaves every other module as it is', () => {
    const transform = hook(precomputedIconNames({ Add: 'add' }), 'transform');
    expect(transform('export const x = 1;', '/x/node_modules/@blueprintjs/icons/lib/esm/iconLoader.js')).toBeNull();
    expect(transform('export const x = 1;', '/x/renderer/iconNames.js')).toBeNull();
  });
});

describe('precompress', () => {
  it('writes a .br and a .gz copy beside each text file worth it, and nothing else', async () => {
    const dir = tempDir('audit-trail-precompress-');
    const text = 'export const a = 1;\n'.repeat(500);
    const files: Record<string, string | Buffer> = {
      'assets/index-abc.js': text,
      'assets/index-abc.css': `.a{color:red}\n`.repeat(300),
      'index.html': `<!doctype html>${'<p>app</p>'.repeat(200)}`,
      'assets/index-abc.js.map': text,
      'assets/icons-abc.woff2': Buffer.alloc(4096, 7),
      'assets/tiny-abc.js': 'export {};',
    };
    fs.mkdirSync(path.join(dir, 'assets'));
    for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);

    await hook(precompress(), 'writeBundle')({ dir }, Object.fromEntries(Object.keys(files).map((name) => [name, { fileName: name }])));

    for (const name of ['assets/index-abc.js', 'assets/index-abc.css', 'index.html']) {
      const original = fs.readFileSync(path.join(dir, name));
      const br = fs.readFileSync(path.join(dir, `${name}.br`));
      const gz = fs.readFileSync(path.join(dir, `${name}.gz`));
      expect(br.length, name).toBeLessThan(original.length);
      expect(zlib.brotliDecompressSync(br).equals(original), name).toBe(true);
      expect(zlib.gunzipSync(gz).equals(original), name).toBe(true);
    }
    for (const name of ['assets/index-abc.js.map', 'assets/icons-abc.woff2', 'assets/tiny-abc.js']) {
      expect(fs.existsSync(path.join(dir, `${name}.br`)), name).toBe(false);
      expect(fs.existsSync(path.join(dir, `${name}.gz`)), name).toBe(false);
    }
    // Written under temporary names and renamed: none is left behind.
    const all = fs.readdirSync(dir, { recursive: true }).map(String);
    expect(all.filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
