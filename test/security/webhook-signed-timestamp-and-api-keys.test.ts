import { createHmac } from 'node:crypto';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createApiServer, type ApiServer } from '../../src/api/server.js';
import { createEngine, type Engine } from '../../src/engine/create-engine.js';
import { capturingLogger } from '../sensors/helpers/recording-dispatcher.js';
import { makeTempHome, packYaml, type TempHome } from '../support/temp-home.js';

const SECRET = 'slack-signing-secret';
const SQUALL_YAML = `webhooks:
  hooks:
    slack:
      hmac:
        secret: ${SECRET}
        header: X-Slack-Signature
        algorithm: sha256
        prefix: "v0="
        timestamp:
          header: X-Slack-Request-Timestamp
          max_age_seconds: 300
`;

const RULE = `name: on_slack
pack: demo
enabled: true
trigger: { type: core.st2.webhook, parameters: { url: slack } }
action: { ref: core.noop }
`;

/** Headers Slack sends: `v0=` + HMAC-SHA256 of `v0:<timestamp>:<body>`. */
function slackHeaders(body: string, seconds: number): Record<string, string> {
  const signature = createHmac('sha256', SECRET).update(`v0:${seconds}:${body}`).digest('hex');
  return {
    'content-type': 'application/json',
    'X-Slack-Request-Timestamp': String(seconds),
    'X-Slack-Signature': `v0=${signature}`,
  };
}

describe('webhooks and the API key, against a real engine over HTTP', () => {
  let temp: TempHome;
  let engine: Engine | undefined;
  let server: ApiServer | undefined;
  beforeEach(async () => {
    temp = await makeTempHome(['core']);
    await temp.write('packs/demo/pack.yaml', packYaml('demo'));
    await temp.write('packs/demo/rules/on_slack.yaml', RULE);
    await temp.write('squall.yaml', SQUALL_YAML);
  });
  afterEach(async () => {
    await server?.close();
    await engine?.stop();
    await temp.cleanup();
    server = undefined;
    engine = undefined;
  });

  const start = async (apiKey?: string) => {
    const { logger, lines } = capturingLogger();
    engine = await createEngine({
      home: temp.home,
      bundledPacksDirs: [temp.bundled],
      logger,
      sensors: false,
    });
    server = await createApiServer(engine, { port: 0, ...(apiKey ? { apiKey } : {}) });
    return { url: `${server.url}/api/v1/webhooks/slack`, lines };
  };

  it('an HMAC hook with a signed timestamp accepts a fresh request once, and refuses stale and replayed ones', async () => {
    const { url } = await start();
    const body = '{"text": "deploy"}';
    const now = Math.floor(Date.now() / 1000);
    const fresh = slackHeaders(body, now);
    expect((await fetch(url, { method: 'POST', headers: fresh, body })).status).toBe(202);
    const replayed = await fetch(url, { method: 'POST', headers: fresh, body });
    expect(replayed.status).toBe(403);
    expect(((await replayed.json()) as { faultstring: string }).faultstring).toMatch(/a replay/);
    const stale = await fetch(url, { method: 'POST', headers: slackHeaders(body, now - 3600), body });
    expect(stale.status).toBe(401);
    expect(((await stale.json()) as { faultstring: string }).faultstring).toMatch(
      /outside the 300-second window/,
    );
    const tampered = await fetch(url, {
      method: 'POST',
      headers: slackHeaders(body, now),
      body: '{"text": "rm"}',
    });
    expect(tampered.status).toBe(403);
    const unstamped = { ...fresh };
    delete unstamped['X-Slack-Request-Timestamp'];
    expect((await fetch(url, { method: 'POST', headers: unstamped, body })).status).toBe(401);
    await engine!.idle();
    expect(await engine!.store.listTriggerInstances({ trigger: 'core.st2.webhook' })).toHaveLength(1);
  });

  it('warns that the generic st2 hook is open only when no API key protects it', async () => {
    const open = await start();
    expect(open.lines.join('\n')).toMatch(/generic st2 webhook has neither a token or hmac/);
    await server!.close();
    await engine!.stop();
    const keyed = await start('a-long-enough-api-key-0001');
    expect(keyed.lines.join('\n')).not.toMatch(/generic st2 webhook/);
  });

  it('refuses API keys shorter than 16 characters, from squall.yaml, the environment or the server options', async () => {
    await temp.write('squall.yaml', `${SQUALL_YAML}api:\n  api_key: short-key\n`);
    await expect(
      createEngine({ home: temp.home, bundledPacksDirs: [temp.bundled], sensors: false }),
    ).rejects.toThrow(/api_key/);
    await temp.write('squall.yaml', SQUALL_YAML);
    const saved = process.env['SQUALL_API_KEY'];
    process.env['SQUALL_API_KEY'] = 'tiny';
    try {
      await expect(
        createEngine({ home: temp.home, bundledPacksDirs: [temp.bundled], sensors: false }),
      ).rejects.toThrow(
        /is 4 characters; an API key needs at least 16 \(generate one with: openssl rand -hex 24\)/,
      );
    } finally {
      if (saved === undefined) delete process.env['SQUALL_API_KEY'];
      else process.env['SQUALL_API_KEY'] = saved;
    }
    const { logger } = capturingLogger();
    engine = await createEngine({
      home: temp.home,
      bundledPacksDirs: [temp.bundled],
      logger,
      sensors: false,
    });
    await expect(createApiServer(engine, { port: 0, apiKey: 'too-short' })).rejects.toMatchObject({
      code: 'E_API_KEY_WEAK',
    });
  });
});
