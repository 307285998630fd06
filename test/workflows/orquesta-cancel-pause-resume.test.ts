import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import type { Execution } from '../../src/domain/execution.js';
import { useServedEngine } from '../support/served-engine.js';
import { writeWorkflowPack } from './support/workflow-pack.js';

// Tasks wait for a gate file the test creates, so nothing depends on timing.
const gated = (gate: string) =>
  `core.local cmd="while [ ! -f ${gate} ]; do sleep 0.05; done; echo passed ${gate}"`;

const current = useServedEngine({
  prepare: (temp) =>
    writeWorkflowPack(temp, [
      {
        name: 'two-gates',
        parameters: { dir: {} },
        text: [
          'version: 1.0',
          'input: [dir]',
          'tasks:',
          '  first:',
          `    action: ${gated('<% ctx().dir %>/one')}`,
          '    next:',
          '      - when: <% succeeded() %>',
          '        do: second',
          '  second:',
          `    action: ${gated('<% ctx().dir %>/two')}`,
          'output:',
          '  - said: <% task(second).result.stdout %>',
          '',
        ].join('\n'),
      },
      {
        name: 'wait-and-delay',
        parameters: { dir: {} },
        text: [
          'version: 1.0',
          'input: [dir]',
          'tasks:',
          '  waits:',
          `    action: ${gated('<% ctx().dir %>/never')}`,
          '  later:',
          '    delay: 3600',
          '    action: core.noop',
          '',
        ].join('\n'),
      },
    ]),
});

async function children(id: string): Promise<Execution[]> {
  const { body } = await current.api('GET', `/executions?parent=${id}`);
  return (body as Execution[]).sort((a, b) => (a.id < b.id ? -1 : 1));
}

async function status(id: string): Promise<string> {
  return ((await current.api('GET', `/executions/${id}`)).body as Execution).status;
}

const poll = { timeout: 20_000, interval: 25 };

describe('workflow executions can be canceled, paused and resumed through the API', () => {
  it('cancel: canceling while a task runs, then canceled with every child canceled', async () => {
    const dir = current.temp.home;
    const { body } = await current.api('POST', '/executions', {
      action: 'demo.wait-and-delay',
      parameters: { dir },
    });
    const id = (body as Execution).id;
    await expect
      .poll(async () => (await children(id)).map((c) => c.status).sort(), poll)
      .toEqual(['delayed', 'running']);
    const canceled = await current.api('DELETE', `/executions/${id}`);
    expect(canceled.status).toBe(200);
    expect(['canceling', 'canceled']).toContain((canceled.body as Execution).status);
    await expect.poll(() => status(id), poll).toBe('canceled');
    expect((await children(id)).map((c) => c.status)).toEqual(['canceled', 'canceled']);
    const final = (await current.api('GET', `/executions/${id}`)).body as Execution;
    expect(final.result).toEqual({ output: null });
  });

  it('pause waits for the running task, starts no other; resume carries on to the end', async () => {
    const dir = current.temp.home;
    const { body } = await current.api('POST', '/executions', {
      action: 'demo.two-gates',
      parameters: { dir },
    });
    const id = (body as Execution).id;
    await expect.poll(async () => (await children(id)).map((c) => c.status), poll).toEqual(['running']);
    const paused = await current.api('PUT', `/executions/${id}`, { status: 'pausing' });
    expect(paused.status).toBe(200);
    expect((paused.body as Execution).status).toBe('pausing');
    await writeFile(path.join(dir, 'one'), '');
    await expect.poll(() => status(id), poll).toBe('paused');
    expect((await children(id)).map((c) => c.status)).toEqual(['succeeded']);

    const resumed = await current.api('PUT', `/executions/${id}`, { status: 'resuming' });
    expect(resumed.status).toBe(200);
    await expect.poll(async () => (await children(id)).length, poll).toBe(2);
    await writeFile(path.join(dir, 'two'), '');
    await expect.poll(() => status(id), poll).toBe('succeeded');
    const final = (await current.api('GET', `/executions/${id}`)).body as Execution;
    expect(final.result).toEqual({ output: { said: `passed ${dir}/two` } });
    expect(existsSync(path.join(dir, 'two'))).toBe(true);
  });

  it('pausing an action that is not a workflow is refused', async () => {
    const { body } = await current.api('POST', '/executions', {
      action: 'core.local',
      parameters: { cmd: `while [ ! -f ${current.temp.home}/gate ]; do sleep 0.05; done` },
    });
    const id = (body as Execution).id;
    await expect.poll(() => status(id), poll).toBe('running');
    const refused = await current.api('PUT', `/executions/${id}`, { status: 'pausing' });
    expect(refused.status).toBe(400);
    await writeFile(path.join(current.temp.home, 'gate'), '');
    await expect.poll(() => status(id), poll).toBe('succeeded');
  });
});
