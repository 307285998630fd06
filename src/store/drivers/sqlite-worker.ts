import type { Worker } from 'node:worker_threads';

import type { SquallError } from '../../common/errors.js';
import type { Store } from '../store.js';
import { closedStoreError } from '../store-errors.js';
import type { SqliteStoreOptions } from './sqlite.js';
import { openWorkerLink, type PendingCall, type QueuedCall, type WorkerLink } from './sqlite-worker-link.js';
import {
  STORE_METHODS,
  workerDownError,
  workerGoneError,
  type StoreMethod,
} from './sqlite-worker-protocol.js';

export type SqliteWorkerStoreOptions = SqliteStoreOptions;

export interface SqliteWorkerStore extends Store {
  /** The thread that owns the connection now (a restart replaces it), for monitoring and tests. */
  readonly worker: Worker;
}

/** A thread that dies within this long of its start counts towards the restart backoff. */
const STABLE_AFTER_MS = 5000;
const MAX_RESTART_DELAY_MS = 30_000;

/**
 * The SQLite store run in a worker thread: the same driver and group commit, but its statements and
 * fsyncs leave the event loop, so HTTP handling overlaps the commit on another core. Calls made in
 * one tick travel as one message; a write resolves once committed, as in-thread. Resolves when the
 * database is open, and rejects as createSqliteStore would throw when it cannot be opened.
 *
 * A value that cannot cross between threads fails its own call (E_STORE_MESSAGE). When the thread
 * dies, the calls it had not answered fail (E_STORE_WORKER) and a new thread opens the database for
 * the next calls; a thread that keeps dying, or a database that cannot be reopened, is retried with
 * backoff, and calls in between fail at once rather than wait.
 */
export async function createSqliteWorkerStore(options: SqliteWorkerStoreOptions): Promise<SqliteWorkerStore> {
  let state: 'up' | 'starting' | 'down' = 'starting';
  let outbox: QueuedCall[] = [];
  let flushScheduled = false;
  let nextId = 1;
  let downError: SquallError | undefined;
  let closing: Promise<void> | undefined;
  let restartTimer: NodeJS.Timeout | undefined;
  let failures = 0;
  let upSince = 0;

  const rejectAll = (calls: readonly PendingCall[], error: unknown): void => {
    for (const call of calls) call.reject(error);
  };

  const takeOutbox = (): PendingCall[] => {
    const calls = outbox.map(({ pending }) => pending);
    outbox = [];
    return calls;
  };

  const flush = (): void => {
    flushScheduled = false;
    if (state !== 'up' || outbox.length === 0) return;
    const calls = outbox;
    outbox = [];
    link.post(calls);
  };

  // The first death is restarted at once; each further one soon after a start waits twice as long.
  const goDown = (error: SquallError): void => {
    failures += 1;
    const delay = Math.min(100 * 2 ** (failures - 1), MAX_RESTART_DELAY_MS);
    state = 'down';
    downError = workerDownError(error.message, new Date(Date.now() + delay));
    rejectAll(takeOutbox(), downError);
    restartTimer = setTimeout(restart, delay);
    restartTimer.unref();
  };

  const onExit = (exited: WorkerLink, detail: string, unanswered: PendingCall[]): void => {
    if (closing) return rejectAll(unanswered, closedStoreError('sqlite'));
    rejectAll(unanswered, workerGoneError(detail));
    if (exited !== link || state !== 'up') return;
    if (Date.now() - upSince >= STABLE_AFTER_MS) failures = 0;
    if (failures > 0) return goDown(workerGoneError(detail));
    failures = 1;
    restart();
  };

  const restart = (): void => {
    restartTimer = undefined;
    if (closing) return;
    state = 'starting';
    const next = openWorkerLink(options, onExit);
    link = next;
    next.ready.then(
      () => {
        if (link !== next) return;
        state = 'up';
        upSince = Date.now();
        next.worker.unref();
        flush();
      },
      (error: SquallError) => {
        if (link !== next) return;
        next.worker.terminate().catch(() => undefined);
        if (!closing) goDown(error);
      },
    );
  };

  let link = openWorkerLink(options, onExit);
  try {
    await link.ready;
  } catch (error) {
    await link.worker.terminate();
    throw error;
  }
  state = 'up';
  upSince = Date.now();
  link.worker.unref();

  const call = (method: StoreMethod, args: unknown[]): Promise<unknown> => {
    if (closing) return Promise.reject(closedStoreError('sqlite'));
    if (state === 'down') return Promise.reject(downError);
    return new Promise((resolve, reject) => {
      outbox.push({ call: [nextId++, method, args], pending: { resolve, reject } });
      // Posted at the end of this tick: the worker starts committing while this thread parses
      // the next requests (waiting for setImmediate would run both threads in turns).
      if (!flushScheduled) {
        flushScheduled = true;
        queueMicrotask(flush);
      }
    });
  };

  const close = (): Promise<void> => {
    closing ??= (async () => {
      clearTimeout(restartTimer);
      if (state === 'starting') await link.ready.catch(() => undefined);
      if (state !== 'up') return rejectAll(takeOutbox(), closedStoreError('sqlite'));
      const closed = new Promise<void>((resolve, reject) => {
        outbox.push({ call: [nextId++, 'close', []], pending: { resolve: () => resolve(), reject } });
      });
      flush();
      try {
        await closed;
      } finally {
        await link.worker.terminate();
      }
    })();
    return closing;
  };

  const store: Record<string, unknown> = { driver: 'sqlite', capabilities: { multiProcess: false } };
  Object.defineProperty(store, 'worker', { get: () => link.worker, enumerable: true });
  for (const method of STORE_METHODS) {
    store[method] = method === 'close' ? close : (...args: unknown[]) => call(method, args);
  }
  return store as unknown as SqliteWorkerStore;
}
