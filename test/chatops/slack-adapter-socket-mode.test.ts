import { afterEach, describe, expect, it } from 'vitest';

import {
  commandText,
  createSlackAdapter,
  unescapeSlackText,
} from '../../src/chatops/adapters/slack-adapter.js';
import type { ChatAdapter, IncomingChatMessage } from '../../src/chatops/chat-adapter.js';
import { ChatService } from '../../src/chatops/chat-service.js';
import { defineAlias, memoryExecutor } from './chat-harness.js';
import { FAKE_BOT_USER, startFakeSlack, type FakeSlack } from './fake-slack.js';

const tokens = { bot: 'xoxb-test-bot', app: 'xapp-test-app' };

describe('Slack adapter (Bolt, Socket Mode) against a local fake of Slack', () => {
  let slack: FakeSlack | undefined;
  let adapter: ChatAdapter | undefined;

  afterEach(async () => {
    await adapter?.stop();
    await slack?.close();
    adapter = undefined;
    slack = undefined;
  });

  async function connect(received: IncomingChatMessage[]) {
    slack = await startFakeSlack(tokens);
    adapter = createSlackAdapter({
      botToken: tokens.bot,
      appToken: tokens.app,
      slackApiUrl: slack.apiUrl,
      autoReconnect: false,
    });
    await adapter.start(async (message) => {
      received.push(message);
    });
    await slack.connected();
    return slack;
  }

  it('opens the socket with the app token and receives prefixed commands and mentions', async () => {
    const received: IncomingChatMessage[] = [];
    const fake = await connect(received);
    const open = fake.calls.find((call) => call.method === 'apps.connections.open');
    expect(open?.token).toBe(tokens.app);

    await fake.sendMessageEvent({
      user: 'U1',
      channel: 'C1',
      channel_type: 'channel',
      text: '!deploy web &amp; db',
    });
    await fake.sendMessageEvent({
      user: 'U2',
      channel: 'C1',
      channel_type: 'channel',
      text: `<@${FAKE_BOT_USER}>: help`,
    });
    await fake.sendMessageEvent({ user: 'U3', channel: 'D1', channel_type: 'im', text: 'status' });
    await fake.sendMessageEvent({
      user: 'U1',
      channel: 'C1',
      channel_type: 'channel',
      text: 'just chatting',
    });
    await fake.sendMessageEvent({
      bot_id: 'BOTHER',
      channel: 'C1',
      channel_type: 'channel',
      text: '!deploy',
    });

    expect(received).toEqual([
      { text: 'deploy web & db', user: 'U1', channel: 'C1' },
      { text: 'help', user: 'U2', channel: 'C1' },
      { text: 'status', user: 'U3', channel: 'D1' },
    ]);
    expect(fake.acks).toEqual(['env-1', 'env-2', 'env-3', 'env-4', 'env-5']);
  });

  it('posts messages through chat.postMessage with the bot token', async () => {
    const fake = await connect([]);
    await adapter!.postMessage('C42', 'Deployed *web*.');
    const posts = await fake.waitForPosts(1);
    expect(posts).toEqual([{ channel: 'C42', text: 'Deployed *web*.' }]);
    const call = fake.calls.find((c) => c.method === 'chat.postMessage');
    expect(call?.token).toBe(tokens.bot);
  });

  it('runs a command end to end through ChatService: event in, ack and result out', async () => {
    slack = await startFakeSlack(tokens);
    adapter = createSlackAdapter({
      botToken: tokens.bot,
      appToken: tokens.app,
      slackApiUrl: slack.apiUrl,
      autoReconnect: false,
    });
    const alias = defineAlias({
      name: 'uptime',
      action_ref: 'linux.uptime',
      formats: ['uptime on {{ host }}'],
    });
    const executor = memoryExecutor({ 'linux.uptime': { host: { type: 'string' } } }, () => ({
      result: { stdout: 'up 3 days' },
    }));
    const service = new ChatService({ adapter, executor, aliases: () => [alias] });
    await service.start();
    await slack.connected();
    await slack.sendMessageEvent({
      user: 'U1',
      channel: 'C9',
      channel_type: 'channel',
      text: '!uptime on web1',
    });
    const posts = await slack.waitForPosts(2);
    expect(posts).toEqual([
      { channel: 'C9', text: 'Running linux.uptime for you (execution ex1).' },
      { channel: 'C9', text: 'linux.uptime succeeded (execution ex1).\n```\nup 3 days\n```' },
    ]);
    expect(executor.runs[0]?.context.user).toBe('U1');
  });

  it('refuses to post before it is started', async () => {
    const idle = createSlackAdapter({
      botToken: tokens.bot,
      appToken: tokens.app,
      slackApiUrl: 'http://127.0.0.1:9/',
    });
    await expect(idle.postMessage('C1', 'x')).rejects.toMatchObject({ code: 'E_CHAT_NOT_STARTED' });
  });

  it('refuses tokens of the wrong kind', () => {
    expect(() => createSlackAdapter({ botToken: 'xapp-1', appToken: 'xoxb-1' })).toThrow(/xoxb-/);
  });
});

describe('Slack message text', () => {
  it('ignores edits, bot posts and unprefixed channel chatter', () => {
    expect(commandText({ subtype: 'message_changed', text: '!x' }, '!')).toBeUndefined();
    expect(commandText({ bot_id: 'B1', text: '!x' }, '!')).toBeUndefined();
    expect(commandText({ text: 'hello', channel_type: 'channel' }, '!')).toBeUndefined();
    expect(commandText({ text: '!', channel_type: 'channel' }, '!')).toBeUndefined();
    expect(commandText({ text: '<@UB> run x', channel_type: 'channel' }, '!', 'UB')).toBe('run x');
  });

  it('turns Slack link markup back into what the user typed', () => {
    expect(unescapeSlackText('check <https://example.com/x?a=1&amp;b=2|example.com/x> &lt;now&gt;')).toBe(
      'check https://example.com/x?a=1&b=2 <now>',
    );
    expect(unescapeSlackText('post to <#C123|ops>')).toBe('post to #ops');
  });
});
