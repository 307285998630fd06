// The worker thread behind createSqliteWorkerStore: it owns the SQLite connection and serves the
// main thread's calls with the in-thread store, whose group commit batches every call that arrives
// while the previous transaction fsyncs.
import { parentPort, workerData } from 'node:worker_threads';

import type { Store } from '../store.js';
import { createSqliteStore, type SqliteStoreOptions } from './sqlite.js';
import { toWireError, type WorkerCall, type WorkerReply } from './sqlite-worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('sqlite-worker-host runs in a worker thread started by createSqliteWorkerStore');

let store: Store | undefined;
try {
  store = createSqliteStore(workerData as SqliteStoreOptions);
  port.postMessage({ ready: true });
} catch (error) {
  port.postMessage({ openError: toWireError(error) });
  port.close();
}

let replies: WorkerReply[] = [];
let scheduled = false;

// Outcomes that settle together (one commit) go back in one message, as soon as the commit's
// promise callbacks have run.
function sendReplies(): void {
  scheduled = false;
  const batch = replies;
  replies = [];
  port?.postMessage(batch);
}

function reply(outcome: WorkerReply): void {
  replies.push(outcome);
  if (!scheduled) {
    scheduled = true;
    queueMicrotask(sendReplies);
  }
}

function serve(open: Store, [id, method, args]: WorkerCall): void {
  let result: Promise<unknown>;
  try {
    result = (open[method] as (...params: unknown[]) => Promise<unknown>).apply(open, args);
  } catch (error) {
    result = Promise.reject(error);
  }
  result.then(
    (value) => reply([id, true, value]),
    (error: unknown) => reply([id, false, toWireError(error)]),
  );
}

if (store) {
  const open = store;
  port.on('message', (calls: WorkerCall[]) => {
    for (const call of calls) serve(open, call);
  });
}
