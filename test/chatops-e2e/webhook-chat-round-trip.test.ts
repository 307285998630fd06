import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CHATOPS_REFUSED_TRIGGER } from '../../src/chatops/chatops-triggers.js';
import {
  DATASTORE_SECRET,
  URL_TOKEN,
  WEBHOOK_TOKEN,
  startChatopsWorld,
  type ChatopsWorld,
} from './helpers/chatops-home.js';

describe('ChatOps through the webhook adapter: a real peer, the real engine and API', () => {
  let world: ChatopsWorld;
  const say = (text: string, user = 'alice', channel = 'ops') =>
    world.peer.send(world.server.url, { text, user_name: user, channel_name: channel, token: WEBHOOK_TOKEN });

  beforeAll(async () => {
    world = await startChatopsWorld();
  });
  afterAll(async () => {
    await world.close();
  });

  it('answers a command with the ack, runs the action and posts the result back to the channel', async () => {
    const from = world.peer.posts.length;
    expect(await say('run echo hello-from-chat')).toBe(200);
    const ack = await world.peer.waitForPost((p) => p.text.startsWith('On it'), { from });
    expect(ack).toEqual({ channel: 'ops', text: 'On it, echo hello-from-chat (ops.run)' });
    const result = await world.peer.waitForPost((p) => p.text.includes('succeeded'), { from });
    expect(result.channel).toBe('ops');
    expect(result.text).toContain('hello-from-chat');
    const [execution] = await world.engine.store.listExecutions({ action: 'core.local', limit: 1 });
    expect(execution?.context).toMatchObject({
      user: 'alice',
      source: 'chatops',
      source_channel: 'ops',
      action_alias_ref: 'ops.run',
    });
  });

  it('refuses a command with a wrong token', async () => {
    const status = await world.peer.send(world.server.url, {
      text: 'run echo nope',
      user_name: 'alice',
      channel_name: 'ops',
      token: 'wrong-token',
    });
    expect(status).toBe(401);
  });

  it('passes text typed in chat literally: {{ st2kv.system.x }} is never rendered', async () => {
    const from = world.peer.posts.length;
    await say('run echo {{ st2kv.system.plain }}');
    const result = await world.peer.waitForPost((p) => p.text.includes('succeeded'), { from });
    expect(result.text).toContain('{{ st2kv.system.plain }}');
    expect(world.peer.posts.map((p) => p.text).join('\n')).not.toContain('rendered-plain-value');
    const [execution] = await world.engine.store.listExecutions({ action: 'core.local', limit: 1 });
    expect(execution?.parameters['cmd']).toBe('echo {{ st2kv.system.plain }}');
    expect(execution?.stdout).toBe('{{ st2kv.system.plain }}');
  });

  it('never lets a datastore secret or a tokenised URL reach the peer', async () => {
    const from = world.peer.posts.length;
    await say('show credentials');
    const result = await world.peer.waitForPost((p) => p.text.includes('succeeded'), { from });
    expect(result.text).toContain('token=********');
    expect(result.text).toContain('https://********@git.example.com/repo.git');
    // "token=" followed by the mask shows the secret was rendered into the output, then hidden.
    const everything = world.peer.posts.map((p) => p.text).join('\n');
    expect(everything).not.toContain(DATASTORE_SECRET);
    expect(everything).not.toContain(URL_TOKEN);
  });

  it('refuses a user the alias does not allow, and records the attempt', async () => {
    const from = world.peer.posts.length;
    await say('reboot web1', 'mallory');
    const refusal = await world.peer.waitForPost(() => true, { from });
    expect(refusal.text).toContain('Sorry mallory, you are not allowed to run "ops.restricted"');
    const recorded = await world.engine.store.listTriggerInstances({ trigger: CHATOPS_REFUSED_TRIGGER });
    expect(recorded[0]?.payload).toMatchObject({
      alias: 'ops.restricted',
      user: 'mallory',
      channel: 'ops',
      command: 'reboot web1',
    });
    expect(await world.engine.store.listExecutions({ limit: 0 })).not.toContainEqual(
      expect.objectContaining({ context: expect.objectContaining({ user: 'mallory' }) }),
    );
  });

  it('asks for confirmation and runs only when the same user repeats the code', async () => {
    const from = world.peer.posts.length;
    await say('wipe the cache', 'bob');
    const prompt = await world.peer.waitForPost((p) => p.text.includes('confirm'), { from });
    const code = /`confirm ([0-9a-f]+)`/.exec(prompt.text)?.[1];
    expect(code).toBeDefined();
    const before = (await world.engine.store.listExecutions({ limit: 0 })).length;

    const stranger = world.peer.posts.length;
    await say(`confirm ${code}`, 'eve');
    await world.peer.waitForPost((p) => p.text.includes('Only the person who sent the command'), {
      from: stranger,
    });
    expect((await world.engine.store.listExecutions({ limit: 0 })).length).toBe(before);

    const confirmed = world.peer.posts.length;
    await say(`confirm ${code}`, 'bob');
    const result = await world.peer.waitForPost((p) => p.text.includes('succeeded'), { from: confirmed });
    expect(result.text).toContain('wiped');
  });

  it('refuses a command two aliases match, naming both', async () => {
    const from = world.peer.posts.length;
    await say('status web');
    const answer = await world.peer.waitForPost(() => true, { from });
    expect(answer.text).toContain('more than one command');
    expect(answer.text).toContain('ops.status_a');
    expect(answer.text).toContain('ops.status_b');
  });

  it('lists the commands a user may run for "help"', async () => {
    const from = world.peer.posts.length;
    await say('help', 'mallory');
    const help = await world.peer.waitForPost(() => true, { from });
    expect(help.text).toContain('run {{ cmd }} — Run a shell command');
    expect(help.text).not.toContain('reboot');
  });
});
