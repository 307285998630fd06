import { rm } from 'node:fs/promises';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createApiServer, type ApiServer } from '../../src/api/server.js';
import { createEngine, type Engine } from '../../src/engine/create-engine.js';
import { silentLogger } from '../../src/common/logger.js';
import { makeTempHome, packYaml, type TempHome } from '../support/temp-home.js';

const rule = (name: string, pattern: string): string => `name: ${name}
pack: demo
enabled: true
trigger: { type: core.st2.webhook, parameters: { url: demo } }
criteria:
  trigger.body.kind: { type: equals, pattern: ${pattern} }
action:
  ref: core.noop
`;

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('rules reload live while webhooks keep arriving', () => {
  let temp: TempHome;
  let engine: Engine;
  let server: ApiServer;

  beforeEach(async () => {
    temp = await makeTempHome();
    await temp.write('packs/demo/pack.yaml', packYaml('demo'));
    await temp.write('packs/demo/rules/always.yaml', rule('always', 'ping'));
    engine = await createEngine({
      home: temp.home,
      bundledPacksDirs: [temp.bundled],
      logger: silentLogger(),
      sensors: false,
      watch: true,
    });
    server = await createApiServer(engine, { port: 0 });
  });

  afterEach(async () => {
    await server.close();
    await engine.stop();
    await temp.cleanup();
  });

  it('adds, edits, keeps the last good version of a broken file, fixes and removes a rule without losing an event', async () => {
    const dispatched: string[] = [];
    let running = true;
    const loop = (async () => {
      while (running) {
        const response = await fetch(`${server.url}/api/v1/webhooks/demo`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ kind: 'ping' }),
        });
        expect(response.status).toBe(202);
        dispatched.push(((await response.json()) as { trigger_instance: string }).trigger_instance);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    const rules = (): Map<string, string> =>
      new Map([...engine.snapshot().rules.values()].map((r) => [r.ref, JSON.stringify(r.spec.criteria)]));

    // Webhooks keep arriving while each change reloads: wait for a few more before the next change.
    const moreEvents = async (): Promise<void> => {
      const seen = dispatched.length;
      await until(() => dispatched.length >= seen + 3, 'webhooks answered during the reload');
    };

    const file = await temp.write('packs/demo/rules/extra.yaml', rule('extra', 'ping'));
    await until(() => rules().has('demo.extra'), 'the added rule to be live');
    await moreEvents();

    await temp.write('packs/demo/rules/extra.yaml', rule('extra', 'pong'));
    await until(() => rules().get('demo.extra')?.includes('pong') === true, 'the edited rule');
    await moreEvents();

    await temp.write('packs/demo/rules/extra.yaml', 'name: extra\npack: demo\ntrigger: [unclosed\n');
    await until(
      () => engine.snapshot().issues.some((i) => i.file === file && i.keptPrevious),
      'the broken file reported',
    );
    expect(rules().get('demo.extra')).toContain('pong');
    await moreEvents();
    const issue = engine.snapshot().issues.find((i) => i.file === file);
    expect(issue?.message).toMatch(/extra\.yaml:\d+/);

    await temp.write('packs/demo/rules/extra.yaml', rule('extra', 'ping'));
    await until(() => rules().get('demo.extra')?.includes('ping') === true, 'the fixed rule');
    expect(engine.snapshot().issues.filter((i) => i.file === file)).toEqual([]);
    await moreEvents();

    await rm(path.join(temp.home, 'packs/demo/rules/extra.yaml'));
    await until(() => !rules().has('demo.extra'), 'the removed rule to go');
    await moreEvents();

    running = false;
    await loop;
    await engine.idle();

    // How fast a change goes live is measured by `npm run bench -- reload`, never asserted here.
    expect(dispatched.length).toBeGreaterThan(15);
    for (const id of dispatched) {
      const instance = await engine.store.getTriggerInstance(id);
      expect(instance?.status).toBe('processed');
      const enforced = (await engine.store.listEnforcements({ trigger_instance: id })).map((e) => e.rule);
      // Every snapshot had demo.always: an event matched by a half-loaded rule set would miss it.
      expect(enforced).toContain('demo.always');
    }
    const invalid = await engine.store.listTriggerInstances({ trigger: 'squall.content.invalid' });
    expect(invalid.some((ti) => (ti.payload as { file: string }).file === file)).toBe(true);
  });
});
