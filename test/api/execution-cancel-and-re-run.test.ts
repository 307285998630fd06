import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { squall } from '../cli/helpers/capture-io.js';
import { useServedEngine } from '../support/served-engine.js';
import { packYaml } from '../support/temp-home.js';

interface ExecutionBody {
  id: string;
  status: string;
  parameters: Record<string, unknown>;
  context: Record<string, unknown>;
  trace_id: string;
  stdout: string;
}

const GREET = `name: greet
pack: demo
runner_type: local-shell-cmd
enabled: true
parameters:
  greeting: { type: string, default: hello }
  who: { type: string, required: true }
  password: { type: string, secret: true }
  cmd: { immutable: true, default: 'echo "{{ greeting }} {{ who }} {{ password }}"' }
`;

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('cancel and re-run', () => {
  const current = useServedEngine({
    prepare: async (temp) => {
      await temp.write('packs/demo/pack.yaml', packYaml('demo'));
      await temp.write('packs/demo/actions/greet.yaml', GREET);
    },
  });
  const get = async (id: string): Promise<ExecutionBody> =>
    (await current.api('GET', `/executions/${id}`)).body as ExecutionBody;

  it('squall execution cancel kills sleep 300 and the processes it started, and records canceled', async () => {
    const dir = current.temp.home;
    const cmd = `sleep 300 & echo $! > ${dir}/child; echo $$ > ${dir}/leader; echo started; wait`;
    const created = await current.api('POST', '/executions', { action: 'core.local', parameters: { cmd } });
    const id = (created.body as ExecutionBody).id;
    const output = (): Promise<string> =>
      fetch(`${current.server.url}/api/v1/executions/${id}/output`).then((response) => response.text());
    await expect.poll(output, { timeout: 30_000 }).toContain('started');
    const child = Number(await readFile(path.join(dir, 'child'), 'utf8'));
    const leader = Number(await readFile(path.join(dir, 'leader'), 'utf8'));
    expect(alive(child)).toBe(true);

    const cancel = await squall(['execution', 'cancel', id, '--json', '--home', dir]);
    expect(cancel.code).toBe(0);
    expect(cancel.json<ExecutionBody>().status).toMatch(/^cancel/);
    await expect.poll(async () => (await get(id)).status, { timeout: 30_000 }).toBe('canceled');
    await expect.poll(() => alive(child) || alive(leader), { timeout: 30_000 }).toBe(false);
    const canceled = await get(id);
    expect(canceled).toMatchObject({ status: 'canceled', stdout: expect.stringContaining('started') });

    const again = await squall(['execution', 'cancel', id, '--json', '--home', dir]);
    expect(again.json<ExecutionBody>().status).toBe('canceled');
  });

  it('cancels an execution asked for a moment ago, whether it was still queued or had started', async () => {
    const created = await current.api('POST', '/executions', {
      action: 'core.local',
      parameters: { cmd: 'sleep 300' },
    });
    const id = (created.body as ExecutionBody).id;
    const canceled = await current.api('DELETE', `/executions/${id}`);
    expect(canceled.status).toBe(200);
    await expect.poll(async () => (await get(id)).status, { timeout: 30_000 }).toBe('canceled');
  });

  it('stops a running execution marked canceling in the store by another process (a cluster peer)', async () => {
    const created = await current.api('POST', '/executions', {
      action: 'core.local',
      parameters: { cmd: 'echo up; sleep 300' },
    });
    const id = (created.body as ExecutionBody).id;
    await expect.poll(async () => (await get(id)).status, { timeout: 30_000 }).toBe('running');
    // What requestCancellation does in the API process of another node: only the store changes.
    expect(
      await current.engine.store.transitionExecution(id, ['running'], { status: 'canceling' }),
    ).toBeDefined();
    await expect.poll(async () => (await get(id)).status, { timeout: 30_000 }).toBe('canceled');
  });

  it('re-run makes a second execution with the given parameters merged over the original', async () => {
    const created = await current.api('POST', '/executions', {
      action: 'demo.greet',
      parameters: { who: 'world', password: 'pa55-w0rd-x' },
    });
    const original = (created.body as ExecutionBody).id;
    expect((await current.engine.waitForExecution(original)).stdout).toBe('hello world ********');

    const rerun = await current.api('POST', `/executions/${original}/re_run`, {
      parameters: { greeting: 'bonjour' },
    });
    expect(rerun.status).toBe(201);
    const second = rerun.body as ExecutionBody;
    expect(second.id).not.toBe(original);
    expect(second.context).toMatchObject({ 're-run': { ref: original } });
    expect(second.trace_id).toBe((await get(original)).trace_id);
    const ended = await current.engine.waitForExecution(second.id);
    // The secret kept its real value (the action printed it, masked in what is stored).
    expect(ended).toMatchObject({ status: 'succeeded', stdout: 'bonjour world ********' });
    expect(ended.parameters).toMatchObject({ greeting: 'bonjour', who: 'world', password: '********' });

    const cli = await squall([
      'execution',
      're-run',
      original,
      'who=squall',
      '--json',
      '--home',
      current.temp.home,
    ]);
    expect(cli.code).toBe(0);
    expect(cli.json<ExecutionBody>()).toMatchObject({
      status: 'succeeded',
      stdout: 'hello squall ********',
      context: { source: 'cli', 're-run': { ref: original } },
    });
  });

  it('refuses re-run specs st2 refuses, and unknown executions', async () => {
    const created = await current.api('POST', '/executions', {
      action: 'core.local',
      parameters: { cmd: 'true' },
    });
    const id = (created.body as ExecutionBody).id;
    await current.engine.waitForExecution(id);
    const refused = await current.api('POST', `/executions/${id}/re_run`, {
      parameters: { cmd: 'date' },
      tasks: ['one'],
    });
    expect(refused).toMatchObject({ status: 400, body: { code: 'E_RERUN_SPEC' } });
    const reset = await current.api('POST', `/executions/${id}/re_run`, { tasks: ['a'], reset: ['b'] });
    expect(reset).toMatchObject({ status: 400, body: { code: 'E_RERUN_SPEC' } });
    expect(await current.api('POST', '/executions/nope/re_run', {})).toMatchObject({
      status: 404,
      body: { code: 'E_UNKNOWN_EXECUTION' },
    });
  });
});
