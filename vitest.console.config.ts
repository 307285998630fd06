import { defineConfig } from 'vitest/config';

/**
 * `npm run test:console`: the web console in a real browser (Debian's chromium through
 * playwright-core) against a real engine. Needs `npm run build` first (dist/console).
 */
export default defineConfig({
  test: {
    include: ['test/console/**/*.browser.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results-console.json' },
  },
});
