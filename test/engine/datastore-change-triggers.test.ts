import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createEngine, type Engine } from '../../src/engine/create-engine.js';
import { silentLogger } from '../../src/logger.js';
import { makeTempHome, type TempHome } from '../support/temp-home.js';

describe('datastore changes fire StackStorm key_value_pair triggers', () => {
  let temp: TempHome;
  let engine: Engine;

  beforeEach(async () => {
    temp = await makeTempHome();
    engine = await createEngine({
      home: temp.home,
      bundledPacksDirs: [temp.bundled],
      logger: silentLogger(),
      sensors: false,
    });
  });

  afterEach(async () => {
    await engine.stop();
    await temp.cleanup();
  });

  const payloads = async (trigger: string) =>
    (await engine.store.listTriggerInstances({ trigger: `core.st2.key_value_pair.${trigger}` })).map(
      (ti) => ti.payload,
    );

  it('in st2 KeyValuePair shape, with secrets masked', async () => {
    await engine.datastore.set('system', 'feature.x', 'on');
    await engine.datastore.set('system', 'feature.x', 'off');
    await engine.datastore.set('user:alice', 'token', 'hunter22', { secret: true });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await engine.idle();
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
