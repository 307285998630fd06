import { describe, expect, it } from 'vitest';

import type { EnforcementView } from '../../src/api/serialize/serialize-enforcement.js';
import type { ExecutionNode, TraceView, TriggerInstanceNode } from '../../src/history/trace-types.js';
import { squall } from '../cli/helpers/capture-io.js';
import { useServedEngine } from '../support/served-engine.js';
import { packYaml } from '../support/temp-home.js';

const ON_HOOK = `name: on_hook
pack: demo
enabled: true
trigger: { type: core.st2.webhook, parameters: { url: traced } }
action:
  ref: core.local
  parameters: { cmd: 'echo "first {{ trigger.body.word }}"' }
`;

// Its action cannot be requested: "timeout" must be an integer and the payload gives a word.
const BROKEN = `name: broken
pack: demo
enabled: true
trigger: { type: core.st2.webhook, parameters: { url: traced } }
action:
  ref: core.local
  parameters: { cmd: 'echo never', timeout: '{{ trigger.body.word }}' }
`;

const ON_FIRST_DONE = `name: on_first_done
pack: demo
enabled: true
trigger: { type: core.st2.generic.actiontrigger }
criteria:
  trigger.status: { type: equals, pattern: succeeded }
  trigger.parameters.cmd: { type: startswith, pattern: 'echo "first' }
action:
  ref: core.local
  parameters: { cmd: 'echo second' }
`;

describe('one webhook traced to everything it caused', () => {
  const current = useServedEngine({
    prepare: async (temp) => {
      await temp.write('packs/demo/pack.yaml', packYaml('demo'));
      await temp.write('packs/demo/rules/on_hook.yaml', ON_HOOK);
      await temp.write('packs/demo/rules/broken.yaml', BROKEN);
      await temp.write('packs/demo/rules/on_first_done.yaml', ON_FIRST_DONE);
    },
  });

  /** POSTs the webhook over HTTP and waits until the chain it starts has run. */
  const fireWebhook = async (): Promise<string> => {
    const posted = await current.api('POST', '/webhooks/traced', { word: 'hello' });
    expect(posted.status).toBe(202);
    const { trigger_instance: id } = posted.body as { trigger_instance: string };
    await current.engine.idle();
    // The second execution comes from the action trigger of the first: wait for the whole chain.
    await expect
      .poll(async () => (await current.engine.store.listExecutions({ rule: 'demo.on_first_done' })).length, {
        timeout: 30_000,
      })
      .toBe(1);
    await current.engine.idle();
    return id;
  };

  it('records a rule whose action could not be requested as a failed enforcement with the reason', async () => {
    const instance = await fireWebhook();
    const failed = await current.api('GET', `/ruleenforcements?status=failed&trigger_instance=${instance}`);
    expect(failed.status).toBe(200);
    const [enforcement, ...more] = failed.body as EnforcementView[];
    expect(more).toEqual([]);
    expect(enforcement).toMatchObject({
      rule: { ref: 'demo.broken', id: 'rule:demo:broken' },
      trigger_instance_id: instance,
      execution_id: null,
      status: 'failed',
    });
    expect(enforcement?.failure_reason).toMatch(/timeout/);
    const one = await current.api('GET', `/ruleenforcements/${enforcement?.id ?? ''}`);
    expect(one.body).toEqual(enforcement);

    const cli = await squall(['rule-enforcement', 'list', '--status', 'failed', '--home', current.temp.home]);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('demo.broken');
    expect(cli.stdout).toContain(enforcement?.failure_reason?.slice(0, 30));
  });

  it('filters enforcements by rule, execution and time with st2 parameter names', async () => {
    const instance = await fireWebhook();
    const byRule = (await current.api('GET', '/ruleenforcements?rule_ref=demo.on_hook'))
      .body as EnforcementView[];
    expect(byRule).toHaveLength(1);
    expect(byRule[0]).toMatchObject({ status: 'succeeded', trigger_instance_id: instance });
    const execution = byRule[0]?.execution_id ?? '';
    const byExecution = (await current.api('GET', `/ruleenforcements?execution=${execution}`)).body;
    expect(byExecution).toEqual(byRule);
    expect((await current.api('GET', '/ruleenforcements?rule_id=rule:demo:on_hook')).body).toEqual(byRule);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await current.api('GET', `/ruleenforcements?enforced_at_gt=${future}`)).body).toEqual([]);
    const all = (await current.api('GET', `/ruleenforcements?enforced_at_lt=${future}`)).body as unknown[];
    expect(all).toHaveLength(3);
    const bad = await current.api('GET', '/ruleenforcements?enforced_at_gt=yesterday');
    expect(bad.status).toBe(400);
    expect((await current.api('GET', '/ruleenforcements/nope')).status).toBe(404);
  });

  it('builds the tree from the webhook down, whichever of its records is asked for', async () => {
    const instance = await fireWebhook();
    const [second] = await current.engine.store.listExecutions({ rule: 'demo.on_first_done' });
    const fromSecond = (await current.api('GET', `/traces/${second?.id ?? ''}`)).body as TraceView;
    const fromInstance = (await current.api('GET', `/traces/${instance}`)).body as TraceView;
    expect(fromSecond).toEqual(fromInstance);

    const root = fromInstance.root as TriggerInstanceNode;
    expect(root).toMatchObject({ type: 'trigger_instance', id: instance, trigger: 'core.st2.webhook' });
    const byRule = Object.fromEntries(root.enforcements.map((e) => [e.rule, e]));
    expect(byRule['demo.broken']).toMatchObject({ status: 'failed', execution: null });
    const first = byRule['demo.on_hook']?.execution as ExecutionNode;
    expect(first).toMatchObject({ action: 'core.local', status: 'succeeded' });
    const [actionTrigger] = first.trigger_instances;
    expect(actionTrigger?.trigger).toBe('core.st2.generic.actiontrigger');
    const secondNode = actionTrigger?.enforcements.find((e) => e.rule === 'demo.on_first_done')?.execution;
    expect(secondNode).toMatchObject({ id: second?.id, status: 'succeeded' });
    // The second execution's own action trigger ends the chain: no rule matched it.
    expect(secondNode?.trigger_instances.map((i) => i.enforcements)).toEqual([[]]);

    expect(fromInstance.trigger_instances.map((c) => c.object_id)).toContain(instance);
    expect(fromInstance.action_executions).toHaveLength(2);
    expect(fromInstance.rules.map((c) => c.ref).sort()).toEqual([
      'demo.broken',
      'demo.on_first_done',
      'demo.on_hook',
    ]);
    expect(fromInstance.truncated).toBe(false);
  });

  it('prints the trace as a tree on the terminal and as JSON with --json', async () => {
    const instance = await fireWebhook();
    const text = await squall(['trace', instance, '--home', current.temp.home]);
    expect(text.code).toBe(0);
    const lines = text.stdout.split('\n');
    expect(lines[1]).toMatch(new RegExp(`^trigger instance ${instance} core\\.st2\\.webhook processed`));
    expect(text.stdout).toMatch(/[├└]─ rule demo\.broken failed .*timeout/);
    expect(text.stdout).toMatch(/ {3}└─ execution \w+ core\.local succeeded/);
    expect(text.stdout).toMatch(/└─ trigger instance \w+ core\.st2\.generic\.actiontrigger processed/);
    expect(text.stdout).toMatch(/└─ rule demo\.on_first_done succeeded/);
    const json = await squall(['trace', instance, '--json', '--home', current.temp.home]);
    expect(json.json<TraceView>().root).toMatchObject({ id: instance });
    const unknown = await squall(['trace', 'nothing-like-this', '--home', current.temp.home]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no trace for "nothing-like-this"');
  });
});
