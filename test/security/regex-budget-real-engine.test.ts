import { describe, expect, it } from 'vitest';

import type { EnforcementView } from '../../src/api/serialize/serialize-enforcement.js';
import { useServedEngine } from '../support/served-engine.js';
import { packYaml } from '../support/temp-home.js';

// A back-reference: RE2 cannot express it, so it runs in the sandbox under the time budget, where
// this pattern backtracks exponentially on a run of a's that does not end in "b".
const HOSTILE_RULE = `name: hostile
pack: demo
enabled: true
trigger: { type: core.st2.webhook, parameters: { url: hostile } }
criteria:
  trigger.body.name: { type: regex, pattern: '^(a|aa)+\\1b$' }
action: { ref: core.local, parameters: { cmd: 'echo matched' } }
`;

const OTHER_RULE = `name: other
pack: demo
enabled: true
trigger: { type: core.st2.webhook, parameters: { url: other } }
criteria:
  trigger.body.name: { type: matchregex, pattern: '(\\w+) \\1' }
action: { ref: core.local, parameters: { cmd: 'echo served {{ trigger.body.name }}' } }
`;

describe('a regex criterion that overruns its budget in a real engine', () => {
  const current = useServedEngine({
    prepare: async (temp) => {
      await temp.write('packs/demo/pack.yaml', packYaml('demo'));
      await temp.write('packs/demo/rules/hostile.yaml', HOSTILE_RULE);
      await temp.write('packs/demo/rules/other.yaml', OTHER_RULE);
    },
  });

  it('records the enforcement failed with the budget reason, and the engine keeps serving', async () => {
    const hostile = await current.api('POST', '/webhooks/hostile', { name: `${'a'.repeat(60)}c` });
    expect(hostile.status).toBe(202);
    const { trigger_instance: instance } = hostile.body as { trigger_instance: string };
    let failed: EnforcementView[] = [];
    await expect
      .poll(
        async () => {
          const listed = await current.api('GET', `/ruleenforcements?trigger_instance=${instance}`);
          failed = listed.body as EnforcementView[];
          return failed.map((enforcement) => enforcement.status);
        },
        { timeout: 30_000 },
      )
      .toEqual(['failed']);
    expect(failed[0]).toMatchObject({ rule: { ref: 'demo.hostile' }, execution_id: null });
    expect(failed[0]?.failure_reason).toMatch(/budget/);
    expect(failed[0]?.failure_reason).toMatch(/trigger\.body\.name/);

    const health = await fetch(`${current.server.url}/api/v1/health`);
    expect(health.status).toBe(200);
    const served = await current.api('POST', '/webhooks/other', { name: 'hello hello' });
    expect(served.status).toBe(202);
    await expect
      .poll(
        async () => {
          const [execution] = await current.engine.store.listExecutions({ rule: 'demo.other' });
          return execution?.status;
        },
        { timeout: 30_000 },
      )
      .toBe('succeeded');
    const [execution] = await current.engine.store.listExecutions({ rule: 'demo.other' });
    expect(execution?.result).toMatchObject({ stdout: 'served hello hello' });
    expect(await current.engine.store.listExecutions({ rule: 'demo.hostile' })).toEqual([]);
  });
});
