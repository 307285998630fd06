import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { packageRoot } from '../../src/common/package-root.js';
import { squall } from '../cli/helpers/capture-io.js';
import { startServer, stopServer, type Server } from '../cli/helpers/start-server.js';

const README = readFileSync(path.join(packageRoot(), 'README.md'), 'utf8');

/** The shell block of the README's quick start that follows "With Squall started". */
function quickStartCommands(): string[] {
  const after = README.slice(README.indexOf('With Squall started'));
  const block = /```sh\n([\s\S]*?)```/.exec(after)?.[1] ?? '';
  return block
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '');
}

/** Words of a shell line: spaces outside quotes split, single quotes are removed (enough for the README). */
function shellWords(line: string): string[] {
  // `cmd='uname -a'` is one word in a shell: glue a quoted part to the word it continues.
  return line
    .split(/\s+(?=(?:[^'"]*['"][^'"]*['"])*[^'"]*$)/)
    .map((word) => word.replace(/^'(.*)'$/, '$1').replace(/='(.*)'$/, '=$1'));
}

/** `curl -s -XPOST localhost:9101/api/v1/webhooks/sample … -d '{…}'`: the path and the body. */
function curlRequest(line: string): { path: string; body: string } {
  const url = /localhost:\d+(\/api\/v1\/\S+)/.exec(line)?.[1];
  const body = /-d '([^']*)'/.exec(line)?.[1];
  if (!url || body === undefined) throw new Error(`README: cannot read the curl line: ${line}`);
  return { path: url, body };
}

interface ExecutionJson {
  id: string;
  status: string;
  action: string;
  rule: string | null;
  stdout: string;
}

// Slow (starts `squall start` in its own process, ~15 s with its stop): `npm run test:slow`.
describe('the README quick start, followed on a fresh home, does what it says', () => {
  let root: string;
  let home: string;
  let server: Server;
  const commands = quickStartCommands();
  const cli = (line: string) => {
    const [command, ...args] = shellWords(line);
    expect(command).toBe('squall');
    return squall([...args, '--home', home], { cwd: packageRoot() });
  };

  beforeAll(async () => {
    // `npm start` serves the `.squall/` home of the clone with the bundled packs: the same here,
    // on a fresh folder, on a free port instead of 9101.
    root = await mkdtemp(path.join(tmpdir(), 'squall-readme-'));
    home = path.join(root, '.squall');
    server = await startServer(home);
  });
  afterAll(async () => {
    await stopServer(server);
    await rm(root, { recursive: true, force: true });
  });

  it('has the commands this test follows', () => {
    expect(README).toMatch(/npm ci && npm start\s+# installs, then runs Squall with the bundled packs/);
    expect(commands.some((line) => line.startsWith('curl '))).toBe(true);
    expect(commands.filter((line) => line.startsWith('squall ')).length).toBeGreaterThanOrEqual(3);
  });

  it('runs the example webhook: the execution succeeds and the name is printed, never run', async () => {
    const { path: hook, body } = curlRequest(commands.find((line) => line.startsWith('curl ')) ?? '');
    const posted = await fetch(`${server.url}${hook}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(posted.status).toBe(202);
    const { trigger_instance: instance } = (await posted.json()) as { trigger_instance: string };
    const name = (JSON.parse(body) as { name: string }).name;

    const list = commands.find((line) => line.startsWith('squall execution list')) ?? '';
    await expect
      .poll(
        async () => {
          const listed = await cli(`${list} --json`);
          const ran = listed.json<ExecutionJson[]>().find((e) => e.rule === 'squall_demo.webhook_echo');
          return ran?.status;
        },
        { timeout: 30_000, interval: 250 },
      )
      .toBe('succeeded');
    const human = await cli(list);
    expect(human.stdout).toMatch(/core\.local\s+succeeded\s.*squall_demo\.webhook_echo/);

    const ran = (await cli(`${list} --json`))
      .json<ExecutionJson[]>()
      .find((e) => e.rule === 'squall_demo.webhook_echo');
    const got = await squall(['execution', 'get', ran?.id ?? '', '--json', '--home', home]);
    expect(got.json<ExecutionJson>().stdout).toBe(`hello ${name}, from a webhook`);

    const trace = await squall(['trace', instance, '--home', home]);
    expect(trace.code, trace.stderr).toBe(0);
    expect(trace.stdout).toContain('squall_demo.webhook_echo');
    expect(trace.stdout).toContain(ran?.id ?? 'missing');
  });

  it('runs the other quick-start commands as written', async () => {
    const run = commands.find((line) => line.startsWith('squall run ')) ?? '';
    const ran = await cli(`${run} --json`);
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.json<ExecutionJson>()).toMatchObject({ status: 'succeeded', action: 'core.local' });

    const test = commands.find((line) => line.startsWith('squall rule test ')) ?? '';
    const tested = await cli(test);
    expect(tested.code, tested.stderr).toBe(0);
    expect(tested.stdout).toContain('hello ops, from a webhook');
  });
});
