import { randomBytes } from 'node:crypto';

import { Redis } from 'ioredis';

export const REDIS_URL = process.env['SQUALL_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** Why Redis cannot be used here, or undefined when it answers. */
export async function redisUnreachable(url: string = REDIS_URL): Promise<string | undefined> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return undefined;
  } catch (error) {
    return String(error);
  } finally {
    client.disconnect();
  }
}

/** A key prefix no other test (or agent) on this Redis uses. */
export function uniqueRedisPrefix(label: string): string {
  return `squall-test-${label}-${randomBytes(5).toString('hex')}`;
}

/** Deletes every key under the prefix. */
export async function deleteRedisPrefix(prefix: string, url: string = REDIS_URL): Promise<void> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  client.on('error', () => undefined);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await client.del(...keys);
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}
