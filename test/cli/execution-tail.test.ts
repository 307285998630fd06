import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import type { CliIo } from '../../src/cli/cli-io.js';
import { runCli } from '../../src/cli/main.js';
import { useServedEngine } from '../support/served-engine.js';
import { packYaml } from '../support/temp-home.js';
import { squall } from './helpers/capture-io.js';

const SECRET = 'hunter2-tail-secret';

// Prints a line, then waits for the test to say go (a file), then prints more: the tail must show
// the first line while the action still runs.
const STEPWISE = `name: stepwise
pack: demo
runner_type: local-shell-cmd
enabled: true
parameters:
  dir: { type: string, required: true }
  token: { type: string, secret: true, required: true }
  cmd:
    immutable: true
    default: >-
      echo "first line"; echo "warning on stderr" >&2; echo "token {{ token }}";
      while [ ! -f {{ dir }}/go ]; do sleep 0.05; done; echo "second line"
`;

/** `squall <args>` in this process, its stdout readable while it runs. */
function startCli(args: readonly string[]): { stdout: () => string; done: Promise<number> } {
  let stdout = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: () => undefined },
    env: {},
    cwd: process.cwd(),
  };
  return { stdout: () => stdout, done: runCli(args, io) };
}

describe('squall execution tail', () => {
  const current = useServedEngine({
    prepare: async (temp) => {
      await temp.write('packs/demo/pack.yaml', packYaml('demo'));
      await temp.write('packs/demo/actions/stepwise.yaml', STEPWISE);
    },
  });

  const start = async (): Promise<string> => {
    const run = await squall([
      'run',
      'demo.stepwise',
      `dir=${current.temp.home}`,
      `token=${SECRET}`,
      '--async',
      '--json',
      '--home',
      current.temp.home,
    ]);
    expect(run.code).toBe(0);
    return run.json<{ id: string }>().id;
  };

  it('shows the first line while the action still runs, then the rest and how it ended', async () => {
    const id = await start();
    const tail = startCli(['execution', 'tail', id, '--home', current.temp.home]);
    await expect.poll(tail.stdout, { timeout: 30_000 }).toContain('first line');
    // Still running: the action waits for the go file, which only the test writes.
    expect(existsSync(path.join(current.temp.home, 'go'))).toBe(false);
    expect((await current.api('GET', `/executions/${id}`)).body).toMatchObject({ status: 'running' });
    expect(tail.stdout()).not.toContain('second line');
    await writeFile(path.join(current.temp.home, 'go'), '');
    expect(await tail.done).toBe(0);
    const text = tail.stdout();
    expect(text).toContain(`Execution ${id} has started.`);
    expect(text).toContain('warning on stderr');
    expect(text).toContain('second line');
    expect(text).toContain(`Execution ${id} has completed (status=succeeded).`);
    expect(text).not.toContain(SECRET);
    expect(text).toContain('token ********');
    expect(text.indexOf('first line')).toBeLessThan(text.indexOf('second line'));
  });

  it("follows the executions it starts (a workflow's tasks) with their output", async () => {
    const id = await start();
    const tail = startCli(['execution', 'tail', id, '--home', current.temp.home]);
    await expect.poll(tail.stdout, { timeout: 30_000 }).toContain('first line');
    const child = await current.engine.run({
      action: 'core.local',
      parameters: { cmd: 'echo "child says hi"' },
      parent: id,
      context: { task: 'step1' },
    });
    await expect
      .poll(tail.stdout, { timeout: 30_000 })
      .toContain(`Child execution (task=step1) ${child.id} has finished (status=succeeded).`);
    await writeFile(path.join(current.temp.home, 'go'), '');
    expect(await tail.done).toBe(0);
    const text = tail.stdout();
    expect(text).toContain(`Child execution (task=step1) ${child.id} has started.`);
    expect(text).toContain('child says hi');
    expect(text.indexOf('child says hi')).toBeLessThan(text.indexOf('second line'));
    expect(text).toContain(`Execution ${id} has completed (status=succeeded).`);
  });

  it('prints the stored output of an execution that has already finished', async () => {
    await writeFile(path.join(current.temp.home, 'go'), '');
    const id = await start();
    await current.engine.waitForExecution(id);
    const tail = await squall(['execution', 'tail', id, '--home', current.temp.home]);
    expect(tail.code).toBe(0);
    expect(tail.stdout).toContain('first line');
    expect(tail.stdout).toContain('second line');
    expect(tail.stdout).toContain(`Execution ${id} has completed (status=succeeded).`);
    const stdoutOnly = await squall([
      'execution',
      'tail',
      id,
      '--type',
      'stdout',
      '--home',
      current.temp.home,
    ]);
    expect(stdoutOnly.stdout).toContain('second line');
    expect(stdoutOnly.stdout).not.toContain('warning on stderr');
  });

  it('GET /executions/<id>/output answers the output as text, by stream, or as chunks', async () => {
    await writeFile(path.join(current.temp.home, 'go'), '');
    const id = await start();
    await current.engine.waitForExecution(id);
    const url = `${current.server.url}/api/v1/executions/${id}/output`;
    const all = await fetch(url);
    expect(all.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await all.text();
    expect(text).toContain('first line\n');
    expect(text).toContain('second line\n');
    expect(text).not.toContain(SECRET);
    const stderr = await (await fetch(`${url}?output_type=stderr`)).text();
    expect(stderr).toBe('warning on stderr\n');
    const chunks = (await current.api('GET', `/executions/${id}/output?output_format=json`)).body as {
      execution_id: string;
      action_ref: string;
      output_type: string;
      data: string;
    }[];
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks[0]).toMatchObject({ execution_id: id, action_ref: 'demo.stepwise' });
    expect(chunks.map((chunk) => chunk.data).join('')).toContain('second line');
    expect((await current.api('GET', `/executions/${id}/output?output_type=both`)).status).toBe(400);
    expect((await current.api('GET', '/executions/nope/output')).status).toBe(404);
  });
});
