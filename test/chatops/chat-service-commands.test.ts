import { describe, expect, it } from 'vitest';

import { ChatService } from '../../src/chatops/chat-service.js';
import type { RefusalRecord } from '../../src/chatops/chat-outcome.js';
import { defineAlias, memoryExecutor, recordingAdapter } from './chat-harness.js';

const deploy = defineAlias({
  name: 'deploy',
  action_ref: 'ops.deploy',
  description: 'Deploy an app',
  formats: [
    {
      display: 'deploy <app> [to <env>]',
      representation: ['deploy {{ app }} to {{ env }}', 'deploy {{ app }}'],
    },
  ],
  ack: { format: 'Deploying *{{ execution.parameters.app }}* for {{ user }}…' },
  result: {
    format: '{{ execution.parameters.app }}: {{ execution.status }}{~}{{ execution.result.stdout }}',
  },
  immutable_parameters: { notify: true },
});
const restart = defineAlias({
  name: 'restart',
  action_ref: 'ops.restart',
  description: 'Restart a service',
  formats: ['restart {{ service }}'],
  allowed_users: ['alice'],
  allowed_groups: ['sre'],
});
const actions = {
  'ops.deploy': {
    app: { type: 'string' as const },
    env: { type: 'string' as const },
    notify: { type: 'boolean' as const },
  },
  'ops.restart': { service: { type: 'string' as const } },
};

function setup(options: { onRefused?: (record: RefusalRecord) => void } = {}) {
  const adapter = recordingAdapter();
  const executor = memoryExecutor(actions, (run) => ({
    result: { stdout: `deployed ${String(run.parameters['app'])}` },
  }));
  const service = new ChatService({
    adapter,
    executor,
    aliases: () => [deploy, restart],
    publicUrl: 'https://squall.example.com/',
    now: () => Date.parse('2026-01-01T00:00:00Z'),
    ...options,
  });
  return { adapter, executor, service };
}

describe('ChatService running commands', () => {
  it('acks at once, runs the action with cast parameters and context, posts the result when it ends', async () => {
    const { adapter, executor, service } = setup();
    const release = executor.hold();
    const outcome = await service.handle({ text: 'deploy web to prod', user: 'bob', channel: 'ops-room' });
    expect(outcome.status).toBe('executed');
    expect(adapter.posts).toEqual([
      {
        channel: 'ops-room',
        text: 'Deploying *web* for bob…\nhttps://squall.example.com/api/v1/executions/ex1',
      },
    ]);
    expect(executor.runs).toEqual([
      {
        actionRef: 'ops.deploy',
        parameters: { app: 'web', env: 'prod', notify: true },
        context: {
          user: 'bob',
          source: 'chatops',
          source_channel: 'ops-room',
          action_alias_ref: 'ops.deploy',
          command: 'deploy web to prod',
        },
      },
    ]);
    release();
    if (outcome.status === 'executed') await outcome.completion;
    expect(adapter.posts).toHaveLength(2);
    expect(adapter.posts[1]).toEqual({ channel: 'ops-room', text: 'web: succeeded\ndeployed web' });
  });

  it('help lists what the user may run, with display formats; a filter narrows it', async () => {
    const { adapter, service } = setup();
    await service.handle({ text: 'help', user: 'bob', channel: 'c' });
    expect(adapter.posts[0]?.text).toBe(
      'Commands you can run (1):\n• deploy <app> [to <env>] — Deploy an app',
    );
    await service.handle({ text: 'help restart', user: 'alice', channel: 'c' });
    expect(adapter.posts[1]?.text).toBe(
      'Commands matching "restart" (1):\n• restart {{ service }} — Restart a service',
    );
    await service.handle({ text: 'help nothing-like-it', user: 'alice', channel: 'c' });
    expect(adapter.posts[2]?.text).toBe('No commands match "nothing-like-it".');
  });

  it('answers an unknown command with a pointer to help, and runs nothing', async () => {
    const { adapter, executor, service } = setup();
    expect((await service.handle({ text: 'launch rockets', user: 'bob', channel: 'c' })).status).toBe(
      'no_match',
    );
    expect(adapter.posts[0]?.text).toMatch(/^No command matches that. Type "help"/);
    expect(executor.runs).toEqual([]);
  });

  it('refuses an overlong command without matching it', async () => {
    const { adapter, executor, service } = setup();
    const outcome = await service.handle({ text: `deploy ${'x'.repeat(1000)}`, user: 'bob', channel: 'c' });
    expect(outcome.status).toBe('invalid');
    expect(adapter.posts[0]?.text).toBe('That command is too long; shorten it or use the API.');
    expect(executor.runs).toEqual([]);
  });

  it('refuses a user who is neither listed nor in a listed group, and records it', async () => {
    const refusals: RefusalRecord[] = [];
    const { adapter, executor, service } = setup({ onRefused: (record) => void refusals.push(record) });
    const outcome = await service.handle({
      text: 'restart nginx',
      user: 'mallory',
      channel: 'c',
      groups: ['dev'],
    });
    expect(outcome.status).toBe('refused');
    expect(adapter.posts[0]?.text).toBe(
      'Sorry mallory, you are not allowed to run "ops.restart". Ask an administrator of the "ops" pack for access.',
    );
    expect(refusals).toEqual([
      {
        alias: 'ops.restart',
        action_ref: 'ops.restart',
        user: 'mallory',
        groups: ['dev'],
        channel: 'c',
        command: 'restart nginx',
        at: '2026-01-01T00:00:00.000Z',
      },
    ]);
    expect(executor.runs).toEqual([]);
    expect((await service.handle({ text: 'restart nginx', user: 'alice', channel: 'c' })).status).toBe(
      'executed',
    );
    expect(
      (await service.handle({ text: 'restart nginx', user: 'carol', channel: 'c', groups: ['sre'] })).status,
    ).toBe('executed');
    await service.idle();
  });

  it('refuses a value for an immutable parameter and a value of the wrong type', async () => {
    const { adapter, executor, service } = setup();
    await service.handle({ text: 'deploy web notify=false', user: 'bob', channel: 'c' });
    expect(adapter.posts[0]?.text).toMatch(/^Cannot run ops.deploy: "notify" cannot be set from chat/);
    await service.handle({ text: 'deploy web colour=red', user: 'bob', channel: 'c' });
    expect(adapter.posts[1]?.text).toMatch(/"colour" is not a parameter of ops.deploy/);
    expect(executor.runs).toEqual([]);
  });

  it('tells the user when the action cannot start or its execution is lost', async () => {
    const adapter = recordingAdapter();
    const executor = memoryExecutor(actions);
    const service = new ChatService({
      adapter,
      aliases: () => [deploy],
      executor: {
        ...executor,
        waitFor: async () => {
          throw new Error('store down');
        },
      },
    });
    const outcome = await service.handle({ text: 'deploy web', user: 'bob', channel: 'c' });
    await service.idle();
    expect(outcome.status).toBe('executed');
    expect(adapter.posts.at(-1)?.text).toBe(
      'Lost track of execution ex1 (ops.deploy); check it with the CLI.',
    );

    const refusing = new ChatService({
      adapter,
      aliases: () => [deploy],
      executor: {
        ...executor,
        run: async () => {
          throw new Error('queue full of secrets');
        },
      },
    });
    expect((await refusing.handle({ text: 'deploy web', user: 'bob', channel: 'c' })).status).toBe('failed');
    expect(adapter.posts.at(-1)?.text).toBe('Could not run ops.deploy: internal error (see the server log)');
  });

  it('a failing adapter does not break command handling', async () => {
    const executor = memoryExecutor(actions);
    const service = new ChatService({
      adapter: {
        name: 'broken',
        start: async () => {},
        stop: async () => {},
        postMessage: async () => {
          throw new Error('chat is down');
        },
      },
      executor,
      aliases: () => [deploy],
    });
    const outcome = await service.handle({ text: 'deploy web', user: 'bob', channel: 'c' });
    await service.idle();
    expect(outcome.status).toBe('executed');
    expect(executor.runs).toHaveLength(1);
  });

  it('start() wires the adapter to handle()', async () => {
    const { adapter, executor, service } = setup();
    await service.start();
    await adapter.handler?.({ text: 'deploy api', user: 'bob', channel: 'c' });
    await service.stop();
    expect(executor.runs.map((run) => run.parameters['app'])).toEqual(['api']);
    expect(adapter.posts.map((post) => post.text.split('\n')[0])).toEqual([
      'Deploying *api* for bob…',
      'api: succeeded',
    ]);
    expect(adapter.handler).toBeUndefined();
  });
});
