import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';

import { afterAll, expect, it } from 'vitest';

import { createBullmqQueue } from '../../src/queue/drivers/bullmq.js';
import type { ExecutionJob } from '../../src/queue/queue.js';
import {
  deleteRedisPrefix,
  REDIS_URL,
  redisUnreachable,
  uniqueRedisPrefix,
} from '../support/redis-target.js';
import { testQueueDriver } from './queue-conformance.js';

const unreachable = await redisUnreachable();
const prefixes: string[] = [];

if (unreachable && process.env['CI'] === 'true') {
  it('reaches Redis', () => {
    throw new Error(`Redis at ${REDIS_URL} is required under CI=true but unreachable: ${unreachable}`);
  });
} else if (unreachable) {
  console.warn(`bullmq queue tests skipped: no Redis at ${REDIS_URL} (${unreachable})`);
  it.skip(`bullmq queue (no Redis at ${REDIS_URL})`, () => undefined);
} else {
  afterAll(async () => {
    for (const prefix of prefixes) await deleteRedisPrefix(prefix);
  });
  const open = (lockMs?: number) => {
    const prefix = uniqueRedisPrefix('queue');
    prefixes.push(prefix);
    return createBullmqQueue<ExecutionJob>({
      url: REDIS_URL,
      prefix,
      name: 'executions',
      jobId: (job) => job.executionId,
      ...(lockMs ? { lockMs } : {}),
    });
  };

  testQueueDriver('bullmq', { create: async () => open() });

  it('queues a job once while one with the same id is waiting', async () => {
    const queue = open();
    try {
      await queue.enqueue({ executionId: 'exec-same' });
      await queue.enqueue({ executionId: 'exec-same' });
      expect((await queue.depth()).waiting).toBe(1);
      const seen: string[] = [];
      queue.consume(async (job) => void seen.push(job.executionId), { concurrency: 1 });
      await queue.drain();
      expect(seen).toEqual(['exec-same']);
    } finally {
      await queue.close();
    }
  });

  it('reports waiting jobs and how long the oldest has waited', async () => {
    const queue = open();
    try {
      await queue.enqueue({ executionId: 'exec-a' });
      await queue.enqueue({ executionId: 'exec-b' });
      await new Promise((resolve) => setTimeout(resolve, 30));
      const depth = await queue.depth();
      expect(depth).toMatchObject({ waiting: 2, active: 0 });
      expect(depth.lagMs).toBeGreaterThanOrEqual(20);
    } finally {
      await queue.close();
    }
  });

  it('hands the job of a consumer killed mid-job to another consumer, marked redelivered', async () => {
    const queue = open(1000);
    const prefix = prefixes.at(-1)!;
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(import.meta.dirname, '../support/bullmq-consumer-child.ts'),
        REDIS_URL,
        prefix,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      let output = '';
      const took = new Promise<void>((resolve) =>
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('TOOK exec-held')) resolve();
        }),
      );
      await queue.enqueue({ executionId: 'exec-held' });
      await took;
      child.kill('SIGKILL');
      await once(child, 'exit');
      const deliveries: { id: string; redelivered: boolean }[] = [];
      queue.consume(async (job, delivery) => {
        deliveries.push({ id: job.executionId, redelivered: delivery?.redelivered ?? false });
      });
      await expect.poll(() => deliveries, { timeout: 20_000, interval: 50 }).toHaveLength(1);
      expect(deliveries).toEqual([{ id: 'exec-held', redelivered: true }]);
    } finally {
      child.kill('SIGKILL');
      await queue.close();
    }
  });
}
