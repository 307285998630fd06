import { afterEach, describe, expect, it } from 'vitest';

import { buildApiApp } from '../../src/api/server.js';
import type { ClusterStatusView } from '../../src/cluster/cluster-status.js';
import { withClusterServers } from './cluster-servers.js';
import { engineCluster } from './engine-cluster.js';

const rule = (name: string) => `name: ${name}
pack: demo
enabled: true
trigger: { type: core.st2.webhook, parameters: { url: ${name} } }
action: { ref: core.noop }
`;

await withClusterServers('one content everywhere', () => {
  describe('content changed on one node reaches every node (separate homes)', () => {
    let cluster: ReturnType<typeof engineCluster> | undefined;
    afterEach(async () => {
      await cluster?.cleanup();
    });

    it('a rule added on one node is served by every node within 2 s, at one revision', async () => {
      cluster = engineCluster('content', { 'first.yaml': rule('first') });
      const a = await cluster.start(['api']);
      const b = await cluster.start(['rules', 'runners']);
      const c = await cluster.start(['sensors']);
      const revision = a.engine.cluster?.contentRevision();
      expect(revision).toMatch(/^[0-9a-f]{16}$/);
      expect(b.engine.cluster?.contentRevision()).toBe(revision);

      await a.temp.write('packs/demo/rules/second.yaml', rule('second'));
      await a.engine.reload();
      for (const node of [b, c]) {
        await expect
          .poll(() => node.engine.snapshot().rules.has('demo.second'), { timeout: 2_000, interval: 50 })
          .toBe(true);
      }
      const next = a.engine.cluster?.contentRevision();
      expect(next).not.toBe(revision);
      expect([b, c].map((node) => node.engine.cluster?.contentRevision())).toEqual([next, next]);

      const app = await buildApiApp(a.engine);
      const answer = await app.inject({ method: 'GET', url: '/api/v1/cluster' });
      await app.close();
      const status = answer.json<ClusterStatusView>();
      expect(status.node).toBe(a.engine.cluster?.nodeId);
      expect(status.nodes.map((node) => node.roles)).toEqual([['api'], ['rules', 'runners'], ['sensors']]);
      expect(status.nodes.every((node) => node.alive && node.pid === process.pid)).toBe(true);
      await expect
        .poll(async () => (await a.engine.clusterStatus()).nodes.map((node) => node.content_revision))
        .toEqual([next, next, next]);
      expect(status.content_revision).toBe(next);
      expect(Object.keys(status.queues)).toEqual(['executions', 'trigger-instances']);
    });

    it('a node joining the cluster takes the cluster’s content, not its own', async () => {
      cluster = engineCluster('join', { 'first.yaml': rule('first') });
      const a = await cluster.start(['api']);
      await a.temp.write('packs/demo/rules/added.yaml', rule('added'));
      await a.engine.reload();
      const late = await cluster.start(['rules']);
      expect(late.engine.snapshot().rules.has('demo.added')).toBe(true);
      expect(late.engine.cluster?.contentRevision()).toBe(a.engine.cluster?.contentRevision());
    });
  });
});
