import { describe, expect, it } from 'vitest';
import type { SquallError } from '../../src/common/errors.js';
import { conductChain } from '../../src/workflows/action-chain/chain-conductor.js';
import { parseChainFile } from '../../src/workflows/action-chain/parse-chain.js';
import { loadChain, runChain } from './support/run-chain.js';

/**
 * StackStorm's example ActionChains (st2 contrib/examples/actions/chains), same structure, own
 * wording, run with core.local/echo in a real shell. The result shape is the action-chain
 * runner's: {tasks: [{id, name, execution_id, state, result, created_at, updated_at}], published}.
 */
const ok = (stdout: unknown) => ({ failed: false, succeeded: true, return_code: 0, stdout, stderr: '' });
const stdouts = (run: ReturnType<typeof runChain>) =>
  run.result?.tasks.map((task) => (task.result as { stdout: unknown }).stdout);

describe("StackStorm's example chains", () => {
  it('chain_sequential: params, publish, and the result StackStorm gives', () => {
    const run = runChain('chains/sequential.yaml', { parameters: { name: 'Thanos' } });
    expect(run.status).toBe('succeeded');
    expect(run.result).toEqual({
      tasks: [
        {
          id: 'first',
          name: 'first',
          execution_id: 'ex-1',
          state: 'succeeded',
          result: ok('Thanos'),
          created_at: '2026-01-01T00:00:00.000000Z',
          updated_at: '2026-01-01T00:00:01.000000Z',
        },
        {
          id: 'second',
          name: 'second',
          execution_id: 'ex-2',
          state: 'succeeded',
          result: ok('welcome aboard!'),
          created_at: '2026-01-01T00:00:01.000000Z',
          updated_at: '2026-01-01T00:00:02.000000Z',
        },
        {
          id: 'third',
          name: 'third',
          execution_id: 'ex-3',
          state: 'succeeded',
          result: ok('Thanos, welcome aboard!'),
          created_at: '2026-01-01T00:00:02.000000Z',
          updated_at: '2026-01-01T00:00:03.000000Z',
        },
      ],
      published: { greeting: 'Thanos, welcome aboard!' },
    });
  });

  it('echochain: the default node first, action_context.parent in params', () => {
    const run = runChain('chains/echochain.yaml', { context: { execution_id: 'chain-7' } });
    expect(run.status).toBe('succeeded');
    expect(stdouts(run)).toEqual(['n1', 'n2: my chain is chain-7.', 'n3']);
    expect(run.result?.published).toEqual({});
  });

  it('echochain_param: action parameters and earlier results by node name', () => {
    const run = runChain('chains/echochain-param.yaml', { parameters: { input1: 'apple' } });
    expect(stdouts(run)).toEqual(['n1 got apple', 'n2 n1 got apple', 'n3 n2 n1 got apple']);
  });

  it('echochain_task_failure: a failure without on-failure ends the chain failed', () => {
    const run = runChain('chains/echochain-task-failure.yaml');
    expect(run.status).toBe('failed');
    expect(run.result?.tasks.map((task) => [task.name, task.state])).toEqual([
      ['n1', 'succeeded'],
      ['n2', 'failed'],
    ]);
    expect(run.result?.tasks[1]?.result).toEqual({
      failed: true,
      succeeded: false,
      return_code: 1,
      stdout: '',
      stderr: 'this one sinks',
    });
  });

  it('echochain_top_level_failure: an action that does not exist fails the chain with an error', () => {
    const run = runChain('chains/echochain-top-level-failure.yaml', {
      env: { actionExists: (ref) => ref.startsWith('core.l') },
    });
    expect(run.status).toBe('failed');
    expect(run.result?.tasks.map((task) => task.name)).toEqual(['n1']);
    expect(run.result?.error).toBe(
      'Failed to run task "n2". Action with reference "core.no-such-action" doesn\'t exist. Task :: n2 - Action with ref core.no-such-action not registered.',
    );
  });

  it('publish_data: vars from the datastore, structured publish, Jinja logic', () => {
    const run = runChain('chains/publish-data.yaml', {
      parameters: { system_info_path: '/system/info' },
      env: {
        kv: { get: (scope, key) => (scope === 'system' && key === 'domain' ? 'example.com' : undefined) },
      },
      actions: {
        'core.http': (input) => ({ status: 'succeeded', result: { status_code: 200, url: input['url'] } }),
      },
    });
    expect(run.status).toBe('succeeded');
    expect(run.result?.published).toEqual({
      api_url: 'http://box1:9101',
      webui_url: 'http://box1:8080',
      host: 'box1',
      fqdn: 'box1.example.com',
      paths: {
        api: ['v1/actions', 'v1/triggers'],
        webui: '/',
        auth_port: '9102',
        system_info: '/system/info',
      },
    });
    expect(stdouts(run)?.[1]).toBe(
      'host=box1, domain=example.com, fqdn=box1.example.com, api_url=http://box1:9101',
    );
    expect(run.requests[2]?.input).toEqual({ method: 'GET', url: 'http://box1:9101/v1/actions' });
  });

  it('regex filters print Python values (False/True) into the command', () => {
    const run = runChain('chains/regex-filters.yaml');
    expect(stdouts(run)).toEqual([
      'False',
      'Your address is <redacted>. My address is <redacted>.',
      'True',
      '567 Elsewhere Dr',
      '123 Somewhere Ave',
    ]);
  });

  it('version and time filters', () => {
    expect(stdouts(runChain('chains/version-filters.yaml'))).toEqual([
      '1.7.0',
      '2.0.0',
      1,
      1.7,
      'True',
      '3h25m45s',
    ]);
  });

  it('decrypt_kv in vars reads secrets of the system and the user scope', () => {
    const secrets: Record<string, string> = {
      'system:my_cmd': 'enc:date',
      'user:stanley:my_cmd': 'enc:uptime',
    };
    const run = runChain('chains/decrypt-kv.yaml', {
      env: {
        kv: { get: (scope, key) => secrets[`${scope}:${key}`] },
        user: 'stanley',
        decrypt: (text) => text.replace(/^enc:/, ''),
      },
    });
    expect(run.requests.map((r) => r.input['cmd'])).toEqual(["echo 'date'", "echo 'uptime'"]);
  });
});

describe('chain pause, resume and cancel (chain_test_cancel, chain_test_pause_resume)', () => {
  const spec = loadChain('chains/two-steps.yaml');
  const env = (second: number) => ({ now: new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString() });
  const start = () =>
    conductChain(
      spec,
      undefined,
      { kind: 'start', parameters: { tempfile: '/tmp/x', message: 'hi' } },
      env(0),
    );

  it('cancel waits for the running node, then ends canceled without running the next', () => {
    const started = start();
    const canceling = conductChain(spec, started.state, { kind: 'cancel' }, env(1));
    expect(canceling.commands).toEqual([
      { kind: 'cancel_action', node: 'wait' },
      { kind: 'status', status: 'canceling' },
    ]);
    const done = conductChain(
      spec,
      canceling.state,
      { kind: 'action', status: 'canceled', result: null },
      env(2),
    );
    expect(done.commands).toEqual([
      {
        kind: 'finish',
        status: 'canceled',
        result: { tasks: [expect.objectContaining({ name: 'wait', state: 'canceled' })], published: {} },
      },
    ]);
  });

  it('pause stops after the running node; resume runs the next one', () => {
    const pausing = conductChain(spec, start().state, { kind: 'pause' }, env(1));
    const paused = conductChain(
      spec,
      pausing.state,
      { kind: 'action', status: 'succeeded', result: { stdout: '' } },
      env(2),
    );
    expect(paused.commands).toEqual([{ kind: 'status', status: 'paused' }]);
    const resumed = conductChain(spec, JSON.parse(JSON.stringify(paused.state)), { kind: 'resume' }, env(3));
    expect(resumed.commands).toEqual([
      { kind: 'request_action', id: '2', node: 'speak', action: 'core.local', input: { cmd: 'echo "hi"' } },
      { kind: 'status', status: 'running' },
    ]);
  });
});

describe('chains are checked when they load', () => {
  it('names unknown nodes, unknown fields and both params and parameters, with lines', () => {
    const yaml = [
      'chain:',
      '  - name: a',
      '    ref: core.noop',
      '    on-success: bb',
      '    params: {x: 1}',
      '    parameters: {y: 2}',
      '  - name: b',
      '    ref: core.noop',
      '    on-sucess: a',
      'default: nope',
    ].join('\n');
    try {
      parseChainFile(yaml, 'chain.yaml');
      throw new Error('accepted');
    } catch (error) {
      expect((error as SquallError).code).toBe('E_WORKFLOW_SPEC');
      expect((error as Error).message.split('\n').slice(1)).toEqual([
        '  chain.yaml:4: task "a": no node is named "bb" (did you mean "b"?)',
        '  chain.yaml:6: task "a": give either "params" or "parameters", not both',
        '  chain.yaml:9: task "b": unknown field "on-sucess" (did you mean "on-success"?)',
        '  chain.yaml:10: default: default names no node of the chain ("nope")',
      ]);
    }
  });

  it('starts with the first node nothing leads to when there is no default', () => {
    const spec = parseChainFile(
      'chain:\n  - {name: b, ref: core.noop}\n  - {name: a, ref: core.noop, on-success: b}\n',
      'c.yaml',
    );
    expect(spec.start).toBe('a');
  });
});
