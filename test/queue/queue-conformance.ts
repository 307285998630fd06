import { afterEach, describe, expect, it } from 'vitest';

import type { ExecutionJob, ExecutionQueue } from '../../src/queue/queue.js';

export interface QueueTarget {
  /** A fresh, empty queue (its own namespace for server-backed drivers). */
  create(): Promise<ExecutionQueue>;
}

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

const job = (n: number): ExecutionJob => ({ executionId: `exec-${n}` });

/** Resolves once `predicate` holds, polling the event loop; fails the test after `ms`. */
async function eventually(predicate: () => boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > until) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The behaviour every ExecutionQueue driver must have; each driver's test file calls this once. */
export function testQueueDriver(name: string, target: QueueTarget): void {
  describe(`queue driver ${name}`, () => {
    const open: ExecutionQueue[] = [];
    const create = async (): Promise<ExecutionQueue> => {
      const queue = await target.create();
      open.push(queue);
      return queue;
    };
    afterEach(async () => {
      for (const queue of open.splice(0)) await queue.close();
    });

    it('delivers every job exactly once, in order, to a consumer of concurrency 1', async () => {
      const queue = await create();
      const seen: string[] = [];
      queue.consume(async (received) => void seen.push(received.executionId), { concurrency: 1 });
      for (let n = 0; n < 50; n++) await queue.enqueue(job(n));
      await eventually(() => seen.length === 50);
      await queue.drain();
      expect(seen).toEqual(Array.from({ length: 50 }, (_, n) => `exec-${n}`));
    });

    it('keeps jobs enqueued before anyone consumes and delivers them when a consumer starts', async () => {
      const queue = await create();
      for (let n = 0; n < 3; n++) await queue.enqueue(job(n));
      const seen: string[] = [];
      queue.consume(async (received) => void seen.push(received.executionId), { concurrency: 1 });
      await eventually(() => seen.length === 3);
      expect(seen).toEqual(['exec-0', 'exec-1', 'exec-2']);
    });

    it('never runs more handlers at once than the consumer concurrency', async () => {
      const queue = await create();
      const gates = Array.from({ length: 6 }, deferred);
      let running = 0;
      let peak = 0;
      let started = 0;
      queue.consume(
        async (received) => {
          const index = Number(received.executionId.slice('exec-'.length));
          running++;
          started++;
          peak = Math.max(peak, running);
          await gates[index]!.promise;
          running--;
        },
        { concurrency: 2 },
      );
      for (let n = 0; n < 6; n++) await queue.enqueue(job(n));
      await eventually(() => started === 2);
      expect(running).toBe(2);
      for (const gate of gates) gate.resolve();
      await eventually(() => started === 6);
      await queue.drain();
      expect(peak).toBe(2);
    });

    it('drain resolves only once nothing is queued or running', async () => {
      const queue = await create();
      const gate = deferred();
      let finished = false;
      queue.consume(
        async () => {
          await gate.promise;
          finished = true;
        },
        { concurrency: 1 },
      );
      await queue.enqueue(job(1));
      let drained = false;
      const draining = queue.drain().then(() => (drained = true));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(drained).toBe(false);
      gate.resolve();
      await draining;
      expect(finished).toBe(true);
    });

    it('a handler that rejects does not stop the queue', async () => {
      const queue = await create();
      const seen: string[] = [];
      queue.consume(
        async (received) => {
          seen.push(received.executionId);
          if (received.executionId === 'exec-0') throw new Error('handler failed');
        },
        { concurrency: 1 },
      );
      await queue.enqueue(job(0));
      await queue.enqueue(job(1));
      await eventually(() => seen.length === 2);
      expect(seen).toEqual(['exec-0', 'exec-1']);
    });

    it('after the consumer stops, later jobs wait for the next consumer', async () => {
      const queue = await create();
      const first: string[] = [];
      const stop = queue.consume(async (received) => void first.push(received.executionId), {
        concurrency: 1,
      });
      await queue.enqueue(job(0));
      await eventually(() => first.length === 1);
      stop();
      await queue.enqueue(job(1));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(first).toEqual(['exec-0']);
      const second: string[] = [];
      queue.consume(async (received) => void second.push(received.executionId), { concurrency: 1 });
      await eventually(() => second.length === 1);
      expect(second).toEqual(['exec-1']);
    });

    it('close waits for running handlers and then refuses new jobs', async () => {
      const queue = await target.create();
      const gate = deferred();
      let started = false;
      let finished = false;
      queue.consume(
        async () => {
          started = true;
          await gate.promise;
          finished = true;
        },
        { concurrency: 1 },
      );
      await queue.enqueue(job(1));
      await eventually(() => started);
      const closing = queue.close();
      gate.resolve();
      await closing;
      expect(finished).toBe(true);
      await expect(queue.enqueue(job(2))).rejects.toThrow();
    });
  });
}
