import { describe, expect, it } from 'vitest';

import { ChatService } from '../../src/chatops/chat-service.js';
import { createSecretRegistry } from '../../src/security/secret-registry.js';
import { defineAlias, memoryExecutor, recordingAdapter } from './chat-harness.js';

describe('ChatService confirmations', () => {
  const drop = defineAlias({
    name: 'drop_db',
    action_ref: 'db.drop',
    formats: ['drop database {{ name }}'],
    confirm: true,
  });
  const actions = { 'db.drop': { name: { type: 'string' as const } } };

  function setup() {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const adapter = recordingAdapter();
    const executor = memoryExecutor(actions);
    let codes = 0;
    const service = new ChatService({
      adapter,
      executor,
      aliases: () => [drop],
      now: () => now,
      confirmationTtlMs: 120_000,
    });
    return { adapter, executor, service, advance: (ms: number) => (now += ms), nextCode: () => ++codes };
  }

  it('asks for a phrase, runs nothing until the same user repeats it, then runs once', async () => {
    const { adapter, executor, service } = setup();
    const asked = await service.handle({ text: 'drop database staging', user: 'alice', channel: 'c1' });
    expect(asked.status).toBe('confirmation_requested');
    const code = asked.status === 'confirmation_requested' ? asked.code : '';
    expect(code).toMatch(/^[0-9a-f]{4}$/);
    expect(adapter.posts[0]?.text).toBe(
      `This runs db.drop with name=staging. alice, reply \`confirm ${code}\` within 2 minutes to go ahead.`,
    );
    expect(executor.runs).toEqual([]);

    const wrong = await service.handle({ text: `confirm ${code}`, user: 'mallory', channel: 'c1' });
    expect(wrong).toEqual({ status: 'confirmation_rejected', reason: 'wrong_user' });
    expect(adapter.posts[1]?.text).toBe('Only the person who sent the command can confirm it.');
    expect(executor.runs).toEqual([]);

    const right = await service.handle({
      text: `confirm ${code.toUpperCase()}`,
      user: 'alice',
      channel: 'c1',
    });
    expect(right.status).toBe('executed');
    expect(executor.runs.map((run) => run.parameters)).toEqual([{ name: 'staging' }]);
    await service.idle();

    const again = await service.handle({ text: `confirm ${code}`, user: 'alice', channel: 'c1' });
    expect(again).toEqual({ status: 'confirmation_rejected', reason: 'unknown' });
    expect(executor.runs).toHaveLength(1);
  });

  it('a confirmation expires', async () => {
    const { adapter, executor, service, advance } = setup();
    const asked = await service.handle({ text: 'drop database prod', user: 'alice', channel: 'c1' });
    const code = asked.status === 'confirmation_requested' ? asked.code : '';
    advance(120_001);
    expect(await service.handle({ text: `confirm ${code}`, user: 'alice', channel: 'c1' })).toEqual({
      status: 'confirmation_rejected',
      reason: 'expired',
    });
    expect(adapter.posts.at(-1)?.text).toBe(`Confirmation ${code} has expired; send the command again.`);
    expect(executor.runs).toEqual([]);
  });

  it('a confirmation made just before expiry still runs', async () => {
    const { executor, service, advance } = setup();
    const asked = await service.handle({ text: 'drop database prod', user: 'alice', channel: 'c1' });
    const code = asked.status === 'confirmation_requested' ? asked.code : '';
    advance(119_000);
    expect((await service.handle({ text: `confirm ${code}`, user: 'alice', channel: 'c1' })).status).toBe(
      'executed',
    );
    await service.idle();
    expect(executor.runs).toHaveLength(1);
  });
});

describe('ChatService never lets a secret reach the chat adapter', () => {
  const login = defineAlias({
    name: 'login',
    action_ref: 'ops.login',
    formats: ['login {{ host }}'],
    ack: { format: 'Logging in to {{ execution.parameters.host }} with {{ execution.parameters.password }}' },
    result: {
      format:
        'Done: {{ execution.result.stdout }} / params {{ execution.parameters | to_json_string }} / {{ execution.parameters.url }}',
    },
    confirm: false,
  });
  const careful = defineAlias({
    name: 'careful',
    action_ref: 'ops.login',
    formats: ['careful {{ host }}'],
    confirm: true,
  });
  const actions = {
    'ops.login': {
      host: { type: 'string' as const },
      password: { type: 'string' as const, secret: true },
      url: { type: 'string' as const },
    },
  };
  const datastoreSecret = 'kv-secret-value-42';
  const password = 'hunter2-correct-horse';

  it('masks secret parameters, secret values echoed in output, datastore secrets and URL credentials', async () => {
    const adapter = recordingAdapter();
    const executor = memoryExecutor(actions, (run) => ({
      result: {
        stdout: `connected with ${String(run.parameters['password'])}; token ${datastoreSecret}; fetched https://deploy:ghp_tok3n@git.example.com/repo.git`,
      },
    }));
    const service = new ChatService({
      adapter,
      executor,
      aliases: () => [login, careful],
      secrets: createSecretRegistry([datastoreSecret]),
      publicUrl: 'https://admin:s3cr3tpass@squall.example.com',
    });
    const command = `login web1 password=${password} url=https://user:pat-123456@example.com/x`;
    const outcome = await service.handle({ text: command, user: 'alice', channel: 'c' });
    expect(outcome.status).toBe('executed');
    await service.idle();
    await service.handle({ text: `careful web2 password=${password}`, user: 'alice', channel: 'c' });
    await service.handle({ text: `nonsense ${password}`, user: 'alice', channel: 'c' });

    expect(executor.runs[0]?.parameters['password']).toBe(password);
    const everything = adapter.posts.map((post) => post.text).join('\n');
    expect(adapter.posts).toHaveLength(4);
    for (const secret of [password, datastoreSecret, 'ghp_tok3n', 'pat-123456', 's3cr3tpass']) {
      expect(everything).not.toContain(secret);
    }
    expect(adapter.posts[0]?.text).toBe(
      'Logging in to web1 with ********\nhttps://********@squall.example.com/api/v1/executions/ex1',
    );
    expect(adapter.posts[1]?.text).toContain(
      'connected with ********; token ********; fetched https://********@git.example.com',
    );
    expect(adapter.posts[2]?.text).toContain('with host=web2 password=********.');
  });
});
