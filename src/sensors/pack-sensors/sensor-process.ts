import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

import { errorMessage } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import type { SensorTrigger } from './sensor-api.js';
import type { SensorDefinition } from '../../snapshot/model/sensor-definition.js';
import { launchSensorChild, type SensorChild, type SensorLaunch } from './sensor-child.js';
import { isChildMessage, type ChildMessage, type ParentMessage, type RequestOp } from './sensor-protocol.js';

export type ExitReason = 'stopped' | 'exited' | 'crashed' | 'hung' | 'start-timeout';

export interface SensorExit {
  reason: ExitReason;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The sensor's error (stack) or why it was killed. */
  error?: string;
}

export interface SensorProcessOptions {
  definition: SensorDefinition;
  /** Node, or the Python interpreter (the pack's virtualenv) and its environment. @default node */
  launch?: SensorLaunch;
  config: Record<string, unknown>;
  triggers: SensorTrigger[];
  logger: Logger;
  /** Answers the sensor's service calls (dispatch, datastore). */
  serve(op: RequestOp, args: Record<string, unknown>): Promise<unknown>;
  heartbeatIntervalMs: number;
  heartbeatTimeoutMs: number;
  startTimeoutMs: number;
  stopTimeoutMs: number;
  onReady(): void;
  onExit(exit: SensorExit): void;
}

const MAX_OUTPUT_LINE = 4096;

/**
 * One pack sensor in its own process (Node, or Python for StackStorm sensors). Killed (SIGKILL) when it stops answering heartbeats or
 * does not become ready in time; its stdout/stderr become log lines.
 */
export class SensorProcess {
  private child: ChildProcess | undefined;
  private channel: SensorChild | undefined;
  private lastPong = Date.now();
  private seq = 0;
  private heartbeat: NodeJS.Timeout | undefined;
  private startTimer: NodeJS.Timeout | undefined;
  private killReason: { reason: ExitReason; error: string } | undefined;
  private fatalError: string | undefined;
  private exited: Promise<void> = Promise.resolve();
  private ready = false;

  constructor(private readonly options: SensorProcessOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    const { definition } = this.options;
    const launched = launchSensorChild(definition, this.options.launch ?? { kind: 'node' }, {
      onMessage: (message) => this.handleMessage(message),
      onExit: (code, signal) => this.handleExit(code, signal),
      onError: (error) => this.options.logger.error({ err: errorMessage(error) }, 'sensor process error'),
      onProblem: (problem) => this.options.logger.debug(problem),
    });
    const child = launched.process;
    this.child = child;
    this.channel = launched;
    this.lastPong = Date.now();
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    this.pipeOutput(child);
    const { ref, className, entryPath, pollInterval, packDir } = definition;
    this.send({
      type: 'start',
      sensor: { ref, className, entryPath, ...(pollInterval === undefined ? {} : { pollInterval }) },
      ...(packDir === undefined ? {} : { packDir }),
      config: this.options.config,
      triggers: this.options.triggers,
    });
    this.startTimer = setTimeout(
      () =>
        this.kill(
          'start-timeout',
          `not ready after ${this.options.startTimeoutMs} ms (setup() did not finish)`,
        ),
      this.options.startTimeoutMs,
    );
    this.heartbeat = setInterval(() => this.beat(), this.options.heartbeatIntervalMs);
  }

  sendTrigger(type: 'add_trigger' | 'update_trigger' | 'remove_trigger', trigger: SensorTrigger): void {
    this.send({ type, trigger });
  }

  /** Asks the sensor to clean up and exit; kills it if it has not within `stopTimeoutMs`. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.killReason = { reason: 'stopped', error: 'stopped by the supervisor' };
    this.send({ type: 'stop' });
    const timer = setTimeout(() => child.kill('SIGKILL'), this.options.stopTimeoutMs);
    await this.exited;
    clearTimeout(timer);
  }

  private beat(): void {
    // Until ready, loading and setup() are bounded by startTimeoutMs instead (a cold start with
    // the TypeScript loader on a busy machine can take longer than a heartbeat timeout).
    if (!this.ready) {
      this.send({ type: 'ping', seq: ++this.seq });
      return;
    }
    const silentFor = Date.now() - this.lastPong;
    if (silentFor > this.options.heartbeatTimeoutMs) {
      this.kill('hung', `no heartbeat answer for ${silentFor} ms (event loop blocked?)`);
      return;
    }
    this.send({ type: 'ping', seq: ++this.seq });
  }

  private kill(reason: ExitReason, error: string): void {
    if (this.killReason) return;
    this.killReason = { reason, error };
    this.child?.kill('SIGKILL');
  }

  private send(message: ParentMessage): void {
    this.channel?.send(message);
  }

  private handleMessage(message: unknown): void {
    if (!isChildMessage(message)) {
      this.options.logger.warn('sensor process sent a malformed message; ignored');
      return;
    }
    this.lastPong = Date.now();
    this.dispatchMessage(message);
  }

  private dispatchMessage(message: ChildMessage): void {
    const logger = this.options.logger;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        clearTimeout(this.startTimer);
        this.options.onReady();
        return;
      case 'log':
        if (['debug', 'info', 'warn', 'error'].includes(message.level))
          logger[message.level](message.data ?? {}, message.message);
        return;
      case 'fatal':
        this.fatalError = message.error;
        return;
      case 'request':
        this.options.serve(message.op, message.args).then(
          (value) => this.send({ type: 'reply', id: message.id, ok: true, value: value ?? null }),
          (error: unknown) =>
            this.send({ type: 'reply', id: message.id, ok: false, error: errorMessage(error) }),
        );
        return;
      case 'pong':
      case 'stopped':
        // Every message counts as a heartbeat (handleMessage); a stop is seen when the process exits.
        return;
    }
  }

  private handleExit(code: number | null, signal: NodeJS.Signals | null): void {
    clearInterval(this.heartbeat);
    clearTimeout(this.startTimer);
    const killed = this.killReason;
    const reason: ExitReason = killed?.reason ?? (code === 0 ? 'exited' : 'crashed');
    const error =
      this.fatalError ??
      killed?.error ??
      (code === 0 ? 'exited unexpectedly' : `exited with code ${code ?? signal}`);
    this.options.onExit({
      reason,
      code,
      signal,
      ...(reason === 'stopped' && !this.fatalError ? {} : { error }),
    });
  }

  private pipeOutput(child: ChildProcess): void {
    for (const [stream, level] of [
      [child.stdout, 'info'],
      [child.stderr, 'warn'],
    ] as const) {
      if (!stream) continue;
      createInterface({ input: stream }).on('line', (line) => {
        this.options.logger[level](
          { stream: level === 'info' ? 'stdout' : 'stderr' },
          line.slice(0, MAX_OUTPUT_LINE),
        );
      });
    }
  }
}
