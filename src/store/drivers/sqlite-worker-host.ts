// The worker thread behind createSqliteWorkerStore: it owns the SQLite connection and serves the
// main thread's calls with the in-thread store, whose group commit batches every call that arrives
// while the previous transaction fsyncs.
import { parentPort, workerData } from 'node:worker_threads';

import { errorMessage } from '../../common/errors.js';
import type { Store } from '../store.js';
import { createSqliteStore, type SqliteStoreOptions } from './sqlite.js';
import {
  toWireError,
  unreadableMessageError,
  type HostMessage,
  type MainMessage,
  type WorkerCall,
  type WorkerReply,
} from './sqlite-worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('sqlite-worker-host runs in a worker thread started by createSqliteWorkerStore');

/** Messages received from the main thread, readable or not. */
let received = 0;
/** Messages sent to the main thread, and the reply ids of those not yet acknowledged. */
let sent = 0;
const unacknowledged = new Map<number, number[]>();

/** Posts a message; answers why when structured clone refused it (nothing was sent then). */
function send(message: HostMessage, ids: number[] = []): string | undefined {
  try {
    port?.postMessage(message);
  } catch (error) {
    return errorMessage(error);
  }
  sent += 1;
  if (ids.length > 0) unacknowledged.set(sent, ids);
  return undefined;
}

function failReplies(ids: readonly number[], direction: 'arguments' | 'answer', detail: string): void {
  const error = toWireError(unreadableMessageError(direction, detail));
  const replies = ids.map((id): WorkerReply => [id, false, error]);
  if (replies.length > 0) send({ replies, ack: received }, [...ids]);
}

let store: Store | undefined;
try {
  store = createSqliteStore(workerData as SqliteStoreOptions);
  send({ ready: true });
} catch (error) {
  send({ openError: toWireError(error) });
  port.close();
}

let replies: WorkerReply[] = [];
let scheduled = false;

// Outcomes that settle together (one commit) go back in one message, as soon as the commit's
// promise callbacks have run. A value structured clone refuses fails its own call only.
function sendReplies(): void {
  scheduled = false;
  const batch = replies;
  replies = [];
  if (
    send(
      { replies: batch, ack: received },
      batch.map(([id]) => id),
    ) === undefined
  )
    return;
  for (const reply of batch) {
    const refused = send({ replies: [reply], ack: received }, [reply[0]]);
    if (refused !== undefined) failReplies([reply[0]], 'answer', refused);
  }
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
  port.on('message', (message: MainMessage) => {
    received += 1;
    if ('lostReplies' in message) {
      const ids = unacknowledged.get(message.lostReplies) ?? [];
      unacknowledged.delete(message.lostReplies);
      failReplies(ids, 'answer', 'the main thread could not read it');
      return;
    }
    for (const seq of unacknowledged.keys()) {
      if (seq > message.ack) break;
      unacknowledged.delete(seq);
    }
    for (const call of message.calls) serve(open, call);
  });
  port.on('messageerror', () => {
    received += 1;
    send({ lostCalls: received });
  });
}
