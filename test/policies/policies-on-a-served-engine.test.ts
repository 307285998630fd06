import { describe, expect, it } from 'vitest';

import type { PolicyView } from '../../src/api/routes/policies.js';
import type { Execution } from '../../src/domain/execution.js';
import { squall } from '../cli/helpers/capture-io.js';
import { useServedEngine } from '../support/served-engine.js';
import { packYaml, type TempHome } from '../support/temp-home.js';

/** A bash action that waits until its gate file exists, so a test decides when it ends. */
const WAIT_FOR = `---
name: wait_for
runner_type: local-shell-cmd
enabled: true
parameters:
  gate: { type: string, required: true }
  host: { type: string, default: any }
  cmd: { default: 'while [ ! -e {{ gate }} ]; do sleep 0.05; done; echo done {{ host }}', immutable: true }
`;

const FLAKY = `---
name: flaky
runner_type: local-shell-cmd
enabled: true
parameters:
  counter: { type: string, required: true }
  cmd:
    default: 'echo x >> {{ counter }}; [ $(wc -l < {{ counter }}) -ge 3 ]'
    immutable: true
`;

const policy = (name: string, body: string) => `---
name: ${name}
pack: demo
enabled: true
${body}`;

async function writePack(temp: TempHome): Promise<void> {
  await temp.write('packs/demo/pack.yaml', packYaml('demo'));
  await temp.write('packs/demo/actions/wait_for.yaml', WAIT_FOR);
  await temp.write('packs/demo/actions/flaky.yaml', FLAKY);
  await temp.write(
    'packs/demo/policies/one_at_a_time.yaml',
    policy(
      'one_at_a_time',
      'resource_ref: demo.wait_for\npolicy_type: action.concurrency.attr\nparameters: { threshold: 1, attributes: [host] }\n',
    ),
  );
  await temp.write(
    'packs/demo/policies/retry_flaky.yaml',
    policy(
      'retry_flaky',
      'resource_ref: demo.flaky\npolicy_type: action.retry\nparameters: { retry_on: failure, max_retry_count: 3 }\n',
    ),
  );
}

describe("policies from a pack's policies/ folder", () => {
  const current = useServedEngine({ prepare: writePack });
  const status = async (id: string) => (await current.engine.store.getExecution(id))?.status;
  const run = async (parameters: Record<string, unknown>, action = 'demo.wait_for'): Promise<string> => {
    const created = await current.api('POST', '/executions', { action, parameters });
    expect(created.status).toBe(201);
    return (created.body as Execution).id;
  };

  it("lists the policies in st2's shape (API and CLI)", async () => {
    const listed = (await current.api('GET', '/policies')).body as PolicyView[];
    expect(listed.map((p) => [p.ref, p.policy_type, p.resource_ref])).toEqual([
      ['demo.one_at_a_time', 'action.concurrency.attr', 'demo.wait_for'],
      ['demo.retry_flaky', 'action.retry', 'demo.flaky'],
    ]);
    expect(listed[0]?.parameters).toEqual({ threshold: 1, attributes: ['host'], action: 'delay' });
    const cli = await squall(['policy', 'list', '--home', current.temp.home]);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(
      /demo\.retry_flaky\s+demo\.flaky\s+action\.retry\s+retry_on=failure max_retry_count=3/,
    );
  });

  it('delays an execution over the threshold (same attribute) and schedules it when the slot frees', async () => {
    const gateA = `${current.temp.home}/gate-a`;
    const gateB = `${current.temp.home}/gate-b`;
    const first = await run({ gate: gateA, host: 'web1' });
    await expect.poll(() => status(first), { timeout: 20_000 }).toBe('running');
    const second = await run({ gate: gateB, host: 'web1' });
    const other = await run({ gate: gateB, host: 'db1' });
    await expect.poll(() => status(second), { timeout: 20_000 }).toBe('delayed');
    await expect.poll(() => status(other), { timeout: 20_000 }).toBe('running');
    const delayed = (await current.api('GET', '/executions?status=delayed')).body as Execution[];
    expect(delayed.map((e) => e.id)).toEqual([second]);
    await current.temp.write('gate-b', '');
    await expect.poll(() => status(other), { timeout: 20_000 }).toBe('succeeded');
    expect(await status(second)).toBe('delayed');
    await current.temp.write('gate-a', '');
    await expect.poll(() => status(first), { timeout: 20_000 }).toBe('succeeded');
    await expect.poll(() => status(second), { timeout: 20_000 }).toBe('succeeded');
  });

  it('retries a failing execution with the same parameters until it succeeds (within max_retry_count)', async () => {
    const counter = `${current.temp.home}/count`;
    const first = await run({ counter }, 'demo.flaky');
    const chain = async () =>
      (await current.engine.store.listExecutions({ action: 'demo.flaky', limit: 0 }))
        .map((e) => [e.status, e.context['retry_count'] ?? 0])
        .reverse();
    await expect.poll(chain, { timeout: 20_000 }).toEqual([
      ['failed', 0],
      ['failed', 1],
      ['succeeded', 2],
    ]);
    const last = (await current.engine.store.listExecutions({ action: 'demo.flaky', limit: 1 }))[0];
    expect(last?.context).toMatchObject({
      applied_policy: 'demo.retry_flaky',
      retried_execution: expect.any(String),
    });
    expect(last?.parameters).toEqual((await current.engine.store.getExecution(first))?.parameters);
  });
});
