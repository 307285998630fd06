import { BackendError, SquallError, errorMessage } from '../common/errors.js';

/** One queued write. It runs inside the batch's transaction with the driver's context (connection). */
export type WriteOp<Ctx> = (ctx: Ctx) => unknown;

/** Thrown by a BatchRunner when the op at `index` failed; the transaction was rolled back. */
export class BatchOpError extends Error {
  readonly index: number;

  constructor(index: number, cause: unknown) {
    super(`write ${index} of the batch failed: ${errorMessage(cause)}`, { cause });
    this.name = 'BatchOpError';
    this.index = index;
  }
}

/**
 * Runs the ops in order in ONE transaction and commits, resolving with each op's result. When an
 * op throws, it rolls back and rejects with BatchOpError(index, cause); any other rejection means
 * the transaction as a whole failed.
 */
export type BatchRunner<Ctx> = (ops: readonly WriteOp<Ctx>[]) => Promise<unknown[]>;

export interface WriteBatcherOptions<Ctx> {
  run: BatchRunner<Ctx>;
  /**
   * A batch starts at once when this many writes are pending, otherwise on the next setImmediate.
   * @default 1000
   */
  maxBatchSize?: number;
  /** Names the store in error messages. @default 'store' */
  name?: string;
}

export interface WriteBatcher<Ctx> {
  /** Queues a write; resolves with its result once its transaction has committed. */
  write<T>(op: (ctx: Ctx) => T): Promise<Awaited<T>>;
  /** Resolves when every write queued so far has settled. */
  flush(): Promise<void>;
  /** Refuses new writes, then flushes. */
  close(): Promise<void>;
  readonly pending: number;
}

interface QueuedWrite<Ctx> {
  op: WriteOp<Ctx>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * Group commit: concurrent writes share one transaction (one fsync), and a failing write rejects
 * only its own promise — the runner rolls back and the batcher retries the rest without it.
 * One batch is in flight at a time; writes that arrive meanwhile form the next batch.
 */
export function createWriteBatcher<Ctx>(options: WriteBatcherOptions<Ctx>): WriteBatcher<Ctx> {
  const maxBatchSize = options.maxBatchSize ?? 1000;
  const name = options.name ?? 'store';
  let queue: QueuedWrite<Ctx>[] = [];
  let running: Promise<void> | undefined;
  let scheduled = false;
  let closed = false;

  async function runBatch(batch: QueuedWrite<Ctx>[]): Promise<void> {
    let remaining = batch;
    while (remaining.length > 0) {
      try {
        const results = await options.run(remaining.map((write) => write.op));
        remaining.forEach((write, i) => write.resolve(results[i]));
        return;
      } catch (error) {
        const failed = error instanceof BatchOpError ? remaining[error.index] : undefined;
        if (error instanceof BatchOpError && failed) {
          failed.reject(error.cause);
          remaining = remaining.filter((write) => write !== failed);
          continue;
        }
        const failure =
          error instanceof SquallError
            ? error
            : new BackendError(`${name}: write transaction failed: ${errorMessage(error)}`, {
                code: 'E_STORE_WRITE',
                cause: error,
              });
        for (const write of remaining) write.reject(failure);
        return;
      }
    }
  }

  async function runQueue(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.length <= maxBatchSize ? queue : queue.slice(0, maxBatchSize);
      queue = queue.length <= maxBatchSize ? [] : queue.slice(maxBatchSize);
      await runBatch(batch);
    }
  }

  function drain(): void {
    if (running || queue.length === 0) return;
    running = runQueue().finally(() => {
      running = undefined;
      if (queue.length > 0) schedule();
    });
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      drain();
    });
  }

  return {
    write<T>(op: (ctx: Ctx) => T): Promise<Awaited<T>> {
      if (closed) {
        return Promise.reject(
          new BackendError(`${name}: the store is closed; open a new one to write`, {
            code: 'E_STORE_CLOSED',
          }),
        );
      }
      return new Promise<Awaited<T>>((resolve, reject) => {
        queue.push({ op, resolve: resolve as (value: unknown) => void, reject });
        if (queue.length >= maxBatchSize) drain();
        else schedule();
      });
    },
    async flush(): Promise<void> {
      while (queue.length > 0 || running) {
        drain();
        await running;
      }
    },
    async close(): Promise<void> {
      closed = true;
      await this.flush();
    },
    get pending(): number {
      return queue.length;
    },
  };
}
