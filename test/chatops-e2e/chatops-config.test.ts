import { afterEach, describe, expect, it } from 'vitest';

import { resolveChatopsSettings } from '../../src/chatops/chatops-settings.js';
import { createEngine, type Engine } from '../../src/engine/create-engine.js';
import { silentLogger } from '../../src/common/logger.js';
import { startFakeSlack, type FakeSlack } from '../chatops/fake-slack.js';
import { makeTempHome, packYaml, type TempHome } from '../support/temp-home.js';

const file = '/srv/squall/squall.yaml';

describe('the chatops section of squall.yaml', () => {
  it('reads the webhook adapter, taking the token from the environment when set', () => {
    const settings = resolveChatopsSettings(
      {
        webhook: { outgoing_url: 'https://chat.example.com/hooks/abc', token: 'from-file' },
        confirmation_ttl: 30,
      },
      { SQUALL_CHATOPS_WEBHOOK_TOKEN: 'from-env' },
      { file, apiPublicUrl: 'https://squall.example.com' },
    );
    expect(settings).toEqual({
      confirmationTtlMs: 30_000,
      publicUrl: 'https://squall.example.com',
      webhook: { outgoingUrl: 'https://chat.example.com/hooks/abc', token: 'from-env' },
    });
  });

  it('refuses a section that cannot work, naming the setting and the file', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ webhook: { token: 't' } }, 'chatops.webhook.outgoing_url is required'],
      [
        { webhook: { outgoing_url: 'ftp://x', token: 't' } },
        'chatops.webhook.outgoing_url must be an http(s) URL',
      ],
      [
        { webhook: { outgoing_url: 'http://x' } },
        'chatops.webhook.token is required (or set SQUALL_CHATOPS_WEBHOOK_TOKEN)',
      ],
      [
        { slack: { app_token: 'xapp-1' } },
        'chatops.slack.bot_token is required (or set SQUALL_SLACK_BOT_TOKEN)',
      ],
      [{ confirmation_ttl: 0 }, 'chatops.confirmation_ttl must be a whole number'],
      [{ adapter: 'webhook' }, 'chatops.adapter is not a setting'],
    ];
    for (const [section, message] of cases) {
      expect(() => resolveChatopsSettings(section, {}, { file })).toThrow(`${file}: ${message}`);
    }
  });
});

describe('the Slack adapter configured in squall.yaml, against a local fake of Slack', () => {
  const tokens = { bot: 'xoxb-engine-test', app: 'xapp-engine-test' };
  let home: TempHome | undefined;
  let slack: FakeSlack | undefined;
  let engine: Engine | undefined;
  const saved = { ...process.env };

  afterEach(async () => {
    await engine?.stop();
    await slack?.close();
    await home?.cleanup();
    process.env = { ...saved };
  });

  it('connects with tokens from the environment and answers a prefixed command', async () => {
    slack = await startFakeSlack(tokens);
    home = await makeTempHome(['core']);
    await home.write('packs/ops/pack.yaml', packYaml('ops'));
    await home.write(
      'packs/ops/aliases/say.yaml',
      'name: say\naction_ref: core.echo\nformats:\n  - "say {{ message }}"\n',
    );
    await home.write('squall.yaml', `chatops:\n  slack:\n    prefix: "!"\n    api_url: ${slack.apiUrl}\n`);
    process.env['SQUALL_SLACK_BOT_TOKEN'] = tokens.bot;
    process.env['SQUALL_SLACK_APP_TOKEN'] = tokens.app;
    engine = await createEngine({
      home: home.home,
      bundledPacksDirs: [home.bundled],
      logger: silentLogger(),
      sensors: false,
      chatAdapters: true,
    });
    await slack.connected();
    await slack.sendMessageEvent({
      user: 'U7',
      channel: 'C1',
      channel_type: 'channel',
      text: '!say hello slack',
    });
    const posts = await slack.waitForPosts(2);
    expect(posts[0]?.text).toMatch(/^Running core\.echo for you \(execution \w+\)\.$/);
    expect(posts[1]?.text).toContain('hello slack');
    const [execution] = await engine.store.listExecutions({ limit: 1 });
    expect(execution?.context).toMatchObject({ user: 'U7', source_channel: 'C1', source: 'chatops' });
  });
});
