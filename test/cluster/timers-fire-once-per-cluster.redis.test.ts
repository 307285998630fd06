import { afterEach, describe, expect, it } from 'vitest';

import { withClusterServers } from './cluster-servers.js';
import { engineCluster } from './engine-cluster.js';

const TIMER_RULE = `name: every_second
pack: demo
enabled: true
trigger: { type: core.st2.IntervalTimer, parameters: { unit: seconds, delta: 1 } }
action: { ref: core.noop }
`;

await withClusterServers('timers once per cluster', () => {
  describe('an interval timer fires once per tick across the cluster, not once per node', () => {
    let cluster: ReturnType<typeof engineCluster> | undefined;
    afterEach(async () => {
      await cluster?.cleanup();
    });

    it('three sensors nodes fire a 1 s timer about once a second; a leaving holder hands it over', async () => {
      cluster = engineCluster('timers', { 'every_second.yaml': TIMER_RULE });
      const options = { sensors: true, cluster: { lease_seconds: 2, heartbeat_seconds: 1 } };
      const nodes = [];
      for (let i = 0; i < 3; i++) nodes.push(await cluster.start(['sensors', 'rules', 'runners'], options));
      let store = nodes[0]!.engine.store;
      const fires = async () =>
        (await store.listTriggerInstances({ trigger: 'core.st2.IntervalTimer', limit: 1000 })).length;
      await expect.poll(fires, { timeout: 10_000, interval: 100 }).toBeGreaterThan(0);
      const first = Date.now();
      const firstCount = await fires();
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      const elapsed = (Date.now() - first) / 1000;
      const fired = (await fires()) - firstCount;
      // Once per node would be three times this.
      expect(fired).toBeGreaterThanOrEqual(Math.floor(elapsed) - 1);
      expect(fired).toBeLessThanOrEqual(Math.ceil(elapsed) + 1);

      const leases = await store.listLeases();
      expect(leases).toHaveLength(1);
      const holder = nodes.find((node) => node.engine.cluster?.nodeId === leases[0]!.holder)!;
      store = nodes.find((node) => node !== holder)!.engine.store;
      await holder.engine.stop();
      await expect
        .poll(async () => (await store.listLeases()).map((lease) => lease.holder), { timeout: 10_000 })
        .toEqual([expect.not.stringMatching(leases[0]!.holder)]);
      const handedOver = await fires();
      await expect.poll(fires, { timeout: 10_000, interval: 100 }).toBeGreaterThan(handedOver + 1);
    });
  });
});
