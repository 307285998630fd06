import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

/** What a budgeted regex asks the sandbox thread: one JavaScript RegExp over one text. */
export interface SandboxRequest {
  source: string;
  flags: string;
  op: 'test' | 'exec' | 'all';
  text: string;
}

export type SandboxOutcome =
  { ok: true; value: unknown } | { ok: false; message: string } | { overran: true };

// Slots of the shared signal: the last request answered, and whether the thread is listening.
const DONE = 0;
const READY = 1;
/** A thread that does not start in this long is broken, not slow (the budget starts only once it listens). */
const STARTUP_TIMEOUT_MS = 30_000;

// Plain JavaScript run by `eval`, so the same code serves from src and from dist without a loader.
const THREAD_CODE = String.raw`
const { workerData } = require('node:worker_threads');
const signal = new Int32Array(workerData.signal);
const port = workerData.port;
const compiled = new Map();
function regex(source, flags) {
  const key = flags + '/' + source;
  let re = compiled.get(key);
  if (!re) {
    if (compiled.size > 256) compiled.clear();
    re = new RegExp(source, flags);
    compiled.set(key, re);
  }
  re.lastIndex = 0;
  return re;
}
function view(m) {
  return { index: m.index, end: m.index + m[0].length, groups: [...m], named: m.groups ? { ...m.groups } : {} };
}
function answer(request) {
  if (request.op === 'test') return regex(request.source, request.flags).test(request.text);
  if (request.op === 'exec') {
    const m = regex(request.source, request.flags).exec(request.text);
    return m ? view(m) : undefined;
  }
  return [...request.text.matchAll(regex(request.source, request.flags + 'g'))].map(view);
}
port.on('message', (request) => {
  let reply;
  try {
    reply = { seq: request.seq, ok: true, value: answer(request) };
  } catch (error) {
    reply = { seq: request.seq, ok: false, message: String(error && error.message) };
  }
  port.postMessage(reply);
  Atomics.store(signal, 0, request.seq);
  Atomics.notify(signal, 0);
});
Atomics.store(signal, 1, 1);
Atomics.notify(signal, 1);
`;

interface SandboxThread {
  worker: Worker;
  port: MessagePort;
  signal: Int32Array;
  seq: number;
  exited: boolean;
}

/**
 * Runs JavaScript regexes in a thread of their own and waits for each answer at most its budget
 * (Atomics.wait, so callers stay synchronous: criteria and template filters are). A thread that
 * overruns is terminated and a fresh one started in its place; the caller learns it overran.
 */
export class RegexSandbox {
  private thread: SandboxThread | undefined;

  run(request: SandboxRequest, budgetMs: number): SandboxOutcome {
    const thread = this.ready();
    const seq = ++thread.seq;
    thread.port.postMessage({ ...request, seq });
    if (Atomics.wait(thread.signal, DONE, seq - 1, budgetMs) === 'timed-out') {
      if (Atomics.load(thread.signal, DONE) !== seq) {
        this.replace();
        return { overran: true };
      }
    }
    const reply = receiveMessageOnPort(thread.port)?.message as
      { seq: number; ok: true; value: unknown } | { seq: number; ok: false; message: string } | undefined;
    if (!reply || reply.seq !== seq) {
      this.replace();
      return { ok: false, message: 'the regex sandbox thread answered out of turn' };
    }
    return reply.ok ? { ok: true, value: reply.value } : { ok: false, message: reply.message };
  }

  /** Stops the thread (a new one starts on the next run). */
  close(): void {
    const thread = this.thread;
    this.thread = undefined;
    if (thread) thread.worker.terminate().catch(() => undefined);
  }

  private ready(): SandboxThread {
    if (this.thread?.exited) this.thread = undefined;
    const thread = (this.thread ??= startThread());
    if (Atomics.wait(thread.signal, READY, 0, STARTUP_TIMEOUT_MS) === 'timed-out') {
      this.close();
      throw new Error(`the regex sandbox thread did not start within ${STARTUP_TIMEOUT_MS / 1000} s`);
    }
    return thread;
  }

  /** The overrunning thread goes; its successor starts now, so it is likely listening by the next run. */
  private replace(): void {
    this.close();
    this.thread = startThread();
  }
}

function startThread(): SandboxThread {
  const shared = new SharedArrayBuffer(8);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(THREAD_CODE, {
    eval: true,
    workerData: { signal: shared, port: port2 },
    transferList: [port2],
    // A regex over a 1 MiB value needs little; a runaway result must not take the engine's memory.
    resourceLimits: { maxOldGenerationSizeMb: 128 },
  });
  worker.unref();
  port1.unref();
  const thread: SandboxThread = {
    worker,
    port: port1,
    signal: new Int32Array(shared),
    seq: 0,
    exited: false,
  };
  // An error inside the thread (out of memory) ends it; the next run starts a new one.
  worker.on('error', () => undefined);
  worker.on('exit', () => (thread.exited = true));
  return thread;
}

let shared: RegexSandbox | undefined;

/** The one sandbox thread every budgeted regex of this process uses. */
export function sharedRegexSandbox(): RegexSandbox {
  return (shared ??= new RegexSandbox());
}
