import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startApi, type ApiFixture } from './helpers/api-fixture.js';
import { createDemoHome, type TempHome } from './helpers/temp-home.js';

type Row = Record<string, unknown>;

describe('API content resources: actions, rules, trigger types, packs, reload', () => {
  let home: TempHome;
  let api: ApiFixture;

  beforeAll(async () => {
    home = await createDemoHome();
    api = await startApi(home);
  });
  afterAll(async () => {
    await api.close();
    await home.remove();
  });

  it('lists and gets actions in st2 shape, a secret default never shown', async () => {
    const list = (await api.request('GET', '/actions?pack=demo')).body as Row[];
    expect(list.map((action) => action['ref'])).toEqual(['demo.secret_echo']);
    const { status, body } = await api.request('GET', '/actions/demo.secret_echo');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      ref: 'demo.secret_echo',
      uid: 'action:demo:secret_echo',
      name: 'secret_echo',
      pack: 'demo',
      runner_type: 'local-shell-cmd',
      enabled: true,
      parameters: { token: { type: 'string', secret: true } },
    });
    expect(await api.request('GET', '/actions/demo.missing')).toMatchObject({
      status: 404,
      body: { code: 'E_UNKNOWN_ACTION' },
    });
  });

  it('lists and gets rules with st2 fields', async () => {
    const list = (await api.request('GET', '/rules?pack=demo')).body as Row[];
    expect(list.map((rule) => rule['ref'])).toEqual(['demo.on_failure']);
    expect((await api.request('GET', '/rules/demo.on_failure')).body).toMatchObject({
      ref: 'demo.on_failure',
      uid: 'rule:demo:on_failure',
      enabled: true,
      type: { ref: 'standard' },
      trigger: { type: 'core.st2.generic.actiontrigger' },
      criteria: { 'trigger.status': { type: 'equals', pattern: 'failed' } },
      action: { ref: 'core.local' },
    });
    expect((await api.request('GET', '/rules/demo.nope')).status).toBe(404);
  });

  it('lists trigger types', async () => {
    const types = (await api.request('GET', '/triggertypes')).body as Row[];
    expect(types.find((type) => type['ref'] === 'core.st2.generic.actiontrigger')).toMatchObject({
      pack: 'core',
      name: 'st2.generic.actiontrigger',
    });
  });

  it('reports packs with content counts and load issues', async () => {
    const packs = (await api.request('GET', '/packs')).body as Row[];
    expect(packs.map((pack) => pack['ref'])).toContain('demo');
    const { body } = await api.request('GET', '/packs/demo');
    expect(body).toMatchObject({
      ref: 'demo',
      version: '1.0.0',
      bundled: false,
      content: { actions: 1, rules: 1, triggers: 0 },
      issues: [
        { severity: 'error', kind: 'rule', pack: 'demo', file: expect.stringContaining('broken.yaml') },
      ],
    });
    expect(await api.request('GET', '/packs/zzz')).toMatchObject({
      status: 404,
      body: { code: 'E_UNKNOWN_PACK' },
    });
  });

  it('reloads content from disk, narrowed to a pack with ?pack=', async () => {
    await home.write(
      'packs/demo/rules/second.yaml',
      'name: second\npack: demo\nenabled: true\ntrigger: {type: core.st2.generic.actiontrigger}\naction: {ref: core.noop}\n',
    );
    const { status, body } = await api.request('POST', '/packs/reload?pack=demo');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      pack: 'demo',
      packs: 1,
      actions: 1,
      rules: 2,
      issues: [{ severity: 'error' }],
    });
    expect((await api.request('GET', '/rules/demo.second')).status).toBe(200);
    expect((await api.request('POST', '/packs/reload?pack=zzz')).status).toBe(404);
  });

  it('lists and gets trigger instances the engine stored', async () => {
    const dispatched = await api.engine.dispatch('core.st2.generic.actiontrigger', {
      execution_id: 'x',
      status: 'succeeded',
      action_ref: 'core.noop',
    });
    await api.engine.idle();
    const list = (await api.request('GET', '/triggerinstances?trigger=core.st2.generic.actiontrigger'))
      .body as Row[];
    expect(list.map((instance) => instance['id'])).toContain(dispatched.id);
    expect((await api.request(`GET`, `/triggerinstances/${dispatched.id}`)).body).toMatchObject({
      id: dispatched.id,
      trigger: 'core.st2.generic.actiontrigger',
      payload: { execution_id: 'x' },
      status: 'processed',
    });
    expect((await api.request('GET', '/triggerinstances/none')).status).toBe(404);
    expect((await api.request('GET', '/triggerinstances?status=weird')).status).toBe(400);
  });
});
