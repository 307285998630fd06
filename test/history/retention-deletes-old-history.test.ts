import { describe, expect, it } from 'vitest';

import { newId } from '../../src/domain/ids.js';
import { useServedEngine } from '../support/served-engine.js';
import { packYaml } from '../support/temp-home.js';

const RULE = `name: on_hook
pack: demo
enabled: true
trigger: { type: core.st2.webhook, parameters: { url: kept } }
action:
  ref: core.local
  parameters: { cmd: 'echo {{ trigger.body.word }}' }
`;

// Three seconds of retention, collected every 200 ms: what has ended goes soon after.
const SHORT_TTL = `history:
  retention_days: ${3 / 86_400}
  output_retention_days: ${3 / 86_400}
  gc_interval_seconds: 0.2
  gc_batch_size: 2
`;

describe('history retention deletes old trigger instances, enforcements, executions and output', () => {
  const served = useServedEngine({
    prepare: async (temp) => {
      await temp.write('squall.yaml', SHORT_TTL);
      await temp.write('packs/demo/pack.yaml', packYaml('demo'));
      await temp.write('packs/demo/rules/on_hook.yaml', RULE);
    },
  });

  it('deletes what ended past its TTL in small batches and never a running execution', async () => {
    const { engine } = served;
    const running = await engine.run({ action: 'core.local', parameters: { cmd: 'sleep 20', timeout: 60 } });
    const instances: string[] = [];
    for (const word of ['one', 'two', 'three']) {
      const posted = await served.api('POST', '/webhooks/kept', { word });
      expect(posted.status).toBe(202);
      instances.push((posted.body as { trigger_instance: string }).trigger_instance);
    }
    await expect
      .poll(async () => (await engine.store.listExecutions({ rule: 'demo.on_hook' })).length, {
        timeout: 20_000,
      })
      .toBe(3);
    const ended = await engine.store.listExecutions({ rule: 'demo.on_hook' });
    for (const execution of ended) await engine.waitForExecution(execution.id, { timeoutMs: 20_000 });
    const first = ended[0]!.id;
    const chunk = (execution: string, data: string) => ({
      id: newId(),
      execution_id: execution,
      action_ref: 'core.local',
      runner_ref: 'local-shell-cmd',
      output_type: 'stdout' as const,
      data,
      timestamp: new Date().toISOString(),
    });
    await engine.store.appendExecutionOutput([chunk(first, 'one\n'), chunk(running.id, 'still going\n')]);

    await expect
      .poll(async () => (await served.api('GET', `/executions/${first}`)).status, {
        timeout: 30_000,
        interval: 200,
      })
      .toBe(404);
    await expect
      .poll(async () => (await engine.store.listExecutions({ rule: 'demo.on_hook' })).length, {
        timeout: 30_000,
      })
      .toBe(0);
    await expect
      .poll(
        async () =>
          (await engine.store.listTriggerInstances()).filter((t) => instances.includes(t.id)).length,
        {
          timeout: 30_000,
        },
      )
      .toBe(0);
    expect(await engine.store.listEnforcements({ rule: 'demo.on_hook' })).toEqual([]);
    await expect.poll(() => engine.store.listExecutionOutput(first), { timeout: 30_000 }).toEqual([]);

    // Older than the TTL too, but still running: kept.
    const stillRunning = await served.api('GET', `/executions/${running.id}`);
    expect(stillRunning.status).toBe(200);
    expect((stillRunning.body as { status: string }).status).toBe('running');
    expect((await engine.store.listExecutionOutput(running.id)).map((c) => c.data)).toEqual([
      'still going\n',
    ]);
    await engine.cancelExecution(running.id);
  });
});
