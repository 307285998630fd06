import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createApiServer, type ApiServer } from '../../src/api/server.js';
import { silentLogger } from '../../src/common/logger.js';
import { createEngine, type Engine } from '../../src/engine/create-engine.js';
import { makeTempHome, packYaml, type TempHome } from '../support/temp-home.js';

const RULE = `name: hook
pack: demo
enabled: true
trigger: { type: core.st2.webhook, parameters: { url: demo } }
action: { ref: core.noop }
`;

/** The payload: a 3,000-level JSON object, about 30 KB. */
function deepJson(levels: number): string {
  return `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
}

describe('payload depth and size are bounded at every ingress, and nothing over a bound is stored', () => {
  let temp: TempHome;
  let engine: Engine;
  let server: ApiServer;
  beforeEach(async () => {
    temp = await makeTempHome(['core']);
    await temp.write('packs/demo/pack.yaml', packYaml('demo'));
    await temp.write('packs/demo/rules/hook.yaml', RULE);
    engine = await createEngine({
      ...{ home: temp.home, bundledPacksDirs: [temp.bundled], logger: silentLogger() },
      sensors: false,
    });
    server = await createApiServer(engine, { port: 0 });
  });
  afterEach(async () => {
    await server.close();
    await engine.stop();
    await temp.cleanup();
  });

  const post = (path: string, body: string) =>
    fetch(`${server.url}/api/v1${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });

  it('refuses a 3,000-level webhook body with 400 and keeps the store serving', async () => {
    const deep = await post('/webhooks/demo', deepJson(3000));
    expect(deep.status).toBe(400);
    expect(await deep.json()).toMatchObject({ code: 'E_PAYLOAD_TOO_DEEP' });
    const generic = await post(
      '/webhooks/st2',
      `{"trigger": "core.st2.webhook", "payload": ${deepJson(3000)}}`,
    );
    expect(generic.status).toBe(400);
    const listed = await fetch(`${server.url}/api/v1/triggerinstances`);
    expect(listed.status).toBe(200);
    expect(await listed.json()).toEqual([]);
    const fine = await post('/webhooks/demo', '{"ok": true}');
    expect(fine.status).toBe(202);
    expect(await engine.store.listTriggerInstances()).toHaveLength(1);
  });

  it('refuses deep execution parameters from the API with 400, and a body over the size bound with 413', async () => {
    const deep = await post('/executions', `{"action": "core.noop", "parameters": {"x": ${deepJson(200)}}}`);
    expect(deep.status).toBe(400);
    expect(await deep.json()).toMatchObject({ code: 'E_PAYLOAD_TOO_DEEP' });
    const big = await post('/webhooks/demo', JSON.stringify({ blob: 'x'.repeat(2 * 1024 * 1024) }));
    expect(big.status).toBe(413);
    expect(await engine.store.listExecutions()).toEqual([]);
    expect(await engine.store.listTriggerInstances()).toEqual([]);
  });

  it('refuses a deep payload dispatched in-process (pack sensors, embedders) before it is stored', async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    await expect(engine.dispatch('core.st2.webhook', cyclic)).rejects.toMatchObject({
      code: 'E_PAYLOAD_TOO_DEEP',
    });
    const wide = Object.fromEntries(Array.from({ length: 20_000 }, (_, n) => [`key${n}`, 'v'.repeat(60)]));
    await expect(engine.dispatch('core.st2.webhook', { headers: {}, body: wide })).rejects.toMatchObject({
      code: 'E_PAYLOAD_TOO_LARGE',
    });
    expect(await engine.store.listTriggerInstances()).toEqual([]);
  });
});
