import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createEngine, type Engine } from '../../src/engine/create-engine.js';
import { silentLogger } from '../../src/logger.js';
import { makeTempHome, packYaml, type TempHome } from '../support/temp-home.js';

const RULE = `name: parses
pack: demo
enabled: true
trigger: { type: demo.event }
criteria:
  trigger.count:
    type: equals
    pattern: "{{ trigger.raw | from_json_string }}"
action:
  ref: core.noop
`;

describe('a criterion that cannot be evaluated', () => {
  let temp: TempHome;
  let engine: Engine;

  beforeEach(async () => {
    temp = await makeTempHome();
    await temp.write('packs/demo/pack.yaml', packYaml('demo'));
    await temp.write('packs/demo/triggers/event.yaml', 'name: event\n');
    await temp.write('packs/demo/rules/parses.yaml', RULE);
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

  it('does not fire, and records a failed enforcement saying why', async () => {
    const ok = await engine.dispatch('demo.event', { count: 3, raw: '3' });
    const broken = await engine.dispatch('demo.event', { count: 3, raw: '{not json' });
    await engine.idle();
    expect(await engine.store.listEnforcements({ trigger_instance: ok.id })).toMatchObject([
      { status: 'succeeded' },
    ]);
    const [failed] = await engine.store.listEnforcements({ trigger_instance: broken.id });
    expect(failed).toMatchObject({ rule: 'demo.parses', status: 'failed', execution: null });
    expect(failed?.failure_reason).toMatch(/criteria could not be evaluated: .*trigger\.count/);
    expect(await engine.store.listExecutions({ trigger_instance: broken.id })).toEqual([]);
  });
});
