import { describe, expect, it } from 'vitest';

import { useTempEngine } from '../support/temp-engine.js';
import { packYaml } from '../support/temp-home.js';

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
  const current = useTempEngine({
    prepare: async (temp) => {
      await temp.write('packs/demo/pack.yaml', packYaml('demo'));
      await temp.write('packs/demo/triggers/event.yaml', 'name: event\n');
      await temp.write('packs/demo/rules/parses.yaml', RULE);
    },
  });

  it('does not fire, and records a failed enforcement saying why', async () => {
    const ok = await current.engine.dispatch('demo.event', { count: 3, raw: '3' });
    const broken = await current.engine.dispatch('demo.event', { count: 3, raw: '{not json' });
    await current.engine.idle();
    expect(await current.engine.store.listEnforcements({ trigger_instance: ok.id })).toMatchObject([
      { status: 'succeeded' },
    ]);
    const [failed] = await current.engine.store.listEnforcements({ trigger_instance: broken.id });
    expect(failed).toMatchObject({ rule: 'demo.parses', status: 'failed', execution: null });
    expect(failed?.failure_reason).toMatch(/criteria could not be evaluated: .*trigger\.count/);
    expect(await current.engine.store.listExecutions({ trigger_instance: broken.id })).toEqual([]);
  });
});
