import { defineConfig } from 'vitest/config';

// `npm run test:python`: the slow Python suites (real virtualenvs, pip, whole Exchange-style packs),
// kept out of `npm test` so the unit suite stays fast. CI runs both.
export default defineConfig({
  test: {
    include: ['test/python/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results-python.json' },
  },
});
