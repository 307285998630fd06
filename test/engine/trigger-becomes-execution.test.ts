import { existsSync } from 'node:fs';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createEngine, type Engine } from '../../src/engine/create-engine.js';
import { silentLogger } from '../../src/logger.js';
import { makeTempHome, packYaml, type TempHome } from '../support/temp-home.js';

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
  let temp: TempHome;
  let engine: Engine;

  beforeEach(async () => {
    temp = await makeTempHome();
    await temp.write('packs/demo/pack.yaml', packYaml('demo'));
    await temp.write('packs/demo/triggers/event.yaml', TRIGGER);
    await temp.write('packs/demo/rules/on_event.yaml', RULE);
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

  it('runs the shell action and stores its output, enforcement and trigger instance', async () => {
    const instance = await engine.dispatch('demo.event', { msg: 'hello world', level: 3 });
    await engine.idle();
    const [execution] = await engine.store.listExecutions({ trigger_instance: instance.id });
    expect(execution).toMatchObject({
      action: 'core.local',
      rule: 'demo.on_event',
      status: 'succeeded',
      exit_code: 0,
    });
    expect(execution?.stdout.trim()).toBe('got hello world');
    const [enforcement] = await engine.store.listEnforcements({ trigger_instance: instance.id });
    expect(enforcement).toMatchObject({
      rule: 'demo.on_event',
      status: 'succeeded',
      execution: execution?.id,
    });
    expect((await engine.store.getTriggerInstance(instance.id))?.status).toBe('processed');
  });

  it('does not fire when a criterion fails', async () => {
    const instance = await engine.dispatch('demo.event', { msg: 'quiet', level: 1 });
    await engine.idle();
    expect(await engine.store.listExecutions({ trigger_instance: instance.id })).toEqual([]);
  });

  it('prints shell metacharacters from a payload instead of running them', async () => {
    const marker = path.join(temp.home, 'pwned');
    const payloads = [
      `$(touch ${marker})`,
      `\`touch ${marker}\``,
      `"; touch ${marker}; echo "`,
      `' ; touch ${marker} #`,
    ];
    for (const msg of payloads) {
      const instance = await engine.dispatch('demo.event', { msg, level: 5 });
      await engine.idle();
      const [execution] = await engine.store.listExecutions({ trigger_instance: instance.id });
      expect(execution?.status).toBe('succeeded');
      expect(execution?.stdout.trim()).toBe(`got ${msg}`);
    }
    expect(existsSync(marker)).toBe(false);
  });

  it('refuses and records a payload that fails the trigger schema', async () => {
    await expect(engine.dispatch('demo.event', { level: 'high' })).rejects.toMatchObject({
      code: 'E_INVALID_PAYLOAD',
    });
    const [stored] = await engine.store.listTriggerInstances({ trigger: 'demo.event' });
    expect(stored).toMatchObject({ status: 'invalid' });
    expect(stored?.error).toMatch(/msg/);
  });

  it('emits the action trigger when an execution ends, so rules can chain', async () => {
    const instance = await engine.dispatch('demo.event', { msg: 'chain', level: 9 });
    await engine.idle();
    const [execution] = await engine.store.listExecutions({ trigger_instance: instance.id });
    const actionTriggers = await engine.store.listTriggerInstances({
      trigger: 'core.st2.generic.actiontrigger',
    });
    expect(actionTriggers.map((ti) => (ti.payload as { execution_id: string }).execution_id)).toContain(
      execution?.id,
    );
  });
});
