import { randomBytes } from 'node:crypto';

import { afterEach, describe, expect, it } from 'vitest';

import { withClusterServers } from './cluster-servers.js';
import { engineCluster } from './engine-cluster.js';

await withClusterServers('shared state across nodes', () => {
  describe('nodes share the datastore, waits and deploy locks through PostgreSQL', () => {
    let cluster: ReturnType<typeof engineCluster> | undefined;
    afterEach(async () => {
      delete process.env['SQUALL_SECRET_KEY'];
      await cluster?.cleanup();
    });

    it("a key written on one node is seen by the other node's template lookups, and its deletion too", async () => {
      cluster = engineCluster('kv', {});
      const a = await cluster.start(['api']);
      const b = await cluster.start(['rules', 'runners']);
      expect(b.engine.datastore.lookup.get('system', 'greeting')).toBeUndefined();
      await a.engine.datastore.set('system', 'greeting', 'hello');
      await expect
        .poll(() => b.engine.datastore.lookup.get('system', 'greeting'), { timeout: 2_000 })
        .toBe('hello');
      await a.engine.datastore.set('system', 'greeting', 'again');
      await expect
        .poll(() => b.engine.datastore.lookup.get('system', 'greeting'), { timeout: 2_000 })
        .toBe('again');
      await a.engine.datastore.delete('system', 'greeting');
      await expect
        .poll(() => b.engine.datastore.lookup.get('system', 'greeting'), { timeout: 2_000 })
        .toBeUndefined();
    });

    it('a secret key written on one node is masked in the other node (nodes share the datastore key)', async () => {
      process.env['SQUALL_SECRET_KEY'] = randomBytes(32).toString('base64');
      cluster = engineCluster('kvsecret', {});
      const a = await cluster.start(['api']);
      const b = await cluster.start(['rules', 'runners']);
      await a.engine.datastore.set('system', 'token', 's3cr3t-value-42', { secret: true });
      await expect
        .poll(() => b.engine.secrets.mask('token=s3cr3t-value-42'), { timeout: 2_000 })
        .not.toContain('s3cr3t');
    });

    it('an api node waiting for an execution sees it end on a runner node', async () => {
      cluster = engineCluster('wait', {});
      const api = await cluster.start(['api']);
      await cluster.start(['rules', 'runners']);
      const requested = await api.engine.run({ action: 'core.local', parameters: { cmd: 'echo far away' } });
      const ended = await api.engine.waitForExecution(requested.id, { timeoutMs: 20_000 });
      expect(ended.status).toBe('succeeded');
      expect(ended.result).toMatchObject({ stdout: 'far away' });
    });
  });
});
