import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDatastore, type KeyValueChangeEvent } from '../../src/datastore/datastore.js';
import { createSecretBox, type SecretBox } from '../../src/datastore/secret-box.js';
import { createStore } from '../../src/store/create-store.js';
import type { Store } from '../../src/store/store.js';

describe('datastore', () => {
  let dir: string;
  let store: Store;
  let secretBox: SecretBox;
  let events: KeyValueChangeEvent[];
  const open = () => createDatastore({ store, secretBox, onChange: (event) => events.push(event) });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'squall-datastore-'));
    store = await createStore({ driver: 'sqlite', path: join(dir, 'squall.db') });
    secretBox = createSecretBox(randomBytes(32));
    events = [];
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('sets, gets, lists and deletes plain keys and keeps the lookup in sync', async () => {
    const datastore = open();
    await datastore.load();
    await datastore.set('system', 'api_url', 'https://example.com');
    await datastore.set('user:stanley', 'api_url', 'https://mine.example.com');
    expect(datastore.lookup.get('system', 'api_url')).toBe('https://example.com');
    expect(datastore.lookup.get('user:stanley', 'api_url')).toBe('https://mine.example.com');
    expect((await datastore.get('system', 'api_url'))?.value).toBe('https://example.com');
    expect((await datastore.list()).map((p) => `${p.scope}/${p.key}`)).toEqual([
      'system/api_url',
      'user:stanley/api_url',
    ]);
    expect(await datastore.delete('system', 'api_url')).toBe(true);
    expect(await datastore.delete('system', 'api_url')).toBe(false);
    expect(datastore.lookup.get('system', 'api_url')).toBeUndefined();
    expect(await datastore.get('system', 'api_url')).toBeUndefined();
  });

  it('stores secrets encrypted and reveals them only when asked', async () => {
    const datastore = open();
    const stored = await datastore.set('system', 'token', 's3cr3t ü', { secret: true });
    expect(stored).toMatchObject({ value: '********', secret: true });
    const raw = await store.getKey('system', 'token');
    expect(raw?.value).toMatch(/^v1:/);
    expect(JSON.stringify(await datastore.list('system'))).not.toContain('s3cr3t');
    expect((await datastore.list('system', 'to', { decrypt: true }))[0]?.value).toBe('s3cr3t ü');
    expect((await datastore.get('system', 'token'))?.value).toBe(raw?.value);
    expect((await datastore.get('system', 'token', { decrypt: true }))?.value).toBe('s3cr3t ü');
    const ciphertext = datastore.lookup.get('system', 'token');
    expect(ciphertext).toBe(raw?.value);
    expect(datastore.decrypt(ciphertext ?? '')).toBe('s3cr3t ü');
    expect(JSON.stringify(events)).not.toContain('s3cr3t');
  });

  it('warms the lookup from the store on load()', async () => {
    await open().set('system', 'warm', 'yes');
    const fresh = open();
    expect(fresh.lookup.get('system', 'warm')).toBeUndefined();
    await fresh.load();
    expect(fresh.lookup.get('system', 'warm')).toBe('yes');
  });

  it('emits create, update, value_change and delete like st2, secrets masked', async () => {
    const datastore = open();
    await datastore.set('system', 'k', 'one');
    await datastore.set('system', 'k', 'one');
    await datastore.set('system', 'k', 'two');
    await datastore.set('system', 'k', 'two', { secret: true });
    await datastore.set('system', 'k', 'two', { secret: true });
    await datastore.delete('system', 'k');
    const summary = events.map((e) => [e.type, e.pair.value, e.old?.value]);
    expect(summary).toEqual([
      ['create', 'one', undefined],
      ['update', 'one', 'one'],
      ['update', 'two', 'one'],
      ['value_change', 'two', 'one'],
      ['update', '********', 'two'],
      ['value_change', '********', 'two'],
      ['update', '********', '********'],
      ['delete', '********', undefined],
    ]);
  });

  it('keeps events in order for concurrent writes to one key', async () => {
    const datastore = open();
    await Promise.all([datastore.set('system', 'c', '1'), datastore.set('system', 'c', '2')]);
    expect(events.map((e) => e.type)).toEqual(['create', 'update', 'value_change']);
    expect(datastore.lookup.get('system', 'c')).toBe('2');
  });

  it('honours TTL in the lookup and in the store', async () => {
    let clock = Date.now();
    const datastore = createDatastore({ store, secretBox, now: () => clock });
    const pair = await datastore.set('system', 'short', 'lived', { ttlSeconds: 1 });
    expect(Date.parse(pair.expire_at ?? '')).toBe(clock + 1000);
    expect(datastore.lookup.get('system', 'short')).toBe('lived');
    clock += 1000;
    expect(datastore.lookup.get('system', 'short')).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await datastore.get('system', 'short')).toBeUndefined();
    expect(await datastore.list('system')).toEqual([]);
  });

  it('validates scope, key, value and ttl', async () => {
    const datastore = open();
    await expect(datastore.set('global', 'k', 'v')).rejects.toMatchObject({ code: 'E_DATASTORE_SCOPE' });
    await expect(datastore.set('system', '', 'v')).rejects.toMatchObject({ code: 'E_DATASTORE_KEY' });
    await expect(datastore.set('system', 'k', 'v', { ttlSeconds: 0 })).rejects.toMatchObject({
      code: 'E_DATASTORE_TTL',
    });
    await expect(datastore.set('system', 'k', 5 as unknown as string)).rejects.toMatchObject({
      code: 'E_DATASTORE_VALUE',
    });
    await expect(datastore.list('user:')).rejects.toMatchObject({ code: 'E_DATASTORE_SCOPE' });
  });

  it('does not fail the write when onChange throws', async () => {
    const datastore = createDatastore({
      store,
      secretBox,
      onChange: () => {
        throw new Error('listener broke');
      },
    });
    await expect(datastore.set('system', 'k', 'v')).resolves.toMatchObject({ value: 'v' });
    expect((await datastore.get('system', 'k'))?.value).toBe('v');
  });
});
