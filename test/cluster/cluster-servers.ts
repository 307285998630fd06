import { it } from 'vitest';

import { postgresUnreachable, POSTGRES_URL } from '../support/postgres-target.js';
import { redisUnreachable, REDIS_URL } from '../support/redis-target.js';

/**
 * Declares the suite only when Redis and PostgreSQL answer; under CI=true a missing server fails
 * the file instead of skipping it.
 */
export async function withClusterServers(name: string, declare: () => void): Promise<void> {
  const problems = [
    ...[await redisUnreachable()].filter(Boolean).map((problem) => `Redis at ${REDIS_URL}: ${problem}`),
    ...[await postgresUnreachable()]
      .filter(Boolean)
      .map((problem) => `PostgreSQL at ${POSTGRES_URL}: ${problem}`),
  ];
  if (problems.length === 0) return declare();
  if (process.env['CI'] === 'true') {
    it(`reaches Redis and PostgreSQL for ${name}`, () => {
      throw new Error(`required under CI=true: ${problems.join('; ')}`);
    });
    return;
  }
  console.warn(`${name} skipped: ${problems.join('; ')}`);
  it.skip(`${name} (needs Redis and PostgreSQL)`, () => undefined);
}
