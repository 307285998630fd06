import { expect, it } from 'vitest';
import type { KeyValueStore } from '../../../src/store/key-value-store.js';
import { keyValuePair, sleep } from './fixtures.js';
import { describeWithStore, type Closable, type StoreTestTarget } from './store-target.js';

/** The KeyValueStore contract (datastore keys, their expiry) every driver passes. */
export function testKeyValueStore(
  name: string,
  makeTarget: () => Promise<StoreTestTarget<KeyValueStore & Closable>>,
): void {
  describeWithStore(`key-value store conformance: ${name}`, makeTarget, (ctx) => {
    it('puts, gets, overwrites and deletes keys', async () => {
      const pair = keyValuePair('api_url', { value: 'https://example.com/ü?a=1' });
      await ctx.store.putKey(pair);
      expect(await ctx.store.getKey('system', 'api_url')).toStrictEqual(pair);
      expect(await ctx.store.getKey('user:stanley', 'api_url')).toBeUndefined();
      const secret = { ...pair, value: 'v1:Y2lwaGVy', secret: true, updated_at: '2024-06-01T00:00:00.000Z' };
      await ctx.store.putKey(secret);
      expect(await ctx.store.getKey('system', 'api_url')).toStrictEqual(secret);
      expect(await ctx.store.deleteKey('system', 'api_url')).toBe(true);
      expect(await ctx.store.deleteKey('system', 'api_url')).toBe(false);
      expect(await ctx.store.getKey('system', 'api_url')).toBeUndefined();
    });

    it('lists keys by scope and prefix, sorted', async () => {
      const pairs = [
        keyValuePair('b.one'),
        keyValuePair('a.two'),
        keyValuePair('a.one'),
        keyValuePair('ä.x'),
        keyValuePair('a.one', { scope: 'user:stanley' }),
        keyValuePair('A.upper'),
      ];
      await Promise.all(pairs.map((p) => ctx.store.putKey(p)));
      const names = (list: { scope: string; key: string }[]) => list.map((p) => `${p.scope}/${p.key}`);
      expect(names(await ctx.store.listKeys('system'))).toEqual([
        'system/A.upper',
        'system/a.one',
        'system/a.two',
        'system/b.one',
        'system/ä.x',
      ]);
      expect(names(await ctx.store.listKeys('system', 'a.'))).toEqual(['system/a.one', 'system/a.two']);
      expect(names(await ctx.store.listKeys('system', 'ä'))).toEqual(['system/ä.x']);
      expect(names(await ctx.store.listKeys(undefined, 'a.o'))).toEqual([
        'system/a.one',
        'user:stanley/a.one',
      ]);
      expect(await ctx.store.listKeys()).toHaveLength(6);
      expect(await ctx.store.listKeys('user:nobody')).toEqual([]);
    });

    it('leaves expired keys out of get, list and delete', async () => {
      const past = new Date(Date.now() - 1000).toISOString();
      const soon = new Date(Date.now() + 400).toISOString();
      await ctx.store.putKey(keyValuePair('gone', { expire_at: past }));
      await ctx.store.putKey(keyValuePair('soon', { expire_at: soon }));
      await ctx.store.putKey(keyValuePair('forever'));
      expect(await ctx.store.getKey('system', 'gone')).toBeUndefined();
      expect((await ctx.store.getKey('system', 'soon'))?.expire_at).toBe(soon);
      expect((await ctx.store.listKeys('system')).map((p) => p.key)).toEqual(['forever', 'soon']);
      await sleep(450);
      expect(await ctx.store.getKey('system', 'soon')).toBeUndefined();
      expect((await ctx.store.listKeys('system')).map((p) => p.key)).toEqual(['forever']);
      expect(await ctx.store.deleteKey('system', 'soon')).toBe(false);
      await ctx.store.putKey(keyValuePair('soon'));
      expect(await ctx.store.getKey('system', 'soon')).toStrictEqual(keyValuePair('soon'));
    });
  });
}
