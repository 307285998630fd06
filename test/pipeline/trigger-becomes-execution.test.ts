import { existsSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { useTempEngine } from '../support/temp-engine.js';
import { packYaml } from '../support/temp-home.js';

const TRIGGER = `name: event
description: a test event
payload_schema:
  type: object
  properties:
    msg: { type: string }
    level: { type: integer }
  required: [msg]
`;

const RULE = `name: on_event
pack: demo
enabled: true
trigger:
  type: demo.event
criteria:
  trigger.level:
    type: gt
    pattern: 2
action:
  ref: core.local
  parameters:
    cmd: echo "got {{ trigger.msg }}"
`;

describe('a trigger instance becomes a recorded execution through a YAML rule', () => {
  const current = useTempEngine({
    prepare: async (temp) => {
      await temp.write('packs/demo/pack.yaml', packYaml('demo'));
      await temp.write('packs/demo/triggers/event.yaml', TRIGGER);
      await temp.write('packs/demo/rules/on_event.yaml', RULE);
    },
  });

  it('runs the shell action and stores its output, enforcement and trigger instance', async () => {
    const instance = await current.engine.dispatch('demo.event', { msg: 'hello world', level: 3 });
    await current.engine.idle();
    const [execution] = await current.engine.store.listExecutions({ trigger_instance: instance.id });
    expect(execution).toMatchObject({
      action: 'core.local',
      rule: 'demo.on_event',
      status: 'succeeded',
      exit_code: 0,
    });
    expect(execution?.stdout.trim()).toBe('got hello world');
    const [enforcement] = await current.engine.store.listEnforcements({ trigger_instance: instance.id });
    expect(enforcement).toMatchObject({
      rule: 'demo.on_event',
      status: 'succeeded',
      execution: execution?.id,
    });
    expect((await current.engine.store.getTriggerInstance(instance.id))?.status).toBe('processed');
  });

  it('does not fire when a criterion fails', async () => {
    const instance = await current.engine.dispatch('demo.event', { msg: 'quiet', level: 1 });
    await current.engine.idle();
    expect(await current.engine.store.listExecutions({ trigger_instance: instance.id })).toEqual([]);
  });

  it('prints shell metacharacters from a payload instead of running them', async () => {
    const marker = path.join(current.temp.home, 'pwned');
    const payloads = [
      `$(touch ${marker})`,
      `\`touch ${marker}\``,
      `"; touch ${marker}; echo "`,
      `' ; touch ${marker} #`,
    ];
    for (const msg of payloads) {
      const instance = await current.engine.dispatch('demo.event', { msg, level: 5 });
      await current.engine.idle();
      const [execution] = await current.engine.store.listExecutions({ trigger_instance: instance.id });
      expect(execution?.status).toBe('succeeded');
      expect(execution?.stdout.trim()).toBe(`got ${msg}`);
    }
    expect(existsSync(marker)).toBe(false);
  });

  it('refuses and records a payload that fails the trigger schema', async () => {
    await expect(current.engine.dispatch('demo.event', { level: 'high' })).rejects.toMatchObject({
      code: 'E_INVALID_PAYLOAD',
    });
    const [stored] = await current.engine.store.listTriggerInstances({ trigger: 'demo.event' });
    expect(stored).toMatchObject({ status: 'invalid' });
    expect(stored?.error).toMatch(/msg/);
  });

  it('emits the action trigger when an execution ends, so rules can chain', async () => {
    const instance = await current.engine.dispatch('demo.event', { msg: 'chain', level: 9 });
    await current.engine.idle();
    const [execution] = await current.engine.store.listExecutions({ trigger_instance: instance.id });
    const actionTriggers = await current.engine.store.listTriggerInstances({
      trigger: 'core.st2.generic.actiontrigger',
    });
    expect(actionTriggers.map((ti) => (ti.payload as { execution_id: string }).execution_id)).toContain(
      execution?.id,
    );
  });
});
