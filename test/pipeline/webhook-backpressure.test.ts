import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createApiServer, type ApiServer } from '../../src/api/server.js';
import { createEngine, type Engine } from '../../src/engine/create-engine.js';
import { silentLogger } from '../../src/common/logger.js';
import type { BackpressureSettings } from '../../src/pipeline/backpressure.js';
import { makeTempHome, packYaml, type TempHome } from '../support/temp-home.js';

const RULE = `name: on_hook
pack: demo
enabled: true
trigger: { type: core.st2.webhook, parameters: { url: burst } }
action:
  ref: held.hold
`;

// A bundled pack's action on the internal runner: each execution holds until the test releases it,
// so the runners fall behind for as long as the test wants.
const HOLD_ACTION = `name: hold
runner_type: squall-internal
entry_point: test.hold
enabled: true
`;

const MAX_BACKLOG = 20;
const CONCURRENCY = 2;

describe('webhooks under a burst the runners cannot keep up with', () => {
  let temp: TempHome;
  let engine: Engine;
  let server: ApiServer;
  let released = false;
  const holders: (() => void)[] = [];

  const start = async (settings: Partial<BackpressureSettings>): Promise<void> => {
    engine = await createEngine({
      home: temp.home,
      bundledPacksDirs: [temp.bundled],
      logger: silentLogger(),
      sensors: false,
      config: {
        executions: { concurrency: CONCURRENCY },
        backpressure: {
          max_backlog: MAX_BACKLOG,
          webhooks: 'reject',
          max_wait: 30,
          retry_after: 2,
          status: 503,
          ...settings,
        },
      },
    });
    engine.registerInternalAction('test.hold', async () => {
      if (!released) await new Promise<void>((resolve) => holders.push(resolve));
      return { held: true };
    });
    server = await createApiServer(engine, { port: 0 });
  };
  const release = (): void => {
    released = true;
    for (const resolve of holders.splice(0)) resolve();
  };
  const post = (n: number) =>
    fetch(`${server.url}/api/v1/webhooks/burst`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ n }),
    });

  beforeEach(async () => {
    released = false;
    temp = await makeTempHome();
    await temp.write('packs/demo/pack.yaml', packYaml('demo'));
    await temp.write('packs/demo/rules/on_hook.yaml', RULE);
    const held = path.join(temp.bundled, 'held');
    await mkdir(path.join(held, 'actions'), { recursive: true });
    await writeFile(path.join(held, 'pack.yaml'), packYaml('held'));
    await writeFile(path.join(held, 'actions/hold.yaml'), HOLD_ACTION);
  });

  afterEach(async () => {
    release();
    await server?.close();
    await engine?.stop();
    await temp.cleanup();
  });

  it('answers 503 with Retry-After once the backlog is full, keeps the backlog within max_backlog, and runs every accepted event', async () => {
    await start({});
    let peak = 0;
    const watch = setInterval(() => {
      engine.backlog().then(
        (backlog) => (peak = Math.max(peak, backlog)),
        () => undefined,
      );
    }, 1);
    const accepted: string[] = [];
    const refused: Response[] = [];
    // Four waves of concurrent requests, far more than the backlog holds while the runners are held.
    for (let wave = 0; wave < 4; wave++) {
      const answers = await Promise.all(Array.from({ length: 25 }, (_, i) => post(wave * 25 + i)));
      for (const answer of answers) {
        if (answer.status === 202)
          accepted.push(((await answer.json()) as { trigger_instance: string }).trigger_instance);
        else refused.push(answer);
      }
      peak = Math.max(peak, await engine.backlog());
    }
    clearInterval(watch);

    expect(refused.length).toBeGreaterThan(0);
    for (const answer of refused) {
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('2');
      expect(((await answer.json()) as { code: string }).code).toBe('E_SATURATED');
    }
    // Bounded by the configuration however long the burst lasts: the held executions are running,
    // the rest wait in the backlog, never more than max_backlog of them.
    expect(peak).toBeLessThanOrEqual(MAX_BACKLOG);
    expect(accepted.length).toBeLessThanOrEqual(MAX_BACKLOG + CONCURRENCY);

    release();
    await engine.idle();
    for (const id of accepted) {
      const [enforcement] = await engine.store.listEnforcements({ trigger_instance: id });
      expect(enforcement?.execution, `trigger instance ${id} has an execution`).toBeTruthy();
      const execution = await engine.store.getExecution(enforcement!.execution!);
      expect(execution?.status).toBe('succeeded');
    }
    expect(await engine.backlog()).toBe(0);
    // Once there is room again, webhooks are accepted.
    expect((await post(1000)).status).toBe(202);
  });

  it('holds a webhook until there is room when backpressure.webhooks is wait, instead of refusing it', async () => {
    await start({ webhooks: 'wait', max_backlog: 3 });
    const answers = Array.from({ length: 12 }, (_, i) => post(i));
    await expect.poll(() => engine.backlog(), { timeout: 10_000 }).toBe(3);
    // Released later: the held requests were neither refused nor acknowledged meanwhile.
    release();
    const statuses = await Promise.all(answers.map(async (answer) => (await answer).status));
    expect(statuses).toEqual(Array.from({ length: 12 }, () => 202));
    await engine.idle();
    const executions = await engine.store.listExecutions({ status: 'succeeded', limit: 100 });
    expect(executions.length).toBe(12);
  });
});
