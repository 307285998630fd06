import { describe, expect, it } from 'vitest';

import { useTempEngine } from '../support/temp-engine.js';

describe('datastore changes fire StackStorm key_value_pair triggers', () => {
  const current = useTempEngine();

  const payloads = async (trigger: string) =>
    (await current.engine.store.listTriggerInstances({ trigger: `core.st2.key_value_pair.${trigger}` })).map(
      (ti) => ti.payload,
    );

  it('in st2 KeyValuePair shape, with secrets masked', async () => {
    await current.engine.datastore.set('system', 'feature.x', 'on');
    await current.engine.datastore.set('system', 'feature.x', 'off');
    await current.engine.datastore.set('user:alice', 'token', 'hunter22', { secret: true });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await current.engine.idle();
    expect(await payloads('value_change')).toEqual([
      {
        old_object: expect.objectContaining({ name: 'feature.x', value: 'on', scope: 'st2kv.system' }),
        new_object: expect.objectContaining({ name: 'feature.x', value: 'off', scope: 'st2kv.system' }),
      },
    ]);
    const created = await payloads('create');
    expect(created).toContainEqual({
      object: expect.objectContaining({
        name: 'token',
        scope: 'st2kv.user',
        user: 'alice',
        secret: true,
        value: '********',
      }),
    });
    expect(JSON.stringify(created)).not.toContain('hunter22');
  });
});
