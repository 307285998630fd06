import { readFile } from 'node:fs/promises';

import { describe, expect, it } from 'vitest';

import { useServedEngine } from '../support/served-engine.js';
import { packYaml } from '../support/temp-home.js';

const RULE = `---
# Greets alice only.
name: greet
pack: mine
enabled: true # on by default
trigger:
  type: core.st2.webhook
  parameters:
    url: greet
criteria:
  trigger.body.name:
    type: equals
    pattern: alice
action:
  ref: core.local
  parameters:
    cmd: echo "hi {{ trigger.body.name }}"
`;

interface TestAnswer {
  matched: boolean;
  criteria: { key: string; passed: boolean; value: unknown }[];
  parameters?: Record<string, unknown>;
  lines: string[];
  notes: string[];
}

describe('PUT /api/v1/rules/<ref> and POST /api/v1/rules/<ref>/test', () => {
  const served = useServedEngine({
    bundled: ['core', 'squall_demo'],
    prepare: async (temp) => {
      await temp.write('packs/mine/pack.yaml', packYaml('mine'));
      await temp.write('packs/mine/rules/greet.yaml', RULE);
    },
  });

  it('disables and enables a rule by rewriting enabled: in its file, keeping its comments', async () => {
    const file = `${served.temp.home}/packs/mine/rules/greet.yaml`;
    const off = await served.api('PUT', '/rules/mine.greet', { enabled: false });
    expect(off).toMatchObject({ status: 200, body: { ref: 'mine.greet', enabled: false } });
    expect(served.engine.snapshot().rules.get('mine.greet')?.spec.enabled).toBe(false);
    const text = await readFile(file, 'utf8');
    expect(text).toContain('# Greets alice only.');
    expect(text).toContain('enabled: false\n');
    expect(await served.api('PUT', '/rules/mine.greet', { enabled: true })).toMatchObject({
      body: { enabled: true },
    });
  });

  it('refuses a body without enabled, an unknown rule and a bundled pack’s rule', async () => {
    expect(await served.api('PUT', '/rules/mine.greet', { enabled: 'no' })).toMatchObject({
      status: 400,
      body: { code: 'E_API_BODY' },
    });
    expect(await served.api('PUT', '/rules/mine.nope', { enabled: false })).toMatchObject({
      status: 404,
      body: { code: 'E_UNKNOWN_RULE' },
    });
    expect(await served.api('PUT', '/rules/squall_demo.webhook_echo', { enabled: false })).toMatchObject({
      status: 400,
      body: { code: 'E_RULE_BUNDLED' },
    });
    expect(served.engine.snapshot().rules.get('squall_demo.webhook_echo')?.spec.enabled).toBe(true);
  });

  it('explains a payload that does not match, criterion by criterion', async () => {
    const answer = await served.api('POST', '/rules/mine.greet/test', { payload: { body: { name: 'bob' } } });
    const report = answer.body as TestAnswer;
    expect(answer.status).toBe(200);
    expect(report.matched).toBe(false);
    expect(report.criteria).toEqual([
      expect.objectContaining({ key: 'trigger.body.name', passed: false, value: 'bob' }),
    ]);
    expect(report.lines[0]).toContain('does not match');
    expect(report.parameters).toBeUndefined();
  });

  it('renders the parameters of a payload that matches, also from a stored trigger instance', async () => {
    const direct = (
      await served.api('POST', '/rules/mine.greet/test', { payload: { body: { name: 'alice' } } })
    ).body as TestAnswer;
    expect(direct).toMatchObject({ matched: true, parameters: { cmd: expect.stringContaining('hi') } });
    const instance = await served.engine.dispatch('core.st2.webhook', {
      url: 'greet',
      headers: {},
      body: { name: 'alice' },
    });
    const stored = await served.api('POST', '/rules/mine.greet/test', { trigger_instance: instance.id });
    expect(stored.body).toMatchObject({ matched: true });
    expect(await served.api('POST', '/rules/mine.greet/test', {})).toMatchObject({
      status: 400,
      body: { code: 'E_API_BODY' },
    });
  });
});
