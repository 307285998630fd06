import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createEngine } from '../../src/engine/create-engine.js';
import { silentLogger } from '../../src/common/logger.js';
import { makeTempHome } from '../support/temp-home.js';
import { DATASTORE_SECRET, startChatopsWorld, type ChatopsWorld } from './helpers/chatops-home.js';

const CI_TOKEN = 'ci-token-abcdef';

const NOTIFY_RULE = `name: notify_chat
pack: ops
enabled: true
trigger:
  type: core.st2.webhook
  parameters:
    url: notify
action:
  ref: chatops.post_message
  parameters:
    channel: "{{ trigger.body.channel }}"
    message: "Deployed {{ trigger.body.version }} with key {{ st2kv.system.api_token | decrypt_kv }} from https://ci:{{ trigger.body.ci_token }}@ci.example.com/job/7"
`;

describe('chatops.post_message and chatops.post_result, as actions rules use', () => {
  let world: ChatopsWorld;

  beforeAll(async () => {
    world = await startChatopsWorld((home) =>
      home.write('packs/ops/rules/notify.yaml', NOTIFY_RULE).then(() => undefined),
    );
  });
  afterAll(async () => {
    await world.close();
  });

  it('posts from a YAML rule on a trigger, with secrets and URL credentials masked', async () => {
    const from = world.peer.posts.length;
    const response = await fetch(`${world.server.url}/api/v1/webhooks/notify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'releases', version: 'v1.4.2', ci_token: CI_TOKEN }),
    });
    expect(response.status).toBe(202);
    const post = await world.peer.waitForPost((p) => p.text.startsWith('Deployed'), { from });
    expect(post).toEqual({
      channel: 'releases',
      text: 'Deployed v1.4.2 with key ******** from https://********@ci.example.com/job/7',
    });
    await world.engine.idle();
    const [execution] = await world.engine.store.listExecutions({ action: 'chatops.post_message', limit: 1 });
    expect(execution).toMatchObject({ status: 'succeeded', rule: 'ops.notify_chat' });
    expect(world.peer.posts.map((p) => p.text).join('\n')).not.toMatch(
      new RegExp(`${DATASTORE_SECRET}|${CI_TOKEN}`),
    );
  });

  it('posts an execution result with chatops.post_result', async () => {
    const done = await world.engine.run({ action: 'core.local', parameters: { cmd: 'echo reported' } });
    await world.engine.waitForExecution(done.id);
    const from = world.peer.posts.length;
    const posting = await world.engine.run({
      action: 'chatops.post_result',
      parameters: { execution_id: done.id, channel: 'reports' },
    });
    expect((await world.engine.waitForExecution(posting.id)).status).toBe('succeeded');
    const post = await world.peer.waitForPost((p) => p.channel === 'reports', { from });
    expect(post.text).toContain(`core.local succeeded (execution ${done.id})`);
    expect(post.text).toContain('reported');
  });

  it('fails clearly when the route names no configured adapter', async () => {
    const run = await world.engine.run({
      action: 'chatops.post_message',
      parameters: { channel: 'x', message: 'hi', route: 'slack' },
    });
    const ended = await world.engine.waitForExecution(run.id);
    expect(ended.status).toBe('failed');
    expect(ended.error).toContain('no chat adapter "slack"; configured: webhook');
  });
});

describe('chatops.post_message without a chat adapter', () => {
  it('fails, saying how to configure one', async () => {
    const home = await makeTempHome(['core', 'chatops']);
    const engine = await createEngine({
      home: home.home,
      bundledPacksDirs: [home.bundled],
      logger: silentLogger(),
      sensors: false,
    });
    try {
      const run = await engine.run({
        action: 'chatops.post_message',
        parameters: { channel: 'x', message: 'hi' },
      });
      const ended = await engine.waitForExecution(run.id);
      expect(ended.status).toBe('failed');
      expect(ended.error).toContain('no chat adapter is configured; add chatops.webhook or chatops.slack');
    } finally {
      await engine.stop();
      await home.cleanup();
    }
  });
});
