import { mkdir, rename, rm } from 'node:fs/promises';

import { describe, expect, it } from 'vitest';

import type { HealthView } from '../../src/api/routes/health.js';
import type { SqliteWorkerStore } from '../../src/store/drivers/sqlite-worker.js';
import { useServedEngine } from '../support/served-engine.js';
import { packYaml } from '../support/temp-home.js';

const RULE = `name: hook
pack: demo
enabled: true
trigger: { type: core.st2.webhook, parameters: { url: demo } }
action: { ref: core.local, parameters: { cmd: 'echo {{ trigger.body.n }}' } }
`;

describe('the SQLite store worker of a real engine', () => {
  const current = useServedEngine({
    prepare: async (temp) => {
      await temp.write('packs/demo/pack.yaml', packYaml('demo'));
      await temp.write('packs/demo/rules/hook.yaml', RULE);
    },
  });

  const health = async (): Promise<{ status: number; body: HealthView }> => {
    const response = await fetch(`${current.server.url}/api/v1/health`);
    return { status: response.status, body: (await response.json()) as HealthView };
  };

  const webhookRuns = async (n: number): Promise<void> => {
    const posted = await current.api('POST', '/webhooks/demo', { n });
    expect(posted.status).toBe(202);
    const { trigger_instance: instance } = posted.body as { trigger_instance: string };
    await expect
      .poll(
        async () => (await current.engine.store.listExecutions({ trigger_instance: instance }))[0]?.status,
        { timeout: 30_000 },
      )
      .toBe('succeeded');
  };

  const worker = () => (current.engine.store as SqliteWorkerStore).worker;

  it('reports every component in /health, and serves the next webhook after the worker thread is killed', async () => {
    const before = await health();
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({
      status: 'ok',
      content_version: expect.any(Number),
      components: {
        store: { status: 'ok', driver: 'sqlite' },
        queue: { status: 'ok', driver: 'memory', depth: { waiting: 0 } },
        sensors: { status: 'ok', failed: [] },
        content: { status: 'ok', errors: 0 },
      },
    });
    await webhookRuns(1);
    const killed = worker();
    await killed.terminate();
    await webhookRuns(2);
    expect(worker()).not.toBe(killed);
    expect((await health()).status).toBe(200);
  });

  it('answers /health 503 while the store cannot be reopened, and recovers when it can', async () => {
    const { store } = current.engine.config;
    if (store.driver !== 'sqlite') throw new Error('this test needs the SQLite store');
    await webhookRuns(1);
    const database = store.path;
    const moved = `${database}.away`;
    // A folder where the database was: the restarted thread cannot open it.
    await rename(database, moved);
    await mkdir(database);
    await worker().terminate();
    await expect.poll(async () => (await health()).status, { timeout: 30_000 }).toBe(503);
    const down = await health();
    expect(down.body).toMatchObject({
      status: 'down',
      components: { store: { status: 'down', error: expect.stringMatching(/worker thread is down/) } },
    });
    const refused = await current.api('POST', '/webhooks/demo', { n: 2 });
    expect(refused.status).toBeGreaterThanOrEqual(500);

    await rm(database, { recursive: true });
    await rename(moved, database);
    await expect.poll(async () => (await health()).status, { timeout: 60_000 }).toBe(200);
    await webhookRuns(3);
    expect(await current.engine.store.listExecutions({ action: 'core.local' })).toHaveLength(2);
  });
});
