import { errorMessage } from '../common/errors.js';
import type { ExecutionQueue, QueueDepth } from '../queue/queue.js';
import type { SensorStatus } from '../sensors/pack-sensors/sensor-supervisor.js';
import type { ContentSnapshot } from '../snapshot/model/content-snapshot.js';
import type { KeyValueStore } from '../store/key-value-store.js';

/** `down` stops the engine from serving (GET /health answers 503); `degraded` is reported only. */
export type ComponentStatus = 'ok' | 'degraded' | 'down';

export interface EngineHealth {
  status: 'ok' | 'down';
  components: {
    store: { status: ComponentStatus; driver: string; error?: string };
    queue: { status: ComponentStatus; driver: string; depth?: QueueDepth; error?: string };
    /** `down` when a pack sensor has given up restarting; `degraded` while one waits to restart. */
    sensors: { status: ComponentStatus; running: number; backoff: string[]; failed: string[] };
    /** `degraded` when files are refused (their last good version, if any, keeps serving). */
    content: { status: ComponentStatus; version: number; errors: number };
  };
}

export interface HealthSources {
  store: KeyValueStore & { readonly driver: string };
  queue: ExecutionQueue;
  sensors: () => SensorStatus[];
  snapshot: () => ContentSnapshot;
  /** How long a probe of the store or queue may take before it counts as down. @default 2000 */
  probeTimeoutMs?: number;
}

/** What each component says now: the store and queue are asked (one read each), not assumed. */
export async function checkHealth(sources: HealthSources): Promise<EngineHealth> {
  const timeoutMs = sources.probeTimeoutMs ?? 2000;
  const [store, queue] = await Promise.all([
    probe(() => sources.store.getKey('system', 'squall.health'), timeoutMs),
    probe(() => sources.queue.depth(), timeoutMs),
  ]);
  const sensors = sources.sensors();
  const failed = sensors.filter((sensor) => sensor.state === 'failed').map((sensor) => sensor.ref);
  const backoff = sensors.filter((sensor) => sensor.state === 'backoff').map((sensor) => sensor.ref);
  const snapshot = sources.snapshot();
  const errors = snapshot.issues.filter((issue) => issue.severity === 'error').length;
  const components: EngineHealth['components'] = {
    store: { status: store.ok ? 'ok' : 'down', driver: sources.store.driver, ...errorOf(store) },
    queue: {
      status: queue.ok ? 'ok' : 'down',
      driver: sources.queue.driver,
      ...(queue.ok ? { depth: queue.value } : errorOf(queue)),
    },
    sensors: {
      status: failed.length > 0 ? 'down' : backoff.length > 0 ? 'degraded' : 'ok',
      running: sensors.filter((sensor) => sensor.state === 'running').length,
      backoff,
      failed,
    },
    content: { status: errors > 0 ? 'degraded' : 'ok', version: snapshot.version, errors },
  };
  const down = Object.values(components).some((component) => component.status === 'down');
  return { status: down ? 'down' : 'ok', components };
}

type Probed<T> = { ok: true; value: T } | { ok: false; error: string };

function errorOf(probed: Probed<unknown>): { error?: string } {
  return probed.ok ? {} : { error: probed.error };
}

async function probe<T>(ask: () => Promise<T>, timeoutMs: number): Promise<Probed<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return { ok: true, value: await Promise.race([ask(), timeout]) };
  } catch (error) {
    return { ok: false, error: errorMessage(error) };
  } finally {
    clearTimeout(timer);
  }
}
