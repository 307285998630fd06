import { expect, it } from 'vitest';
import { BackendError, ConflictError, NotFoundError } from '../../../src/common/errors.js';
import type { Store } from '../../../src/store/store.js';
import { execution, idAt, keyValuePair, triggerInstance } from './fixtures.js';
import { describeWithStore, type StoreTestTarget } from './store-target.js';

/**
 * The StoreBackend contract: migrations, group commit (writes of any concern share a transaction;
 * one failing write rejects alone) and a close that loses nothing.
 */
export function testStoreBackend(name: string, makeTarget: () => Promise<StoreTestTarget<Store>>): void {
  describeWithStore(`store backend conformance: ${name}`, makeTarget, (ctx) => {
    it('migrate() is idempotent', async () => {
      await ctx.store.migrate();
      await ctx.store.migrate();
      await ctx.store.insertTriggerInstance(triggerInstance(1));
      expect(await ctx.store.listTriggerInstances()).toHaveLength(1);
    });

    it('commits many writes issued in one tick', async () => {
      const writes: Promise<unknown>[] = [];
      for (let n = 1; n <= 3000; n++) {
        writes.push(ctx.store.insertTriggerInstance(triggerInstance(n)));
        if (n % 3 === 0) writes.push(ctx.store.insertExecution(execution(n)));
      }
      await Promise.all(writes);
      expect(await ctx.store.listTriggerInstances({ limit: 0 })).toHaveLength(3000);
      expect(await ctx.store.listExecutions({ limit: 0 })).toHaveLength(1000);
    });

    it('rejects only the failing writes of a batch', async () => {
      await ctx.store.insertTriggerInstance(triggerInstance(1));
      const results = await Promise.allSettled([
        ctx.store.insertTriggerInstance(triggerInstance(2)),
        ctx.store.insertTriggerInstance(triggerInstance(1)),
        ctx.store.insertExecution(execution(3)),
        ctx.store.updateExecution(idAt(99), { status: 'running' }),
        ctx.store.updateExecution(idAt(3), { status: 'running' }),
        ctx.store.insertTriggerInstance(triggerInstance(2)),
        ctx.store.putKey(keyValuePair('k')),
      ]);
      expect(results.map((r) => r.status)).toEqual([
        'fulfilled',
        'rejected',
        'fulfilled',
        'rejected',
        'fulfilled',
        'rejected',
        'fulfilled',
      ]);
      const reasons = results.map((r) => (r.status === 'rejected' ? r.reason : undefined));
      expect(reasons[1]).toBeInstanceOf(ConflictError);
      expect(reasons[3]).toBeInstanceOf(NotFoundError);
      expect(reasons[5]).toBeInstanceOf(ConflictError);
      expect((await ctx.store.listTriggerInstances()).map((i) => i.id)).toEqual([idAt(2), idAt(1)]);
      expect((await ctx.store.getExecution(idAt(3)))?.status).toBe('running');
      expect(await ctx.store.getKey('system', 'k')).toBeDefined();
    });

    it('reads see writes that were issued before them', async () => {
      const write = ctx.store.insertTriggerInstance(triggerInstance(1));
      const read = ctx.store.getTriggerInstance(idAt(1));
      await write;
      expect(await read).toStrictEqual(triggerInstance(1));
    });

    it('close() flushes pending writes, which survive a reopen', async () => {
      const writes = [
        ctx.store.insertTriggerInstance(triggerInstance(1)),
        ctx.store.insertExecution(execution(2)),
        ctx.store.updateExecution(idAt(2), { status: 'running' }),
        ctx.store.putKey(keyValuePair('persisted', { value: 'ünïcode' })),
      ];
      await ctx.store.close();
      await Promise.all(writes);
      await expect(ctx.store.insertTriggerInstance(triggerInstance(3))).rejects.toBeInstanceOf(BackendError);
      await ctx.store.close();
      ctx.store = await ctx.target.open();
      expect(await ctx.store.getTriggerInstance(idAt(1))).toStrictEqual(triggerInstance(1));
      expect(await ctx.store.getExecution(idAt(2))).toStrictEqual({ ...execution(2), status: 'running' });
      expect((await ctx.store.getKey('system', 'persisted'))?.value).toBe('ünïcode');
    });
  });
}
