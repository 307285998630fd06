import { defineConfig } from 'vitest/config';

/**
 * `npm run test:cluster`: several engines (in this process or as `squall start` processes) on one
 * PostgreSQL schema and Redis prefix (docs/scaling.md). One file at a time: each spends cores.
 */
export default defineConfig({
  test: {
    include: ['test/cluster/**/*.redis.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results-cluster.json' },
  },
});
