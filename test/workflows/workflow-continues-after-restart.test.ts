import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { silentLogger } from '../../src/common/logger.js';
import { createEngine, type Engine } from '../../src/engine/create-engine.js';
import { makeTempHome, type TempHome } from '../support/temp-home.js';
import { writeWorkflowPack } from './support/workflow-pack.js';

const WORKFLOW = `version: 1.0
tasks:
  first:
    action: core.noop
    next:
      - when: <% succeeded() %>
        do: waits
  waits:
    delay: 3600
    action: core.echo message="waited"
    next:
      - when: <% succeeded() %>
        publish: said=<% result().stdout %>
        do: last
  last:
    action: core.echo message="<% ctx().said %> and done"
output:
  - said: <% task(last).result.stdout %>
`;

let temp: TempHome;
const engines: Engine[] = [];
const start = async (): Promise<Engine> => {
  const engine = await createEngine({
    ...{ home: temp.home, bundledPacksDirs: [temp.bundled], logger: silentLogger() },
    sensors: false,
  });
  engines.push(engine);
  return engine;
};

beforeEach(async () => {
  temp = await makeTempHome(['core']);
  await writeWorkflowPack(temp, [{ name: 'waits', text: WORKFLOW }]);
});
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop();
  await temp.cleanup();
});

describe('a workflow stopped mid-run continues from the store', () => {
  it('is fed the child update it missed while stopped, and runs the rest once', async () => {
    const first = await start();
    const workflow = await first.run({ action: 'demo.waits' });
    await expect
      .poll(
        async () => (await first.store.listExecutions({ parent: workflow.id })).map((c) => c.status).sort(),
        {
          timeout: 20_000,
        },
      )
      .toEqual(['delayed', 'succeeded']);
    const delayed = (await first.store.listExecutions({ parent: workflow.id, status: ['delayed'] }))[0]!;
    // As if the child had run and ended while nothing listened: only the store knows.
    await first.store.updateExecution(delayed.id, {
      status: 'succeeded',
      result: { failed: false, succeeded: true, return_code: 0, stdout: 'waited', stderr: '' },
      end_timestamp: new Date().toISOString(),
    });
    await first.stop();
    engines.splice(0);

    const second = await start();
    const final = await second.waitForExecution(workflow.id, { timeoutMs: 20_000 });
    expect(final.status).toBe('succeeded');
    expect(final.result).toEqual({ output: { said: 'waited and done' } });
    const children = await second.store.listExecutions({ parent: workflow.id, limit: 0 });
    expect(children.map((c) => c.action).sort()).toEqual(['core.echo', 'core.echo', 'core.noop']);
  });

  it('a workflow execution is not abandoned by the restart while its workflow is unfinished', async () => {
    const first = await start();
    const workflow = await first.run({ action: 'demo.waits' });
    await expect
      .poll(
        async () => (await first.store.listExecutions({ parent: workflow.id, status: ['delayed'] })).length,
        {
          timeout: 20_000,
        },
      )
      .toBe(1);
    await first.stop();
    engines.splice(0);
    const second = await start();
    expect((await second.store.getExecution(workflow.id))?.status).toBe('running');
    expect((await second.store.getWorkflow(workflow.id))?.finished).toBe(false);
  });
});
