// Builds the renderer (renderer/) into dist/renderer, the folder both shells load: the web shell serves it over
// HTTP and the desktop shell loads it from disk, so asset paths are relative ('./').
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // Source maps stay beside the bundle for support, but are never inlined into it.
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
  },
});
