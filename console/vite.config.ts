import { defineConfig } from 'vite';

const here = (relative: string): string => decodeURIComponent(new URL(relative, import.meta.url).pathname);

/**
 * `npm run build:console`: the web console into dist/console, which `squall start` serves at `/`.
 * Preact (10 KB) keeps the first load far under the 250 KB gzipped budget; Vite bundles it.
 */
export default defineConfig({
  root: here('.'),
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: here('../dist/console'),
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
  },
  server: { proxy: { '/api': 'http://127.0.0.1:9101' } },
});
