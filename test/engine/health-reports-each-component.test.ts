import { describe, expect, it } from 'vitest';

import { checkHealth } from '../../src/engine/engine-health.js';
import { createMemoryQueue } from '../../src/queue/drivers/memory.js';
import type { SensorStatus } from '../../src/sensors/pack-sensors/sensor-supervisor.js';
import type { ContentSnapshot } from '../../src/snapshot/model/content-snapshot.js';
import { createSqliteStore } from '../../src/store/drivers/sqlite.js';

const sensor = (ref: string, state: SensorStatus['state']): SensorStatus => ({
  ref,
  pack: ref.split('.')[0] ?? ref,
  state,
  pid: null,
  restarts: 0,
  lastError: null,
  startedAt: null,
  nextRestartAt: null,
});

const snapshot = (errors: number): ContentSnapshot =>
  ({
    version: 7,
    issues: Array.from({ length: errors }, () => ({ severity: 'error' })),
  }) as unknown as ContentSnapshot;

describe('engine health', () => {
  it('is down when a pack sensor gave up, degraded for one in backoff or refused files, down when the store is closed', async () => {
    const store = createSqliteStore({ path: ':memory:' });
    await store.migrate();
    const queue = createMemoryQueue();
    const sources = { store, queue, snapshot: () => snapshot(0) };

    const fine = await checkHealth({ ...sources, sensors: () => [sensor('demo.watch', 'running')] });
    expect(fine).toMatchObject({
      status: 'ok',
      components: {
        store: { status: 'ok' },
        queue: { status: 'ok', depth: { waiting: 0 } },
        sensors: { status: 'ok', running: 1 },
        content: { status: 'ok', version: 7, errors: 0 },
      },
    });

    const degraded = await checkHealth({
      ...sources,
      snapshot: () => snapshot(2),
      sensors: () => [sensor('demo.watch', 'backoff')],
    });
    expect(degraded.status).toBe('ok');
    expect(degraded.components.sensors).toMatchObject({ status: 'degraded', backoff: ['demo.watch'] });
    expect(degraded.components.content).toMatchObject({ status: 'degraded', errors: 2 });

    const gaveUp = await checkHealth({ ...sources, sensors: () => [sensor('demo.watch', 'failed')] });
    expect(gaveUp.status).toBe('down');
    expect(gaveUp.components.sensors).toMatchObject({ status: 'down', failed: ['demo.watch'] });

    await store.close();
    const closed = await checkHealth({ ...sources, sensors: () => [] });
    expect(closed.status).toBe('down');
    expect(closed.components.store).toMatchObject({ status: 'down', error: expect.stringMatching(/closed/) });
    await queue.close();
  });
});
