import { pathToFileURL } from 'node:url';

import { explainImportError } from '../../common/typescript-loader.js';

import type { PackSensor, SensorService, SensorTrigger } from './sensor-api.js';
import type { ChildMessage, LogLevel, ParentMessage, RequestOp } from './sensor-protocol.js';

type StartMessage = Extract<ParentMessage, { type: 'start' }>;
type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/**
 * The sensor's side of the IPC channel: loads the module, runs st2's lifecycle (setup, then run or
 * poll every poll_interval; add/update/remove_trigger; cleanup on stop) and proxies the service.
 */
export class SensorRuntime {
  private sensor: PackSensor | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stopping = false;
  private failed = false;
  private pollTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly send: (message: ChildMessage) => void,
    private readonly exit: (code: number) => void,
  ) {}

  handle(message: ParentMessage): void {
    switch (message.type) {
      case 'start':
        this.start(message).catch((error: unknown) => this.fatal(error));
        return;
      case 'ping':
        this.send({ type: 'pong', seq: message.seq });
        return;
      case 'reply': {
        const pending = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.ok) pending?.resolve(message.value);
        else pending?.reject(new Error(message.error));
        return;
      }
      case 'stop':
        this.stop().catch((error: unknown) => this.fatal(error));
        return;
      case 'add_trigger':
      case 'update_trigger':
      case 'remove_trigger':
        this.callTrigger(message.type, message.trigger);
    }
  }

  /** Reports a crash to the parent, then exits non-zero. */
  fatal(error: unknown): void {
    if (this.failed) return;
    this.failed = true;
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    this.send({ type: 'fatal', error: text });
    this.exit(1);
  }

  private async start(message: StartMessage): Promise<void> {
    const service = this.service(message.config);
    this.sensor = await instantiate(
      message.sensor.entryPath,
      message.sensor.className,
      service,
      message.config,
    );
    await this.sensor.setup?.();
    for (const trigger of message.triggers) this.callTrigger('add_trigger', trigger);
    this.send({ type: 'ready' });
    const poll = this.sensor.poll;
    if (typeof poll === 'function') {
      this.pollLoop(() => poll.call(this.sensor), (message.sensor.pollInterval ?? 5) * 1000);
    } else {
      // A passive sensor's run() may return at once after wiring listeners; the process stays up.
      await this.sensor.run?.();
    }
  }

  private pollLoop(poll: () => unknown, intervalMs: number): void {
    const tick = async () => {
      if (this.stopping) return;
      try {
        await poll();
      } catch (error) {
        this.fatal(error);
        return;
      }
      if (!this.stopping) this.pollTimer = setTimeout(next, intervalMs);
    };
    const next = (): void => {
      tick().catch((error: unknown) => this.fatal(error));
    };
    next();
  }

  private callTrigger(
    method: 'add_trigger' | 'update_trigger' | 'remove_trigger',
    trigger: SensorTrigger,
  ): void {
    const sensor = this.sensor as (PackSensor & Record<string, unknown>) | undefined;
    if (!sensor) return;
    const camel = method.replace(/_(\w)/, (_m, letter: string) => letter.toUpperCase());
    const fn = sensor[method] ?? sensor[camel];
    if (typeof fn !== 'function') return;
    Promise.resolve()
      .then(() => (fn as (t: SensorTrigger) => unknown).call(sensor, trigger))
      .catch((error: unknown) => this.fatal(error));
  }

  private async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    clearTimeout(this.pollTimer);
    try {
      await this.sensor?.cleanup?.();
    } catch (error) {
      this.log('error', `cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.send({ type: 'stopped' });
    this.exit(0);
  }

  private request(op: RequestOp, args: Record<string, unknown>): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ type: 'request', id, op, args });
    });
  }

  private log(level: LogLevel, message: string, data?: Record<string, unknown>): void {
    this.send(data === undefined ? { type: 'log', level, message } : { type: 'log', level, message, data });
  }

  private service(config: Record<string, unknown>): SensorService {
    const logger = {
      debug: (message: string, data?: Record<string, unknown>) => this.log('debug', message, data),
      info: (message: string, data?: Record<string, unknown>) => this.log('info', message, data),
      warn: (message: string, data?: Record<string, unknown>) => this.log('warn', message, data),
      error: (message: string, data?: Record<string, unknown>) => this.log('error', message, data),
    };
    return {
      dispatch: async (trigger, payload, traceTag) =>
        String(await this.request('dispatch', { trigger, payload: payload ?? {}, traceTag })),
      logger,
      config,
      datastore: {
        get: async (key, options = {}) =>
          (await this.request('kv.get', { key, ...options })) as string | null,
        set: async (key, value, options = {}) =>
          void (await this.request('kv.set', { key, value, ...options })),
        list: async (options = {}) =>
          (await this.request('kv.list', { ...options })) as Array<{ key: string; value: string }>,
        delete: async (key, options = {}) => (await this.request('kv.delete', { key, ...options })) === true,
      },
    };
  }
}

async function instantiate(
  entryPath: string,
  className: string,
  service: SensorService,
  config: Record<string, unknown>,
): Promise<PackSensor> {
  const module = (await import(pathToFileURL(entryPath).href).catch((error: unknown) => {
    throw explainImportError(entryPath, error) ?? error;
  })) as Record<string, unknown>;
  const fallback = module['default'] as Record<string, unknown> | undefined;
  const exported =
    module[className] ?? (typeof fallback === 'object' ? fallback?.[className] : undefined) ?? fallback;
  if (typeof exported !== 'function') {
    throw new Error(`${entryPath}: export a class or factory as default or as "${className}"`);
  }
  const isClass = /^class[\s{]/.test(Function.prototype.toString.call(exported));
  const sensor: unknown = isClass
    ? new (exported as new (s: SensorService, c: Record<string, unknown>) => unknown)(service, config)
    : await (exported as (s: SensorService, c: Record<string, unknown>) => unknown)(service, config);
  if (typeof sensor !== 'object' || sensor === null) {
    throw new Error(`${entryPath}: the factory must return a sensor object`);
  }
  return sensor as PackSensor;
}
