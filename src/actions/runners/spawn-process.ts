import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { constants as osConstants } from 'node:os';

export const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;
export const DEFAULT_KILL_GRACE_MS = 2000;

export interface SpawnProcessOptions {
  command: string;
  args?: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Kill the whole process group after this many milliseconds. 0 or absent: no timeout. */
  timeoutMs?: number;
  /** Aborting kills the whole process group (cancel). */
  signal?: AbortSignal;
  /** Bytes kept of stdout and of stderr each; the rest is dropped and a marker appended. @default 1 MiB */
  maxOutputBytes?: number;
  /** Between SIGTERM and SIGKILL. @default 2000 */
  killGraceMs?: number;
  /** Written to stdin, which is then closed. Without it stdin is empty. */
  stdin?: string | Buffer;
  /** Opens an IPC channel to the child (a node process), as `fork` does. */
  ipc?: boolean;
  /** Called when the process is up (for IPC: send it the work). */
  onSpawn?(child: ChildProcess): void;
  /** Records the process group while it runs, so a crashed engine's groups are killed at the next start. */
  ledger?: ProcessGroupLedger;
  /** The execution the process belongs to, for the ledger. */
  owner?: string;
  /** Called with each piece of output as it is read, within the bound (what is kept, not what is dropped). */
  onOutput?: OutputListener;
}

/** Receives output while a process runs (`execution tail`). */
export type OutputListener = (stream: 'stdout' | 'stderr', data: Buffer) => void;

/** Where running process groups are recorded (see ProcessLedger). */
export interface ProcessGroupLedger {
  record(pgid: number, owner: string): void;
  forget(pgid: number): void;
}

export interface ProcessOutcome {
  stdout: string;
  stderr: string;
  /** The exit code; a process killed by a signal gets minus the signal number, as Python reports it. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  canceled: boolean;
  /** Set when the process could not be started (command not found, not executable). */
  spawnError?: Error;
}

/**
 * Runs a process in its own process group so that a timeout or a cancel kills everything it
 * started (SIGTERM, then SIGKILL after a grace period). Output is captured with a size bound.
 */
export function spawnProcess(options: SpawnProcessOptions): Promise<ProcessOutcome> {
  const maxBytes = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const stdio: StdioOptions = ['pipe', 'pipe', 'pipe'];
  if (options.ipc) stdio.push('ipc');

  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      child = spawn(options.command, options.args ?? [], {
        cwd: options.cwd,
        env: options.env ?? process.env,
        detached: true,
        stdio,
      });
    } catch (error) {
      resolve(failedToStart(error));
      return;
    }
    const group = child.pid;
    if (group !== undefined) options.ledger?.record(group, options.owner ?? '');
    const stdout = new BoundedBuffer(maxBytes);
    const stderr = new BoundedBuffer(maxBytes);
    const listen = options.onOutput;
    child.stdout?.on('data', (chunk: Buffer) => {
      const kept = stdout.push(chunk);
      if (listen && kept.length > 0) listen('stdout', kept);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      const kept = stderr.push(chunk);
      if (listen && kept.length > 0) listen('stderr', kept);
    });
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.stdin ?? '');

    let timedOut = false;
    let canceled = false;
    let graceTimer: NodeJS.Timeout | undefined;
    const killGroup = () => {
      if (graceTimer) return;
      signalGroup(child, 'SIGTERM');
      graceTimer = setTimeout(
        () => signalGroup(child, 'SIGKILL'),
        options.killGraceMs ?? DEFAULT_KILL_GRACE_MS,
      );
    };
    const timeoutTimer =
      options.timeoutMs && options.timeoutMs > 0
        ? setTimeout(() => {
            timedOut = true;
            killGroup();
          }, options.timeoutMs)
        : undefined;
    const onAbort = () => {
      canceled = true;
      killGroup();
    };
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });

    let spawnError: Error | undefined;
    child.once('error', (error) => {
      spawnError = error;
    });
    child.once('spawn', () => options.onSpawn?.(child));
    child.once('close', (code, signal) => {
      clearTimeout(timeoutTimer);
      options.signal?.removeEventListener('abort', onAbort);
      // The leader is gone; make sure nothing it left in its group outlives it after a kill.
      if (graceTimer) {
        clearTimeout(graceTimer);
        signalGroup(child, 'SIGKILL');
      }
      if (group !== undefined) options.ledger?.forget(group);
      resolve({
        stdout: stdout.text(),
        stderr: stderr.text(),
        exitCode: code ?? (signal ? -signalNumber(signal) : null),
        signal,
        timedOut,
        canceled,
        ...(spawnError ? { spawnError } : {}),
      });
    });
  });
}

function failedToStart(error: unknown): ProcessOutcome {
  return {
    stdout: '',
    stderr: '',
    exitCode: null,
    signal: null,
    timedOut: false,
    canceled: false,
    spawnError: error instanceof Error ? error : new Error(String(error)),
  };
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

function signalNumber(signal: NodeJS.Signals): number {
  return osConstants.signals[signal] ?? 1;
}

/** Keeps the first `limit` bytes and counts what it drops, so a chatty process cannot exhaust memory. */
class BoundedBuffer {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private dropped = 0;

  constructor(private readonly limit: number) {}

  /** Keeps what fits and returns it. */
  push(chunk: Buffer): Buffer {
    const room = this.limit - this.kept;
    if (room >= chunk.length) {
      this.chunks.push(chunk);
      this.kept += chunk.length;
      return chunk;
    }
    const kept = chunk.subarray(0, Math.max(room, 0));
    if (room > 0) {
      this.chunks.push(kept);
      this.kept += room;
    }
    this.dropped += chunk.length - Math.max(room, 0);
    return kept;
  }

  text(): string {
    const text = Buffer.concat(this.chunks).toString('utf8');
    return this.dropped > 0 ? `${text}\n[output truncated: ${this.dropped} more bytes dropped]` : text;
  }
}
