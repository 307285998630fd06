import { describe, expect, it } from 'vitest';

import type { Execution } from '../../src/domain/execution.js';
import type { ChainResult } from '../../src/workflows/action-chain/chain-conductor.js';
import { squall } from '../cli/helpers/capture-io.js';
import { useServedEngine } from '../support/served-engine.js';
import { writeExamplesPack } from './support/examples-chain-pack.js';

/** The first node waits for a file, so a test can pause the chain while it runs. */
const GATED = `chain:
  - name: wait
    ref: core.local
    params: { cmd: 'while [ ! -e HOME/gate ]; do sleep 0.05; done; echo opened' }
    on-success: after
  - name: after
    ref: core.local
    params: { cmd: 'echo after {{ wait.stdout }}' }
`;

/**
 * StackStorm's example ActionChains (their metadata from the st2 corpus, their chains with the same
 * structure) run by a real engine: each node a child execution of the chain with `parent` set, real
 * bash for core.local, the result in st2's `{tasks, published}` shape.
 */
describe('ActionChain runner on the engine', () => {
  const current = useServedEngine({
    prepare: async (temp) => {
      await writeExamplesPack(temp);
      await temp.write(
        'packs/examples/actions/gated.yaml',
        'name: gated\nrunner_type: action-chain\nentry_point: chains/gated.yaml\nenabled: true\n',
      );
      await temp.write('packs/examples/actions/chains/gated.yaml', GATED.replaceAll('HOME', temp.home));
    },
  });

  const runChain = async (action: string, parameters: Record<string, unknown> = {}): Promise<Execution> => {
    const created = await current.api('POST', '/executions', { action, parameters });
    expect(created.status).toBe(201);
    return current.engine.waitForExecution((created.body as Execution).id, { timeoutMs: 60_000 });
  };
  const children = async (id: string) =>
    ((await current.api('GET', `/executions?parent=${id}`)).body as Execution[]).reverse();

  it('chain-sequential: publish carries values from node to node; children have parent set', async () => {
    const chain = await runChain('examples.chain-sequential', { name: 'Thanos' });
    expect(chain.status).toBe('succeeded');
    const result = chain.result as ChainResult;
    expect(result.published).toEqual({ greeting: 'Thanos, welcome aboard!' });
    const kids = await children(chain.id);
    expect(kids.map((kid) => [kid.action, kid.status, kid.parent])).toEqual([
      ['core.echo', 'succeeded', chain.id],
      ['core.echo', 'succeeded', chain.id],
      ['core.echo', 'succeeded', chain.id],
    ]);
    expect(result.tasks.map((task) => [task.name, task.state, task.execution_id])).toEqual([
      ['first', 'succeeded', kids[0]?.id],
      ['second', 'succeeded', kids[1]?.id],
      ['third', 'succeeded', kids[2]?.id],
    ]);
    expect(result.tasks[2]).toMatchObject({
      id: 'third',
      result: { stdout: 'Thanos, welcome aboard!', return_code: 0, succeeded: true },
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
      updated_at: expect.stringMatching(/\.\d{6}Z$/),
    });
    expect(Object.keys(result).sort()).toEqual(['published', 'tasks']);
  });

  it('echochain and echochain-param: the default node first, action_context.parent and earlier results', async () => {
    const echo = await runChain('examples.echochain');
    expect(echo.status).toBe('succeeded');
    expect((echo.result as ChainResult).tasks.map((t) => (t.result as { stdout: string }).stdout)).toEqual([
      'n1',
      `n2: my chain is ${echo.id}.`,
      'n3',
    ]);
    expect((echo.result as ChainResult).published).toEqual({});
    const param = await runChain('examples.echochain-param', { input1: 'apple' });
    expect((param.result as ChainResult).tasks.map((t) => (t.result as { stdout: string }).stdout)).toEqual([
      'n1 got apple',
      'n2 n1 got apple',
      'n3 n2 n1 got apple',
    ]);
  });

  it('echochain_task_failure: a failed node without on-failure ends the chain failed', async () => {
    const chain = await runChain('examples.echochain_task_failure');
    expect(chain.status).toBe('failed');
    expect((chain.result as ChainResult).tasks.map((t) => [t.name, t.state])).toEqual([
      ['n1', 'succeeded'],
      ['n2', 'failed'],
    ]);
  });

  it("echochain_top_level_failure: a node whose action does not exist fails the chain with st2's error", async () => {
    const chain = await runChain('examples.echochain_top_level_failure');
    expect(chain.status).toBe('failed');
    const result = chain.result as ChainResult;
    expect(result.tasks.map((t) => t.name)).toEqual(['n1']);
    expect(result.error).toBe(
      'Failed to run task "n2". Action with reference "core.no-such-action" doesn\'t exist. Task :: n2 - Action with ref core.no-such-action not registered.',
    );
    expect(chain.error).toBe(result.error);
  });

  it('chain-test-inquiry: the chain pauses on core.ask and the answer resumes it', async () => {
    const created = await current.api('POST', '/executions', { action: 'examples.chain-test-inquiry' });
    const id = (created.body as Execution).id;
    await expect
      .poll(async () => (await current.engine.store.getExecution(id))?.status, { timeout: 30_000 })
      .toBe('paused');
    const [inquiry] = (await current.api('GET', '/inquiries')).body as {
      id: string;
      parent: string;
      route: string;
    }[];
    expect(inquiry).toMatchObject({ parent: id, route: 'developers' });
    const refused = await current.api('PUT', `/inquiries/${inquiry!.id}`, { response: {} });
    expect(refused.status).toBe(400);
    const answered = await squall([
      'inquiry',
      'respond',
      inquiry!.id,
      '{"secondfactor": "supersecret"}',
      '--home',
      current.temp.home,
    ]);
    expect(answered.code).toBe(0);
    const chain = await current.engine.waitForExecution(id, { timeoutMs: 60_000 });
    expect(chain.status).toBe('succeeded');
    const result = chain.result as ChainResult;
    expect(result.tasks.map((t) => [t.name, t.state])).toEqual([
      ['task1', 'succeeded'],
      ['task2', 'succeeded'],
    ]);
    expect((result.tasks[1]?.result as { stdout: string }).stdout).toBe(
      'We can now authenticate to foo service with supersecret',
    );
  });

  it('pause lets the running node finish and starts no other; resume runs the next node', async () => {
    const created = await current.api('POST', '/executions', { action: 'examples.gated' });
    const id = (created.body as Execution).id;
    const status = async () => (await current.engine.store.getExecution(id))?.status;
    await expect
      .poll(async () => (await children(id)).map((kid) => kid.status), { timeout: 30_000 })
      .toEqual(['running']);
    expect(await current.engine.controlWorkflow(id, 'pause')).toBe(true);
    expect(await status()).toBe('pausing');
    await current.temp.write('gate', '');
    await expect.poll(status, { timeout: 30_000 }).toBe('paused');
    expect((await children(id)).map((kid) => kid.status)).toEqual(['succeeded']);
    expect(await current.engine.controlWorkflow(id, 'resume')).toBe(true);
    const chain = await current.engine.waitForExecution(id, { timeoutMs: 60_000 });
    expect(chain.status).toBe('succeeded');
    expect((chain.result as ChainResult).tasks.map((t) => (t.result as { stdout: string }).stdout)).toEqual([
      'opened',
      'after opened',
    ]);
  });
});
