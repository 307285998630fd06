import { defineConfig } from 'vitest/config';

/** `npm run test:slow`: suites too slow for the unit run (each file says why). */
export default defineConfig({
  test: {
    include: ['test/**/*.slow.test.ts', 'test/python/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results-slow.json' },
  },
});
