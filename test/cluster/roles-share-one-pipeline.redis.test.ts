import { afterEach, describe, expect, it } from 'vitest';

import { withClusterServers } from './cluster-servers.js';
import { engineCluster } from './engine-cluster.js';

const RULE = `name: on_hook
pack: demo
enabled: true
trigger: { type: core.st2.webhook, parameters: { url: demo } }
action: { ref: core.local, parameters: { cmd: 'echo ran {{ trigger.body.word }}' } }
`;

await withClusterServers('engines sharing Redis and PostgreSQL', () => {
  describe('engines of different roles share one pipeline through BullMQ and PostgreSQL', () => {
    let cluster: ReturnType<typeof engineCluster> | undefined;
    afterEach(async () => {
      await cluster?.cleanup();
    });

    it('a trigger instance stored by an api node is matched and run by a rules+runners node', async () => {
      cluster = engineCluster('roles', { 'on_hook.yaml': RULE });
      const api = await cluster.start(['api']);
      const worker = await cluster.start(['rules', 'runners']);
      const instance = await api.engine.dispatch(
        'core.st2.webhook',
        { headers: {}, body: { word: 'far' } },
        { triggerParameters: { url: 'demo' } },
      );
      await expect
        .poll(
          async () => (await api.engine.store.listExecutions({ trigger_instance: instance.id }))[0]?.status,
          {
            timeout: 20_000,
            interval: 100,
          },
        )
        .toBe('succeeded');
      const [execution] = await worker.engine.store.listExecutions({ trigger_instance: instance.id });
      expect(execution?.result).toMatchObject({ stdout: 'ran far' });
      expect(await api.engine.store.listEnforcements({ trigger_instance: instance.id })).toHaveLength(1);
      expect((await api.engine.store.getTriggerInstance(instance.id))?.status).toBe('processed');
    });
  });
});
