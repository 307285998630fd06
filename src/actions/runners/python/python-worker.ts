import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants as osConstants } from 'node:os';
import path from 'node:path';
import type { Duplex } from 'node:stream';

import { pythonHostDir } from '../../../common/package-root.js';
import { JsonLines } from '../../../common/json-lines.js';
import { OutputCapture } from './output-capture.js';

export interface WorkerLaunch {
  executable: string;
  /** The process environment (no SQUALL_* variables); built only when a process starts. */
  env: () => NodeJS.ProcessEnv;
  packDir: string;
  /** Compared at each reuse: a worker whose identity is outdated is retired. */
  identity: string;
  maxOutputBytes: number;
  killGraceMs: number;
}

/** One execution as the worker takes it. */
export interface WorkerJob {
  file: string;
  pack: string;
  parameters: Record<string, unknown>;
  config: Record<string, unknown>;
  logLevel: string;
  env: Record<string, string>;
}

/** The worker's answer for one run (see python/squall_host/action_run.py). */
export interface DoneMessage {
  exit_code: number;
  status: boolean | null;
  result: unknown;
  has_result: boolean;
  error: string | null;
}

export interface WorkerOutcome {
  done?: DoneMessage;
  stdout: string;
  stderr: string;
  /** The run's exit code, or the process's when it died. */
  exitCode: number | null;
  timedOut: boolean;
  canceled: boolean;
  /** The process died during the run (killed, crashed, os._exit). */
  died: boolean;
}

export type RequestHandler = (op: string, args: Record<string, unknown>) => Promise<unknown>;

/**
 * A Python process running `python/squall_host/action_worker.py` for one pack: one execution at a
 * time, each run's output delimited by markers, calls to the engine answered over fd 3. It runs in
 * its own process group: a timeout or a cancel kills the group (SIGTERM, then SIGKILL).
 */
export class PythonWorker {
  readonly identity: string;
  private readonly child: ChildProcess;
  private readonly channel: JsonLines;
  private readonly token = randomBytes(8).toString('hex');
  private readonly stdout: OutputCapture;
  private readonly stderr: OutputCapture;
  private readonly exited: Promise<number | null>;
  private exitCode: number | null | undefined;
  private ready: Promise<void>;
  private onMessage: ((message: Record<string, unknown>) => void) | undefined;
  private runs = 0;
  private killing: NodeJS.Timeout | undefined;

  constructor(private readonly launch: WorkerLaunch) {
    this.identity = launch.identity;
    this.stdout = new OutputCapture(this.token, launch.maxOutputBytes);
    this.stderr = new OutputCapture(this.token, launch.maxOutputBytes);
    const script = path.join(pythonHostDir(), 'squall_host', 'action_worker.py');
    this.child = spawn(launch.executable, ['-u', script, launch.packDir], {
      env: launch.env(),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => this.stdout.push(chunk));
    this.child.stderr?.on('data', (chunk: Buffer) => this.stderr.push(chunk));
    this.channel = new JsonLines(
      this.child.stdio[3] as Duplex,
      (message) => this.onMessage?.(message),
      () => undefined,
    );
    this.exited = new Promise((resolve) => {
      this.child.once('error', () => {
        this.exitCode = null;
        resolve(null);
      });
      this.child.once('close', (code, signal) => {
        if (this.killing) {
          clearTimeout(this.killing);
          // The leader is gone; nothing it started may outlive it.
          this.signalGroup('SIGKILL');
        }
        this.exitCode = code ?? (signal ? -(osConstants.signals[signal] ?? 1) : null);
        this.stdout.close();
        this.stderr.close();
        resolve(this.exitCode);
      });
    });
    this.ready = new Promise((resolve, reject) => {
      this.onMessage = (message) => {
        if (message['type'] === 'ready') resolve();
      };
      this.exited.then(
        () => reject(new Error(`the Python worker exited before it was ready: ${this.stderr.take().trim()}`)),
        reject,
      );
    });
    this.ready.catch(() => undefined);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return this.exitCode === undefined;
  }

  /** Resolves once the interpreter is up and has loaded Squall's StackStorm API. */
  started(): Promise<void> {
    return this.ready;
  }

  /** Runs one execution; `timeoutMs` 0 means no limit. */
  async run(
    job: WorkerJob,
    options: {
      timeoutMs: number;
      signal: AbortSignal;
      onRequest: RequestHandler;
      onOutput?: (stream: 'stdout' | 'stderr', data: Buffer) => void;
    },
  ): Promise<WorkerOutcome> {
    const id = ++this.runs;
    const onOutput = options.onOutput;
    this.stdout.listen(onOutput && ((data) => onOutput('stdout', data)));
    this.stderr.listen(onOutput && ((data) => onOutput('stderr', data)));
    let timedOut = false;
    let canceled = false;
    let done: DoneMessage | undefined;
    const answered = new Promise<void>((resolve) => {
      this.onMessage = (message) => {
        if (message['type'] === 'done' && message['id'] === id) {
          done = message as unknown as DoneMessage;
          resolve();
        } else if (message['type'] === 'request') {
          this.answer(message, options.onRequest);
        }
      };
    });
    const streamsEnded = Promise.all([this.stdout.ended(), this.stderr.ended()]);
    const timer =
      options.timeoutMs > 0
        ? setTimeout(() => {
            timedOut = true;
            this.kill();
          }, options.timeoutMs)
        : undefined;
    const onAbort = (): void => {
      canceled = true;
      this.kill();
    };
    if (options.signal.aborted) onAbort();
    else options.signal.addEventListener('abort', onAbort, { once: true });
    this.channel.send({
      type: 'run',
      id,
      marker: this.token,
      file: job.file,
      pack: job.pack,
      parameters: job.parameters,
      config: job.config,
      log_level: job.logLevel,
      env: job.env,
    });
    const finished = await Promise.race([
      Promise.all([answered, streamsEnded]).then(() => 'done' as const),
      this.exited.then(() => 'died' as const),
    ]);
    clearTimeout(timer);
    options.signal.removeEventListener('abort', onAbort);
    this.onMessage = undefined;
    this.stdout.listen(undefined);
    this.stderr.listen(undefined);
    const died = finished === 'died' || !done;
    return {
      ...(done && !timedOut && !canceled ? { done } : {}),
      stdout: this.stdout.take(),
      stderr: this.stderr.take(),
      exitCode: done && !died ? done.exit_code : (this.exitCode ?? null),
      timedOut,
      canceled,
      died,
    };
  }

  /** Asks the worker to exit (end of its channel); it is killed if it does not. */
  close(): void {
    if (!this.alive) return;
    this.channel.close();
    this.killing = setTimeout(() => this.signalGroup('SIGKILL'), this.launch.killGraceMs);
    this.killing.unref();
  }

  /** SIGTERM to the whole process group, SIGKILL after the grace period. */
  kill(): void {
    if (!this.alive || this.killing) return;
    this.signalGroup('SIGTERM');
    this.killing = setTimeout(() => this.signalGroup('SIGKILL'), this.launch.killGraceMs);
  }

  /** Resolves when the process has exited. */
  async stopped(): Promise<void> {
    await this.exited;
  }

  private answer(message: Record<string, unknown>, onRequest: RequestHandler): void {
    const id = message['id'];
    const op = typeof message['op'] === 'string' ? message['op'] : '';
    const args = (
      typeof message['args'] === 'object' && message['args'] !== null ? message['args'] : {}
    ) as Record<string, unknown>;
    onRequest(op, args).then(
      (value) => this.channel.send({ type: 'reply', id, ok: true, value: value ?? null }),
      (error: unknown) =>
        this.channel.send({
          type: 'reply',
          id,
          ok: false,
          error: error instanceof Error ? error.message : String(error),
        }),
    );
  }

  private signalGroup(signal: NodeJS.Signals): void {
    if (this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      // Already gone.
    }
  }
}
