import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

import { errorMessage } from '../../common/errors.js';
import type { SqliteStoreOptions } from './sqlite.js';
import {
  fromWireError,
  jsonSafeArgs,
  unreadableMessageError,
  workerGoneError,
  type HostMessage,
  type MainMessage,
  type WorkerCall,
} from './sqlite-worker-protocol.js';

export interface PendingCall {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

export interface QueuedCall {
  call: WorkerCall;
  pending: PendingCall;
}

/** One worker thread and the calls it has been sent; a restart makes a new link. */
export interface WorkerLink {
  readonly worker: Worker;
  /** Resolves when the database is open; rejects as createSqliteStore would throw. */
  readonly ready: Promise<void>;
  post(calls: readonly QueuedCall[]): void;
}

/**
 * Starts a worker thread on the database. `onExit` gets the calls that were sent and not answered
 * when the thread stopped (the caller decides how they fail and whether to restart).
 */
export function openWorkerLink(
  options: SqliteStoreOptions,
  onExit: (link: WorkerLink, detail: string, unanswered: PendingCall[]) => void,
): WorkerLink {
  const worker = startHost(options);
  const pending = new Map<number, PendingCall>();
  // Message numbers (see sqlite-worker-protocol.ts): how many arrived, and the call ids of each sent.
  let received = 0;
  let sentCount = 0;
  const sent = new Map<number, number[]>();
  let lastError = '';

  const settle = (id: number, outcome: { value: unknown } | { error: unknown }): void => {
    const call = pending.get(id);
    if (!call) return;
    pending.delete(id);
    if ('value' in outcome) call.resolve(outcome.value);
    else call.reject(outcome.error);
  };

  const tryPost = (message: MainMessage, ids: number[]): string | undefined => {
    try {
      worker.postMessage(message);
    } catch (error) {
      return errorMessage(error);
    }
    sentCount += 1;
    if (ids.length > 0) sent.set(sentCount, ids);
    return undefined;
  };

  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (message: HostMessage) => {
      received += 1;
      if ('replies' in message) {
        for (const [id, ok, value] of message.replies)
          settle(id, ok ? { value } : { error: fromWireError(value) });
        for (const seq of sent.keys()) {
          if (seq > message.ack) break;
          sent.delete(seq);
        }
        if (pending.size === 0) worker.unref();
      } else if ('lostCalls' in message) {
        const error = unreadableMessageError('arguments', 'the worker thread could not read them');
        for (const id of sent.get(message.lostCalls) ?? []) settle(id, { error });
        sent.delete(message.lostCalls);
      } else if ('ready' in message) resolve();
      else reject(fromWireError(message.openError));
    });
    worker.on('messageerror', () => {
      received += 1;
      tryPost({ lostReplies: received }, []);
    });
    worker.on('error', (error) => {
      lastError = errorMessage(error);
    });
    worker.on('exit', (code) => {
      const detail = lastError || `exit code ${code}`;
      reject(workerGoneError(detail));
      const unanswered = [...pending.values()];
      pending.clear();
      onExit(link, detail, unanswered);
    });
  });
  // Failures of `ready` are the caller's; this only keeps an unobserved one from being reported twice.
  ready.catch(() => undefined);

  const post = (calls: readonly QueuedCall[]): void => {
    for (const { call, pending: waiting } of calls) pending.set(call[0], waiting);
    if (pending.size > 0) worker.ref();
    const batch = calls.map(({ call }) => call);
    if (
      tryPost(
        { calls: batch, ack: received },
        batch.map(([id]) => id),
      ) === undefined
    )
      return;
    // One call holds a value structured clone refuses: find it, and send that one as JSON.
    for (const [id, method, args] of batch) {
      if (tryPost({ calls: [[id, method, args]], ack: received }, [id]) === undefined) continue;
      let safe: unknown[];
      try {
        safe = jsonSafeArgs(args);
      } catch (error) {
        settle(id, { error });
        continue;
      }
      const refused = tryPost({ calls: [[id, method, safe]], ack: received }, [id]);
      if (refused !== undefined) settle(id, { error: unreadableMessageError('arguments', refused) });
    }
  };

  const link: WorkerLink = { worker, ready, post };
  return link;
}

/**
 * From dist the host is plain JavaScript; from src (vitest, `node --import tsx`) a worker does not
 * inherit tsx's hooks, so a small bootstrap registers them in the worker before loading the host.
 */
function startHost(options: SqliteStoreOptions): Worker {
  const ext = extname(fileURLToPath(import.meta.url));
  const host = new URL(`./sqlite-worker-host${ext}`, import.meta.url);
  const workerData = { ...options };
  if (ext === '.js') return new Worker(host, { workerData });
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(host.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData });
}
