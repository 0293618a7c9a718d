// Builds the renderer (DESIGN.md §1): one static page served from the app's custom protocol in Electron
// and from / by the browser host, hence base './'.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const fromHere = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: fromHere('./renderer'),
  base: './',
  plugins: [react()],
  publicDir: false,
  build: {
    outDir: fromHere('./dist/renderer'),
    emptyOutDir: true,
    target: 'chrome130',
    // No maps in the shipped app: a map with sourcesContent would ship the whole source tree.
    sourcemap: false,
    // Fonts and icons are emitted as files: the page CSP then needs no data: for its own assets.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1500,
  },
});
