// Builds the renderer (renderer/) into dist/renderer, the folder both shells load: the web shell serves it over
// HTTP and the desktop shell loads it from disk, so asset paths are relative ('./').
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * Keeps only the woff2 source of each `@font-face` that has one. Every browser the app runs in
 * (Chromium, Electron's Chromium) reads woff2, the smallest; Blueprint's icon fonts list a .ttf
 * first, so the browser fetched that (about three times the bytes), and the build emitted five
 * formats of each font of which one is used.
 */
export function woff2FontsOnly(): Plugin {
  return {
    name: 'audit-trail:woff2-fonts-only',
    enforce: 'pre',
    transform(code, id) {
      if (!/\.css(\?|$)/.test(id) || !code.includes('@font-face')) return null;
      const rewritten = code.replace(/@font-face\s*\{[^}]*\}/g, (block) =>
        block.replace(/src\s*:([^;}]*)/g, (declaration, value: string) => {
          const sources = value.split(/,(?=\s*(?:url|local)\()/);
          const woff2 = sources.filter((source) => /format\(\s*["']?woff2["']?\s*\)/.test(source));
          return woff2.length > 0 ? `src:${woff2.join(',')}` : declaration;
        }),
      );
      return { code: rewritten, map: null };
    },
  };
}

const ICONS_PACKAGE = '@blueprintjs/icons';

/**
 * The characters Blueprint's icon fonts draw: the icons' code points (private-use characters,
 * U+F101–U+F3C2 in icons 6.14), as a CSS `unicode-range`.
 */
export async function iconCodepointRange(): Promise<string> {
  // By name: the package's types bring React's into the Node-side type check.
  const { IconCodepoints } = (await import(ICONS_PACKAGE)) as { IconCodepoints: Record<string, string | number> };
  const points = Object.values(IconCodepoints).map(Number);
  const hex = (n: number) => n.toString(16).toUpperCase();
  return `U+${hex(Math.min(...points))}-${hex(Math.max(...points))}`;
}

/**
 * Says which characters Blueprint's icon fonts are for (`unicode-range`). Blueprint puts
 * `blueprint-icons-16` in the page's own font list, after fonts most Linux machines lack and before
 * `sans-serif`, so the browser downloaded both icon fonts (100 KiB) for the first text it drew, and
 * held that text invisible until they came; with the range it asks for them only for an icon's
 * code point (an icon drawn by CSS), and draws text at once in the system's font, as it did once
 * the fonts had come (they hold no letters).
 */
export function iconFontsForIconsOnly(range: string): Plugin {
  return {
    name: 'audit-trail:icon-fonts-for-icons-only',
    enforce: 'pre',
    transform(code, id) {
      if (!/\.css(\?|$)/.test(id) || !code.includes('@font-face')) return null;
      const rewritten = code.replace(/@font-face\s*\{[^}]*\}/g, (block) =>
        /font-family\s*:\s*["']?blueprint-icons-/.test(block) && !/unicode-range/.test(block)
          ? block.replace(/;?\s*\}$/, `;unicode-range:${range}}`)
          : block,
      );
      return rewritten === code ? null : { code: rewritten, map: null };
    },
  };
}

/**
 * Blueprint's table of icon names (`IconNames`), as its module would build it, for the script.
 * Read from the package in Node as the config loads.
 */
export async function blueprintIconNames(): Promise<Record<string, string>> {
  const { IconNames } = (await import(ICONS_PACKAGE)) as { IconNames: Record<string, string> };
  return { ...IconNames };
}

/**
 * Blueprint's `IconNames` written out, in place of the module that builds it as the page's script
 * starts: for each of some 600 icons it ran two Unicode-aware case conversions (change-case),
 * whose patterns were compiled and run before anything could render (20-40 ms of the first
 * paint's script on a slow machine, profiled). The same table, in the same order, as JSON, which
 * the engine reads fastest.
 */
export function precomputedIconNames(names: Record<string, string>): Plugin {
  return {
    name: 'audit-trail:precomputed-icon-names',
    enforce: 'pre',
    transform(_code, id) {
      if (!/[\\/]@blueprintjs[\\/]icons[\\/]lib[\\/]esm[\\/]iconNames\.js$/.test(id.split('?')[0]!)) return null;
      const code = [
        `export const IconNames = JSON.parse(${JSON.stringify(JSON.stringify(names))});`,
        'export const IconNamesSet = new Set(Object.values(IconNames));',
      ].join('\n');
      return { code, map: null };
    },
  };
}

/** Files worth compressing: text. (Fonts as woff2 and images are compressed already.) */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt)$/;
/** Below this, compression saves less than the extra header costs. */
const MIN_COMPRESS_BYTES = 1024;

/**
 * Writes a brotli (.br, best quality) and a gzip (.gz) copy beside each emitted text file, which the
 * web shell sends to a browser that accepts them (server/static-files.ts), so nothing is compressed
 * while serving. A copy that would not be smaller is not written. Each copy is written to a
 * temporary name and renamed, so an interrupted build never leaves a truncated one to be served.
 */
export function precompress(): Plugin {
  const write = async (file: string, data: Buffer) => {
    const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    await fs.writeFile(temporary, data);
    await fs.rename(temporary, file);
  };
  return {
    name: 'audit-trail:precompress',
    apply: 'build',
    async writeBundle(options, bundle) {
      const dir = options.dir ?? path.dirname(options.file ?? '');
      const files = Object.keys(bundle).filter((name) => COMPRESSIBLE.test(name));
      await Promise.all(
        files.map(async (name) => {
          const file = path.join(dir, name);
          const data = await fs.readFile(file);
          if (data.length < MIN_COMPRESS_BYTES) return;
          const [br, gz] = await Promise.all([
            brotli(data, {
              params: {
                [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
                [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
                [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
              },
            }),
            gzip(data, { level: zlib.constants.Z_BEST_COMPRESSION }),
          ]);
          if (br.length < data.length) await write(`${file}.br`, br);
          if (gz.length < data.length) await write(`${file}.gz`, gz);
        }),
      );
    },
  };
}

/** The icon fonts' characters, worked out once as the config loads. */
const ICON_CODEPOINTS = await iconCodepointRange();
/** Blueprint's icon names, worked out once as the config loads. */
const ICON_NAMES = await blueprintIconNames();

export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [react(), woff2FontsOnly(), iconFontsForIconsOnly(ICON_CODEPOINTS), precomputedIconNames(ICON_NAMES), precompress()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // Source maps stay beside the bundle for support, but are never inlined into it.
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // Everything the entry reaches through static imports (what the first paint runs) in
          // one chunk: left to itself the bundler split it by which lazy chunks share each module,
          // into a dozen files that arrived in rounds of six (HTTP/1.1's connections per server).
          // The lazy chunks (dialogs, date inputs, charts, icon paths) stay their own.
          groups: [{ name: 'first-paint', tags: ['$initial'] }],
        },
      },
    },
  },
});
