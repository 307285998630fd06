import { Queue, Worker, type Job, type JobsOptions } from 'bullmq';

import { BackendError, errorMessage } from '../../common/errors.js';
import type { ConsumeOptions, JobHandler, QueueDepth, WorkQueue } from '../queue.js';

export interface BullmqQueueOptions<Job> {
  /** `redis://host:6379/0` */
  url: string;
  /** Prefix of every Redis key, so that several clusters (or tests) share one Redis. */
  prefix: string;
  /** The queue's name under the prefix (`executions`, `trigger-instances`). */
  name: string;
  /**
   * The BullMQ job id of a job: a job whose id is already queued or running is not added again,
   * so enqueueing the same work twice (recovery after a restart, say) queues it once.
   */
  jobId: (job: Job) => string;
  /**
   * Milliseconds a consumer's lock on a job lasts without renewal. A consumer that dies loses its
   * jobs after this, and BullMQ's stalled-job check hands them to another consumer.
   * @default 30000
   */
  lockMs?: number;
  /** A handler rejected: the job is retried up to `attempts` times with a backoff. */
  onHandlerError?: (error: unknown, job: Job) => void;
  /** Redis connection errors; ioredis reconnects by itself. */
  onConnectionError?: (error: unknown) => void;
  /** Times a job is tried when its handler rejects. @default 3 */
  attempts?: number;
}

/** Adds waiting in the same tick go to Redis as one `addBulk`: one round trip for a burst. */
const MAX_BULK = 500;
const DRAIN_POLL_MS = 25;

/**
 * A WorkQueue on BullMQ (Redis): durable, shared by every process with the same Redis and prefix.
 * A consumer that dies mid-job leaves the job locked until `lockMs` passes; the stalled-job check
 * then moves it back to waiting and the next consumer gets it with `redelivered: true`.
 */
export function createBullmqQueue<Data>(options: BullmqQueueOptions<Data>): WorkQueue<Data> {
  const connection = { url: options.url, maxRetriesPerRequest: null };
  const lockDuration = options.lockMs ?? 30_000;
  const reportConnection = (error: unknown): void => options.onConnectionError?.(error);
  // Untyped: BullMQ infers job names from the data type, and every job here has the queue's name.
  const queue = new Queue(options.name, { connection, prefix: options.prefix });
  queue.on('error', reportConnection);
  const defaults: JobsOptions = {
    attempts: options.attempts ?? 3,
    backoff: { type: 'exponential', delay: 500 },
    removeOnComplete: true,
    removeOnFail: { age: 86_400, count: 1000 },
  };
  const workers = new Set<Worker<Data>>();
  const stopping = new Set<Promise<void>>();
  const adds: { job: Data; resolve(): void; reject(error: unknown): void }[] = [];
  let adding: Promise<void> = Promise.resolve();
  let scheduled = false;
  let closed = false;

  const flushAdds = (): Promise<void> => {
    scheduled = false;
    const batch = adds.splice(0, adds.length);
    if (batch.length === 0) return adding;
    adding = adding.then(async () => {
      for (let start = 0; start < batch.length; start += MAX_BULK) {
        const part = batch.slice(start, start + MAX_BULK);
        try {
          await queue.addBulk(
            part.map(({ job }) => ({
              name: options.name,
              data: job,
              opts: { ...defaults, jobId: options.jobId(job) },
            })),
          );
          for (const add of part) add.resolve();
        } catch (error) {
          const failure = new BackendError(
            `queue bullmq ${options.name}: enqueue failed: ${errorMessage(error)}`,
            {
              code: 'E_QUEUE',
              cause: error,
            },
          );
          for (const add of part) add.reject(failure);
        }
      }
    });
    return adding;
  };

  // flushAdds settles each add's own promise; this only keeps a rejection from going unhandled.
  const sendAdds = (): void => {
    flushAdds().catch(reportConnection);
  };

  const process = (handler: JobHandler<Data>) => async (job: Job<Data>) => {
    const redelivered = job.stalledCounter > 0 || job.attemptsStarted > 1;
    try {
      await handler(job.data, { redelivered });
    } catch (error) {
      options.onHandlerError?.(error, job.data);
      throw error;
    }
  };

  const counts = async (): Promise<Record<string, number>> =>
    queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed');

  return {
    driver: 'bullmq',
    capabilities: { durable: true },
    enqueue(job) {
      if (closed)
        return Promise.reject(
          new BackendError(`queue bullmq ${options.name}: closed, cannot enqueue`, {
            code: 'E_QUEUE_CLOSED',
          }),
        );
      return new Promise<void>((resolve, reject) => {
        adds.push({ job, resolve, reject });
        if (adds.length >= MAX_BULK) sendAdds();
        else if (!scheduled) {
          scheduled = true;
          setImmediate(sendAdds);
        }
      });
    },
    consume(handler: JobHandler<Data>, consumeOptions: ConsumeOptions = {}) {
      const worker = new Worker<Data>(options.name, process(handler), {
        connection,
        prefix: options.prefix,
        concurrency: consumeOptions.concurrency ?? 8,
        lockDuration,
        stalledInterval: Math.max(1000, Math.floor(lockDuration / 2)),
        // A job whose consumer died twice is failed rather than handed out again and again.
        maxStalledCount: 2,
      });
      worker.on('error', reportConnection);
      workers.add(worker);
      return () => {
        if (!workers.delete(worker)) return;
        const done = worker.close().catch(reportConnection);
        stopping.add(done);
        done.then(() => stopping.delete(done), reportConnection);
      };
    },
    async drain() {
      await flushAdds();
      for (;;) {
        const current = await counts();
        const busy = Object.entries(current).some(([state, count]) => state !== 'failed' && count > 0);
        if (!busy) return;
        await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
      }
    },
    async depth(): Promise<QueueDepth> {
      await flushAdds();
      const current = await counts();
      const [oldest] = await queue.getJobs(['wait'], 0, 0, true);
      return {
        waiting: (current['waiting'] ?? 0) + (current['prioritized'] ?? 0),
        active: current['active'] ?? 0,
        delayed: current['delayed'] ?? 0,
        failed: current['failed'] ?? 0,
        lagMs: oldest ? Math.max(0, Date.now() - oldest.timestamp) : 0,
      };
    },
    /** Stops consuming (waiting for running handlers), sends pending adds, then disconnects. */
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...workers].map((worker) => worker.close()));
      workers.clear();
      await Promise.all(stopping);
      await flushAdds();
      await queue.close();
    },
  };
}
