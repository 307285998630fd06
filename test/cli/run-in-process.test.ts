import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createDemoHome, type TempHome } from '../api/helpers/temp-home.js';
import { squall } from './helpers/capture-io.js';

interface ExecutionJson {
  id: string;
  action: string;
  status: string;
  stdout: string;
  stderr: string;
  exit_code: number | null;
  context: Record<string, unknown>;
  [field: string]: unknown;
}

describe('squall run and friends, without a server (engine opened in-process)', () => {
  let home: TempHome;
  const at = (...args: string[]): string[] => [...args, '--home', home.dir];

  beforeAll(async () => {
    home = await createDemoHome();
  });
  afterAll(async () => {
    await home.remove();
  });

  it('runs core.local, prints its output and exits 0', async () => {
    const run = await squall(at('run', 'core.local', 'cmd=echo from-cli; echo warn >&2'));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^status: +succeeded$/m);
    expect(run.stdout).toMatch(/^stdout: +from-cli$/m);
    expect(run.stdout).toMatch(/^stderr: +warn$/m);
  });

  it('prints the execution as JSON with --json, and exits 1 when it fails', async () => {
    const run = await squall(at('run', 'core.local', 'cmd=echo out; exit 3', '--json'));
    expect(run.code).toBe(1);
    const execution = run.json<ExecutionJson>();
    expect(execution).toMatchObject({
      action: 'core.local',
      status: 'failed',
      exit_code: 3,
      stdout: 'out',
      context: { source: 'cli' },
    });
    expect(execution).not.toHaveProperty('secret_parameters');

    const got = await squall(at('execution', 'get', execution.id, '--json'));
    expect(got.code).toBe(0);
    expect(got.json<ExecutionJson>()).toMatchObject({ id: execution.id, status: 'failed' });
    const list = await squall(at('execution', 'list', '--status', 'failed', '--json'));
    expect(list.json<ExecutionJson[]>().map((e) => e.id)).toContain(execution.id);
    const table = await squall(at('execution', 'list', '-n', '1'));
    expect(table.stdout.split('\n')[0]).toMatch(/^ID +ACTION +STATUS +CREATED/);
    expect(table.stdout).toContain(execution.id);
  });

  it('never prints secret parameters', async () => {
    const run = await squall(at('run', 'demo.secret_echo', 'token=super-secret-value', '--json'));
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('super-secret-value');
    expect(run.json<ExecutionJson>().parameters).toMatchObject({ token: '********' });
    const list = await squall(at('execution', 'list', '--action', 'demo.secret_echo', '--json'));
    expect(list.stdout).not.toContain('super-secret-value');
  });

  it('--async prints the requested execution and returns', async () => {
    const run = await squall(at('run', 'core.noop', '--async', '--json'));
    expect(run.code).toBe(0);
    expect(run.json<ExecutionJson>()).toMatchObject({ action: 'core.noop', status: 'requested' });
  });

  it('exits 2 for invalid input and 1 for an unknown action, with JSON errors under --json', async () => {
    const bad = await squall(at('run', 'core.local', 'not-a-pair'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('not key=value');
    const missing = await squall(at('run', 'core.local'));
    expect(missing.code).toBe(2);
    const unknown = await squall(at('run', 'nope.nothing', '--json'));
    expect(unknown.code).toBe(1);
    expect(unknown.json()).toEqual({
      faultstring: expect.stringContaining('nope.nothing'),
      code: 'E_UNKNOWN_ACTION',
    });
    expect((await squall(['frobnicate'])).code).toBe(2);
    expect((await squall([])).code).toBe(2);
    expect((await squall(['--help'])).code).toBe(0);
    expect((await squall(at('execution', 'list', '-n', 'many'))).code).toBe(2);
  });

  it('lists and gets actions, rules, trigger types, packs', async () => {
    const actions = await squall(at('action', 'list', '--pack', 'demo', '--json'));
    expect(actions.json<{ ref: string }[]>().map((a) => a.ref)).toEqual(['demo.secret_echo']);
    const action = await squall(at('action', 'get', 'demo.secret_echo'));
    expect(action.stdout).toMatch(/^runner_type: +local-shell-cmd$/m);
    expect((await squall(at('action', 'get', 'demo.nope'))).code).toBe(1);

    const rules = await squall(at('rule', 'list', '--pack', 'demo'));
    expect(rules.stdout).toMatch(
      /^demo\.on_failure +enabled +core\.st2\.generic\.actiontrigger +core\.local/m,
    );
    const rule = await squall(at('rule', 'get', 'demo.on_failure', '--json'));
    expect(rule.json()).toMatchObject({ ref: 'demo.on_failure', action: { ref: 'core.local' } });

    const triggers = await squall(at('trigger', 'list', '--json'));
    expect(triggers.json<{ ref: string }[]>().map((t) => t.ref)).toContain('core.st2.generic.actiontrigger');

    const packs = await squall(at('pack', 'list', '--json'));
    expect(packs.json<{ ref: string; content: unknown }[]>().find((p) => p.ref === 'demo')).toMatchObject({
      content: { actions: 1, rules: 1 },
    });
    const pack = await squall(at('pack', 'get', 'demo'));
    expect(pack.stdout).toContain('issues:');
    expect(pack.stdout).toMatch(/error rule .*broken\.yaml/);
  });

  it('reload reports counts and exits 1 when content failed to load', async () => {
    const reload = await squall(at('reload', '--pack', 'demo', '--json'));
    expect(reload.code).toBe(1);
    expect(reload.json()).toMatchObject({ pack: 'demo', actions: 1, issues: [{ severity: 'error' }] });
  });

  it('a finished execution emits an action trigger: trigger-instance list and get', async () => {
    const failed = await squall(at('run', 'core.local', 'cmd=exit 1', '--json'));
    expect(failed.code).toBe(1);
    const instances = await squall(
      at('trigger-instance', 'list', '--trigger', 'core.st2.generic.actiontrigger', '--json'),
    );
    const [latest] = instances.json<{ id: string; payload: { execution_id: string } }[]>();
    expect(latest?.payload.execution_id).toBe(failed.json<ExecutionJson>().id);
    const got = await squall(at('trigger-instance', 'get', latest?.id ?? '', '--json'));
    expect(got.json()).toMatchObject({ id: latest?.id, trigger: 'core.st2.generic.actiontrigger' });
  });

  it('sets, gets, lists and deletes keys, secrets masked unless --decrypt', async () => {
    expect((await squall(at('key', 'set', 'plain', 'visible'))).code).toBe(0);
    const set = await squall(at('key', 'set', 'api_token', 'tok-9876', '--encrypt', '--json'));
    expect(set.json()).toMatchObject({ name: 'api_token', value: '********', secret: true });
    const list = await squall(at('key', 'list'));
    expect(list.stdout).toMatch(/^api_token +\*{8} +yes +system/m);
    expect(list.stdout).toMatch(/^plain +visible/m);
    expect(list.stdout).not.toContain('tok-9876');
    const decrypted = await squall(at('key', 'get', 'api_token', '--decrypt', '--json'));
    expect(decrypted.json()).toMatchObject({ value: 'tok-9876' });
    await squall(at('key', 'set', 'theme', 'dark', '--scope', 'user', '--user', 'alice'));
    const alice = await squall(at('key', 'get', 'theme', '--scope', 'user', '--user', 'alice', '--json'));
    expect(alice.json()).toMatchObject({ value: 'dark', user: 'alice' });
    expect((await squall(at('key', 'get', 'theme', '--scope', 'user'))).code).toBe(2);
    expect((await squall(at('key', 'delete', 'plain'))).code).toBe(0);
    expect((await squall(at('key', 'get', 'plain'))).code).toBe(1);
  });
});
