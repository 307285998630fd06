import type { TriggerDispatcher } from '../../domain/trigger.js';
import type { TriggerType } from '../../snapshot/model/trigger-type.js';
import { errorMessage } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import type { TriggerSensor, TriggerUse } from '../sensor.js';
import type { SensorTrigger } from './sensor-api.js';
import type { SensorDatastore } from './sensor-datastore.js';
import type { SensorDefinition } from '../../snapshot/model/sensor-definition.js';
import { SensorProcess, type SensorExit } from './sensor-process.js';
import { serveSensorRequest } from './sensor-requests.js';
import type { SensorLaunch } from './sensor-child.js';
import { pythonSensorLaunch, type PythonSensorOptions } from './python-sensor-launch.js';

export type SensorState =
  'starting' | 'running' | 'backoff' | 'failed' | 'stopped' | 'disabled' | 'unsupported';

/** One row of `squall sensor list`. */
export interface SensorStatus {
  ref: string;
  pack: string;
  state: SensorState;
  pid: number | null;
  restarts: number;
  lastError: string | null;
  /** ISO time the current process started. */
  startedAt: string | null;
  /** ISO time of the next restart while in backoff. */
  nextRestartAt: string | null;
}

/** For `core.st2.sensor.process_spawn` / `process_exit`. */
export type SensorProcessEvent =
  | { type: 'spawn'; sensor: string; pid: number | null }
  | ({ type: 'exit'; sensor: string; pid: number | null; willRestart: boolean } & SensorExit);

export interface SensorSupervisorOptions {
  dispatcher: TriggerDispatcher;
  logger: Logger;
  /** Without one, datastore calls from sensors fail with an error saying so. */
  datastore?: SensorDatastore;
  /** The pack config handed to the sensor, read at every (re)start. @default {} */
  packConfig?: (pack: string) => Record<string, unknown> | Promise<Record<string, unknown>>;
  onProcessEvent?: (event: SensorProcessEvent) => void;
  /** Where Python sensors find their pack's virtualenv, and squall.yaml's `python:`. */
  python?: PythonSensorOptions;
  /** @default 1000 */
  initialBackoffMs?: number;
  /** @default 60000 */
  maxBackoffMs?: number;
  /** Crashes within this long of a start count as quick. @default 60000 */
  quickCrashWindowMs?: number;
  /** Consecutive quick crashes before the sensor is marked failed. @default 5 */
  maxQuickCrashes?: number;
  /** @default 5000 */
  heartbeatIntervalMs?: number;
  /** @default 15000 */
  heartbeatTimeoutMs?: number;
  /** @default 30000 */
  startTimeoutMs?: number;
  /** @default 5000 */
  stopTimeoutMs?: number;
}

interface Entry {
  definition: SensorDefinition;
  state: SensorState;
  process?: SensorProcess;
  restarts: number;
  quickCrashes: number;
  lastError: string | null;
  startedAt: number | null;
  nextRestartAt: number | null;
  restartTimer?: NodeJS.Timeout;
}

/**
 * Runs pack sensors, each in its own process: starts, stops and reloads them one by one, restarts
 * crashed or hung ones with capped exponential backoff, and gives up (state `failed`) after too
 * many quick crashes. It is also the TriggerSensor for the trigger types pack sensors provide.
 */
export class SensorSupervisor implements TriggerSensor {
  readonly name = 'pack-sensors';
  private readonly entries = new Map<string, Entry>();
  private readonly uses = new Map<string, TriggerUse>();
  private readonly logger: Logger;

  constructor(private readonly options: SensorSupervisorOptions) {
    this.logger = options.logger.child({ component: 'sensor-supervisor' });
  }

  get triggerTypes(): readonly TriggerType[] {
    return [...this.entries.values()].flatMap((entry) => entry.definition.triggerTypes);
  }

  /** Adds a sensor or replaces a changed one (restarting only its process). */
  async upsert(definition: SensorDefinition): Promise<void> {
    const existing = this.entries.get(definition.ref);
    if (existing && JSON.stringify(existing.definition) === JSON.stringify(definition)) return;
    if (existing) await this.halt(existing);
    const entry: Entry = {
      definition,
      state: 'stopped',
      restarts: 0,
      quickCrashes: 0,
      lastError: null,
      startedAt: null,
      nextRestartAt: null,
    };
    this.entries.set(definition.ref, entry);
    if (definition.runtime === 'unsupported') {
      entry.state = 'unsupported';
      entry.lastError = definition.unsupportedReason ?? 'unsupported';
    } else if (!definition.enabled) {
      entry.state = 'disabled';
    } else {
      await this.spawn(entry);
    }
  }

  /** Stops a sensor and forgets it. */
  async delete(ref: string): Promise<void> {
    const entry = this.entries.get(ref);
    if (!entry) return;
    this.entries.delete(ref);
    await this.halt(entry);
  }

  /** Restarts one sensor's process (after its code or its pack config changed), even a failed one. */
  async reload(ref: string): Promise<void> {
    const entry = this.entries.get(ref);
    if (!entry || entry.state === 'unsupported' || entry.state === 'disabled') return;
    await this.halt(entry);
    entry.quickCrashes = 0;
    await this.spawn(entry);
  }

  list(): SensorStatus[] {
    return [...this.entries.values()]
      .map((entry) => ({
        ref: entry.definition.ref,
        pack: entry.definition.pack,
        state: entry.state,
        pid: entry.process?.pid ?? null,
        restarts: entry.restarts,
        lastError: entry.lastError,
        startedAt: entry.startedAt === null ? null : new Date(entry.startedAt).toISOString(),
        nextRestartAt: entry.nextRestartAt === null ? null : new Date(entry.nextRestartAt).toISOString(),
      }))
      .sort((a, b) => a.ref.localeCompare(b.ref));
  }

  add(use: TriggerUse): void {
    this.uses.set(use.key, use);
    for (const entry of this.providersOf(use.type))
      entry.process?.sendTrigger('add_trigger', toSensorTrigger(use));
  }

  remove(use: TriggerUse): void {
    this.uses.delete(use.key);
    for (const entry of this.providersOf(use.type))
      entry.process?.sendTrigger('remove_trigger', toSensorTrigger(use));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.entries.values()].map((entry) => this.halt(entry)));
  }

  private providersOf(type: string): Entry[] {
    return [...this.entries.values()].filter((entry) =>
      entry.definition.triggerTypes.some((t) => t.ref === type),
    );
  }

  private async spawn(entry: Entry): Promise<void> {
    const { definition } = entry;
    const logger = this.options.logger.child({ sensor: definition.ref });
    let config: Record<string, unknown>;
    let launch: SensorLaunch = { kind: 'node' };
    try {
      config = (await this.options.packConfig?.(definition.pack)) ?? {};
    } catch (error) {
      this.crashed(
        entry,
        { reason: 'crashed', code: null, signal: null, error: `pack config: ${errorMessage(error)}` },
        Date.now(),
      );
      return;
    }
    try {
      if (definition.runtime === 'python') launch = await pythonSensorLaunch(definition, this.options.python);
    } catch (error) {
      this.crashed(
        entry,
        { reason: 'crashed', code: null, signal: null, error: errorMessage(error) },
        Date.now(),
      );
      return;
    }
    const types = new Set(definition.triggerTypes.map((t) => t.ref));
    const triggers = [...this.uses.values()].filter((use) => types.has(use.type)).map(toSensorTrigger);
    const startedAt = Date.now();
    const child = new SensorProcess({
      definition,
      launch,
      config,
      triggers,
      logger,
      serve: (op, args) => serveSensorRequest(op, args, definition, this.options),
      heartbeatIntervalMs: this.options.heartbeatIntervalMs ?? 5000,
      heartbeatTimeoutMs: this.options.heartbeatTimeoutMs ?? 15_000,
      startTimeoutMs: this.options.startTimeoutMs ?? 30_000,
      stopTimeoutMs: this.options.stopTimeoutMs ?? 5000,
      onReady: () => {
        if (entry.process === child) entry.state = 'running';
      },
      onExit: (exit) => {
        if (entry.process !== child) return;
        entry.process = undefined;
        if (exit.reason === 'stopped') {
          entry.state = 'stopped';
          this.report({
            type: 'exit',
            sensor: definition.ref,
            pid: child.pid ?? null,
            willRestart: false,
            ...exit,
          });
          return;
        }
        this.crashed(entry, exit, startedAt, child.pid ?? null);
      },
    });
    entry.process = child;
    entry.state = 'starting';
    entry.startedAt = startedAt;
    entry.nextRestartAt = null;
    child.start();
    logger.info({ pid: child.pid }, 'sensor process started');
    this.report({ type: 'spawn', sensor: definition.ref, pid: child.pid ?? null });
  }

  private crashed(entry: Entry, exit: SensorExit, startedAt: number, pid: number | null = null): void {
    const quick = Date.now() - startedAt < (this.options.quickCrashWindowMs ?? 60_000);
    entry.quickCrashes = quick ? entry.quickCrashes + 1 : 1;
    entry.lastError = exit.error ?? exit.reason;
    const giveUp = entry.quickCrashes >= (this.options.maxQuickCrashes ?? 5);
    const logger = this.options.logger.child({ sensor: entry.definition.ref });
    logger.error(
      { reason: exit.reason, code: exit.code, signal: exit.signal, err: entry.lastError },
      'sensor process died',
    );
    this.report({ type: 'exit', sensor: entry.definition.ref, pid, willRestart: !giveUp, ...exit });
    if (giveUp) {
      entry.state = 'failed';
      logger.error({ crashes: entry.quickCrashes }, 'sensor keeps crashing; giving up until it is reloaded');
      return;
    }
    const initial = this.options.initialBackoffMs ?? 1000;
    const delay = Math.min(initial * 2 ** (entry.quickCrashes - 1), this.options.maxBackoffMs ?? 60_000);
    entry.state = 'backoff';
    entry.nextRestartAt = Date.now() + delay;
    entry.restartTimer = setTimeout(() => {
      entry.restartTimer = undefined;
      if (this.entries.get(entry.definition.ref) !== entry || entry.state !== 'backoff') return;
      entry.restarts += 1;
      this.spawn(entry).catch((error: unknown) =>
        logger.error({ err: errorMessage(error) }, 'sensor could not be restarted'),
      );
    }, delay);
  }

  private async halt(entry: Entry): Promise<void> {
    clearTimeout(entry.restartTimer);
    entry.restartTimer = undefined;
    entry.nextRestartAt = null;
    if (entry.state === 'backoff' || entry.state === 'failed') entry.state = 'stopped';
    await entry.process?.stop();
  }

  private report(event: SensorProcessEvent): void {
    try {
      this.options.onProcessEvent?.(event);
    } catch (error) {
      this.logger.warn({ err: errorMessage(error) }, 'sensor process event handler failed');
    }
  }
}

function toSensorTrigger(use: TriggerUse): SensorTrigger {
  return { id: use.key, type: use.type, parameters: use.parameters };
}
