import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createRunnerRegistry } from '../../src/actions/create-runner-registry.js';
import { EventBus } from '../../src/bus/event-bus.js';
import { silentLogger } from '../../src/common/logger.js';
import type { Execution } from '../../src/domain/execution.js';
import { createExecutionService } from '../../src/pipeline/execution-service.js';
import { createRulesStage } from '../../src/pipeline/rules-stage.js';
import { createRunnersStage } from '../../src/pipeline/runners-stage.js';
import { createTriggerDispatcher } from '../../src/pipeline/trigger-dispatcher.js';
import { createMemoryQueue } from '../../src/queue/drivers/memory.js';
import { createSecretRegistry } from '../../src/security/secret-registry.js';
import { ContentManager } from '../../src/snapshot/content-manager.js';
import { createStore } from '../../src/store/create-store.js';
import type { Store } from '../../src/store/store.js';
import { makeTempHome, packYaml, type TempHome } from '../support/temp-home.js';

const RULE = `name: on_hook
pack: demo
enabled: true
trigger: { type: core.st2.webhook, parameters: { url: demo } }
action: { ref: core.local, parameters: { cmd: 'echo {{ trigger.body.word }}' } }
`;

const cipher = { encrypt: (text: string) => text, decrypt: (text: string) => text };

/**
 * The rules stage and the runners stage each start from their interfaces alone (the scale-out roles
 * run them in separate processes): here each is started without the other, around a shared store
 * and queue, the way two processes would share them.
 */
describe('pipeline stages start on their own', () => {
  let temp: TempHome;
  let store: Store;
  beforeEach(async () => {
    temp = await makeTempHome(['core']);
    await temp.write('packs/demo/pack.yaml', packYaml('demo'));
    await temp.write('packs/demo/rules/on_hook.yaml', RULE);
    store = await createStore({ driver: 'sqlite', path: path.join(temp.home, 'squall.db'), worker: false });
    await store.migrate();
  });
  afterEach(async () => {
    await store.close();
    await temp.cleanup();
  });

  const open = async () => {
    const bus = new EventBus();
    const runners = createRunnerRegistry();
    const logger = silentLogger();
    const content = await ContentManager.open({
      ...{ home: temp.home, bundledPacksDirs: [temp.bundled], logger, bus, runners },
    });
    return { bus, runners, logger, content, snapshot: () => content.current() };
  };

  it('a rules stage alone turns a stored trigger instance into a requested execution on the queue', async () => {
    const { bus, runners, logger, content, snapshot } = await open();
    const queue = createMemoryQueue();
    const executions = createExecutionService({
      ...{ store, queue, bus, snapshot, runners, cipher, secrets: createSecretRegistry() },
      packConfig: async () => ({}),
      templateContext: () => ({ kv: { get: () => undefined }, decrypt: (text) => text }),
    });
    const rules = createRulesStage({
      store,
      bus,
      content,
      executions,
      logger,
      matchContext: () => ({ kv: { get: () => undefined } }),
    });
    await rules.start();
    const dispatcher = createTriggerDispatcher({ store, bus, snapshot });
    const instance = await dispatcher.dispatch(
      'core.st2.webhook',
      { headers: {}, body: { word: 'hello' } },
      { triggerParameters: { url: 'demo' } },
    );
    await rules.idle();
    await rules.stop();
    const [requested] = await store.listExecutions({ trigger_instance: instance.id });
    expect(requested).toMatchObject({ action: 'core.local', status: 'requested', rule: 'demo.on_hook' });
    expect(requested?.parameters['cmd']).toBe("echo 'hello'");
    await queue.close();
  });

  it('a runners stage alone runs an execution another process stored and queued', async () => {
    const { bus, runners, logger, content, snapshot } = await open();
    const queue = createMemoryQueue();
    const requester = createExecutionService({
      ...{ store, queue, bus, snapshot, runners, cipher, secrets: createSecretRegistry() },
      packConfig: async () => ({}),
      templateContext: () => ({ kv: { get: () => undefined }, decrypt: (text) => text }),
    });
    const requested = await requester.request({ action: 'core.local', parameters: { cmd: 'echo ran' } });
    const finished: Execution[] = [];
    bus.on('execution.finished').subscribe((execution) => finished.push(execution));
    const stage = createRunnersStage({
      ...{ store, queue, bus, runners, content, logger, secrets: createSecretRegistry() },
      executions: requester,
      packConfig: async () => ({}),
      concurrency: 2,
    });
    await stage.start();
    const final = await requester.waitFor(requested.id, { timeoutMs: 20_000 });
    await stage.stop();
    expect(final).toMatchObject({ status: 'succeeded', stdout: 'ran' });
    expect(finished.map((execution) => execution.id)).toEqual([requested.id]);
    await queue.close();
  });
});
