import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

import { errorMessage, type SquallError } from '../../common/errors.js';
import type { Store } from '../store.js';
import { closedStoreError } from '../store-errors.js';
import type { SqliteStoreOptions } from './sqlite.js';
import {
  STORE_METHODS,
  fromWireError,
  jsonSafeArgs,
  workerGoneError,
  type HostMessage,
  type StoreMethod,
  type WorkerCall,
} from './sqlite-worker-protocol.js';

export type SqliteWorkerStoreOptions = SqliteStoreOptions;

export interface SqliteWorkerStore extends Store {
  /** The thread that owns the connection, for monitoring (event loop use, resource limits). */
  readonly worker: Worker;
}

interface PendingCall {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * The SQLite store run in a worker thread: the same driver and group commit, but its statements and
 * fsyncs leave the event loop, so HTTP handling overlaps the commit on another core. Calls made in
 * one tick travel as one message; a write resolves once committed, as in-thread. Resolves when the
 * database is open, and rejects as createSqliteStore would throw when it cannot be opened.
 */
export async function createSqliteWorkerStore(options: SqliteWorkerStoreOptions): Promise<SqliteWorkerStore> {
  const worker = startHost(options);
  const pending = new Map<number, PendingCall>();
  let outbox: WorkerCall[] = [];
  let flushScheduled = false;
  let nextId = 1;
  let gone: SquallError | undefined;
  let closing: Promise<void> | undefined;
  let terminated = false;
  let lastError = '';

  const fail = (error: SquallError): void => {
    gone ??= error;
    const calls = [...pending.values()];
    pending.clear();
    for (const call of calls) call.reject(gone);
  };

  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (message: HostMessage) => {
      if (Array.isArray(message)) {
        for (const [id, ok, value] of message) {
          const call = pending.get(id);
          if (!call) continue;
          pending.delete(id);
          if (ok) call.resolve(value);
          else call.reject(fromWireError(value));
        }
        if (pending.size === 0) worker.unref();
      } else if ('ready' in message) resolve();
      else reject(fromWireError(message.openError));
    });
    worker.on('error', (error) => {
      lastError = errorMessage(error);
      reject(workerGoneError(lastError));
    });
    worker.on('messageerror', (error) => {
      lastError = `a reply could not be read: ${errorMessage(error)}`;
      worker
        .terminate()
        .catch((error: unknown) => (lastError += `; stopping it failed: ${errorMessage(error)}`));
    });
    worker.on('exit', (code) => {
      const detail = lastError || `exit code ${code}`;
      reject(workerGoneError(detail));
      fail(terminated ? closedStoreError('sqlite') : workerGoneError(detail));
    });
  });
  try {
    await ready;
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  worker.unref();

  const post = (calls: WorkerCall[]): void => {
    try {
      worker.postMessage(calls);
      return;
    } catch {
      // One call holds a value structured clone refuses: find it, and send that one as JSON.
    }
    for (const [id, method, args] of calls) {
      try {
        worker.postMessage([[id, method, args]]);
      } catch {
        try {
          worker.postMessage([[id, method, jsonSafeArgs(args)]]);
        } catch (error) {
          pending.get(id)?.reject(error);
          pending.delete(id);
        }
      }
    }
  };

  const flush = (): void => {
    flushScheduled = false;
    const calls = outbox;
    outbox = [];
    if (!gone && calls.length > 0) post(calls);
  };

  const call = (method: StoreMethod, args: unknown[]): Promise<unknown> => {
    if (gone) return Promise.reject(gone);
    if (closing) return Promise.reject(closedStoreError('sqlite'));
    return new Promise((resolve, reject) => {
      const id = nextId++;
      if (pending.size === 0) worker.ref();
      pending.set(id, { resolve, reject });
      outbox.push([id, method, args]);
      // Posted at the end of this tick: the worker starts committing while this thread parses
      // the next requests (waiting for setImmediate would run both threads in turns).
      if (!flushScheduled) {
        flushScheduled = true;
        queueMicrotask(flush);
      }
    });
  };

  const close = async (): Promise<void> => {
    if (gone && !closing) return;
    closing ??= (async () => {
      const closed = new Promise<void>((resolve, reject) => {
        const id = nextId++;
        worker.ref();
        pending.set(id, { resolve: () => resolve(), reject });
        outbox.push([id, 'close', []]);
      });
      flush();
      try {
        await closed;
      } finally {
        terminated = true;
        await worker.terminate();
      }
    })();
    return closing;
  };

  const store: Record<string, unknown> = { driver: 'sqlite', capabilities: { multiProcess: false }, worker };
  for (const method of STORE_METHODS) {
    store[method] = method === 'close' ? close : (...args: unknown[]) => call(method, args);
  }
  return store as unknown as SqliteWorkerStore;
}

/**
 * From dist the host is plain JavaScript; from src (vitest, `node --import tsx`) a worker does not
 * inherit tsx's hooks, so a small bootstrap registers them in the worker before loading the host.
 */
function startHost(options: SqliteWorkerStoreOptions): Worker {
  const ext = extname(fileURLToPath(import.meta.url));
  const host = new URL(`./sqlite-worker-host${ext}`, import.meta.url);
  const workerData = { ...options };
  if (ext === '.js') return new Worker(host, { workerData });
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(host.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData });
}
