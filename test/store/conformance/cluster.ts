import { expect, it } from 'vitest';
import type { ClusterStore } from '../../../src/store/cluster-store.js';
import { describeWithStore, type Closable, type StoreTestTarget } from './store-target.js';

const INFO = { roles: ['sensors'], host: 'h1', pid: 1, version: '0.1.0', content_revision: null };

/** The ClusterStore contract (leases, node heartbeats) every driver passes. */
export function testClusterStore(
  name: string,
  makeTarget: () => Promise<StoreTestTarget<ClusterStore & Closable>>,
): void {
  describeWithStore(`cluster store conformance: ${name}`, makeTarget, (ctx) => {
    it('a lease is held by one holder until it expires, then another takes it', async () => {
      const t = 1_000_000;
      expect(await ctx.store.acquireLease('timer:a', 'n1', 10_000, t)).toBe(true);
      expect(await ctx.store.acquireLease('timer:a', 'n2', 10_000, t + 1)).toBe(false);
      expect(await ctx.store.acquireLease('timer:a', 'n1', 10_000, t + 5_000)).toBe(true);
      expect(await ctx.store.acquireLease('timer:a', 'n2', 10_000, t + 14_999)).toBe(false);
      expect(await ctx.store.acquireLease('timer:a', 'n2', 10_000, t + 15_000)).toBe(true);
      expect(await ctx.store.acquireLease('timer:a', 'n1', 10_000, t + 15_001)).toBe(false);
      expect(await ctx.store.listLeases(t + 15_001)).toEqual([
        { name: 'timer:a', holder: 'n2', acquired_ms: t + 15_000, expires_ms: t + 25_000 },
      ]);
    });

    it('of holders racing for a free lease exactly one wins', async () => {
      const holders = Array.from({ length: 8 }, (_, i) => `n${i}`);
      const won = await Promise.all(
        holders.map((holder) => ctx.store.acquireLease('sensor:x', holder, 5_000)),
      );
      expect(won.filter(Boolean)).toHaveLength(1);
    });

    it('a released lease is free at once; only its holder can release it', async () => {
      await ctx.store.acquireLease('l', 'n1', 60_000);
      await ctx.store.releaseLease('l', 'n2');
      expect(await ctx.store.acquireLease('l', 'n2', 60_000)).toBe(false);
      await ctx.store.releaseLease('l', 'n1');
      expect(await ctx.store.acquireLease('l', 'n2', 60_000)).toBe(true);
    });

    it('nodes are listed by heartbeat; a removed node takes its leases with it', async () => {
      await ctx.store.heartbeatNode('n1', INFO, 100);
      await ctx.store.heartbeatNode('n2', { ...INFO, roles: ['api'], content_revision: 'r1' }, 200);
      await ctx.store.heartbeatNode('n1', { ...INFO, pid: 2 }, 300);
      const nodes = await ctx.store.listNodes(0);
      expect(nodes.map((node) => [node.id, node.pid, node.started_ms, node.heartbeat_ms])).toEqual([
        ['n1', 2, 100, 300],
        ['n2', 1, 200, 200],
      ]);
      expect(nodes[1]).toMatchObject({ roles: ['api'], content_revision: 'r1', host: 'h1' });
      expect((await ctx.store.listNodes(250)).map((node) => node.id)).toEqual(['n1']);
      await ctx.store.acquireLease('l', 'n1', 60_000);
      await ctx.store.removeNode('n1');
      expect((await ctx.store.listNodes(0)).map((node) => node.id)).toEqual(['n2']);
      expect(await ctx.store.listLeases()).toEqual([]);
    });
  });
}
