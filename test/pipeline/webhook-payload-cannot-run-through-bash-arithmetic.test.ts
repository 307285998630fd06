import { existsSync } from 'node:fs';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createApiServer, type ApiServer } from '../../src/api/server.js';
import { useTempEngine } from '../support/temp-engine.js';
import { packYaml } from '../support/temp-home.js';

// The rule of issue 10, item 1: a quoted value was still evaluated as an arithmetic expression,
// whose array subscript ran a command substitution.
const RULE = {
  name: 'count_alert',
  pack: 'demo',
  enabled: true,
  trigger: { type: 'core.st2.webhook', parameters: { url: 'count' } },
  action: { ref: 'core.local', parameters: { cmd: '[[ {{ trigger.body.count }} -gt 10 ]] && echo big' } },
};

describe('a webhook payload cannot run a command through bash arithmetic', () => {
  const current = useTempEngine({
    engine: { sensors: true },
    prepare: async (temp) => {
      await temp.write('packs/demo/pack.yaml', packYaml('demo'));
      await temp.write('packs/demo/rules/count_alert.yaml', `${JSON.stringify(RULE, null, 2)}\n`);
    },
  });
  let api: ApiServer;
  beforeEach(async () => {
    api = await createApiServer(current.engine, { port: 0, host: '127.0.0.1' });
  });
  afterEach(async () => {
    await api.close();
  });

  async function post(body: unknown): Promise<string> {
    const response = await fetch(`${api.url}/api/v1/webhooks/count`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(202);
    const answer = (await response.json()) as { trigger_instance: string };
    await current.engine.idle();
    return answer.trigger_instance;
  }

  it('refuses to render a subscript payload: nothing runs, the enforcement says why', async () => {
    const marker = path.join(current.temp.home, 'pwned');
    const instance = await post({ count: `a[$(touch ${marker})]` });
    expect(existsSync(marker)).toBe(false);
    expect(await current.engine.store.listExecutions({ trigger_instance: instance })).toEqual([]);
    const [enforcement] = await current.engine.store.listEnforcements({ trigger_instance: instance });
    expect(enforcement?.status).toBe('failed');
    expect(enforcement?.failure_reason).toMatch(/numeric comparison of \[\[ … \]\].*must be an integer/);
    expect(enforcement?.failure_reason).toMatch(/E_TEMPLATE_RENDER|failed to render/);
  });

  it('still runs the rule for a number', async () => {
    const instance = await post({ count: 12 });
    const [execution] = await current.engine.store.listExecutions({ trigger_instance: instance });
    expect(execution).toMatchObject({ status: 'succeeded', stdout: 'big' });
  });
});
