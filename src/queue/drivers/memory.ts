import type { ConsumeOptions, ExecutionJob, JobHandler, WorkQueue } from '../queue.js';

export interface MemoryQueueOptions<Job> {
  /** Called when a handler rejects; the job is not retried (the executor records failures itself). */
  onHandlerError?: (error: unknown, job: Job) => void;
}

interface Queued<Job> {
  job: Job;
  at: number;
}

/**
 * The single-process queue. Not durable by itself: executions are stored as `requested` before they
 * are enqueued, and the engine re-enqueues unfinished ones at start.
 */
export function createMemoryQueue<Job = ExecutionJob>(options: MemoryQueueOptions<Job> = {}): WorkQueue<Job> {
  // A FIFO with a moving head: Array#shift is O(n) and a backlog of 100,000 jobs made it quadratic.
  let pending: Queued<Job>[] = [];
  let head = 0;
  const queued = (): number => pending.length - head;
  const take = (): Job => {
    const { job } = pending[head++]!;
    if (head > 1024 && head * 2 > pending.length) {
      pending = pending.slice(head);
      head = 0;
    }
    return job;
  };
  let handler: JobHandler<Job> | undefined;
  let concurrency = 8;
  let running = 0;
  let closed = false;
  let idleWaiters: (() => void)[] = [];

  const notifyIdle = (): void => {
    if (queued() > 0 || running > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };

  const pump = (): void => {
    while (handler && !closed && running < concurrency && queued() > 0) {
      const job = take();
      running++;
      const current = handler;
      void Promise.resolve()
        .then(() => current(job))
        .catch((error: unknown) => options.onHandlerError?.(error, job))
        .finally(() => {
          running--;
          pump();
          notifyIdle();
        });
    }
  };

  return {
    driver: 'memory',
    capabilities: { durable: false },
    async enqueue(job) {
      if (closed) throw new Error('queue memory: closed, cannot enqueue');
      pending.push({ job, at: Date.now() });
      pump();
    },
    consume(next: JobHandler<Job>, consumeOptions: ConsumeOptions = {}) {
      handler = next;
      concurrency = consumeOptions.concurrency ?? 8;
      pump();
      return () => {
        if (handler === next) handler = undefined;
      };
    },
    depth() {
      const oldest = pending[head];
      return Promise.resolve({
        waiting: queued(),
        active: running,
        delayed: 0,
        failed: 0,
        lagMs: oldest ? Date.now() - oldest.at : 0,
      });
    },
    drain() {
      if (queued() === 0 && running === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
    /** Stops taking jobs, drops queued ones (they stay `requested` in the store) and waits for running ones. */
    async close() {
      closed = true;
      handler = undefined;
      pending = [];
      head = 0;
      if (running > 0) await new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
  };
}
