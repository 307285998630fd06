import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Slow suites (crash rounds, Python virtualenvs, package installs, clusters) run as
    // `npm run test:slow` (vitest.slow.config.ts); cluster suites as `npm run test:cluster`.
    exclude: [
      'test/**/*.slow.test.ts',
      'test/cluster/**/*.redis.test.ts',
      'test/python/**',
      'test/**/*.browser.test.ts',
      'node_modules/**',
    ],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results.json' },
  },
});
