import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';

import { registerGitHookRoutes } from '../../src/sensors/git/git-hook-routes.js';
import { GIT_PUSH_TRIGGER_TYPE } from '../../src/sensors/git/git-push-trigger-type.js';
import {
  capturingLogger,
  recordingDispatcher,
  type RecordingDispatcher,
} from './helpers/recording-dispatcher.js';

const SECRET = 'gh-webhook-secret';
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const sign = (body: string) => `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;

describe('git push hook routes', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => app?.close());

  async function serve(): Promise<{ url: string; dispatcher: RecordingDispatcher; lines: string[] }> {
    const dispatcher = recordingDispatcher([GIT_PUSH_TRIGGER_TYPE]);
    const { logger, lines } = capturingLogger();
    app = Fastify();
    registerGitHookRoutes(app, {
      dispatcher,
      logger,
      config: { hooks: { ops: { secret: SECRET }, open: {} } },
    });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    return { url: `${address}/api/v1/webhooks/git`, dispatcher, lines };
  }

  const post = (url: string, body: string, headers: Record<string, string>) =>
    fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

  it('accepts a GitHub push signed with the hook secret', async () => {
    const { url, dispatcher } = await serve();
    const body = fixture('github-push.json');
    const response = await post(`${url}/ops`, body, {
      'X-GitHub-Event': 'push',
      'X-Hub-Signature-256': sign(body),
    });
    expect(response.status).toBe(202);
    const answer = (await response.json()) as { trigger_instances: string[] };
    expect(answer.trigger_instances).toEqual([dispatcher.calls[0]!.instance.id]);
    expect(dispatcher.calls[0]!.trigger).toBe('git.push');
    expect(dispatcher.calls[0]!.payload).toMatchObject({ provider: 'github', hook: 'ops', branch: 'main' });
  });

  it('refuses a forged or missing GitHub signature and logs it without the secret', async () => {
    const { url, dispatcher, lines } = await serve();
    const body = fixture('github-push.json');
    const tampered = body.replace('refs/heads/main', 'refs/heads/prod');
    const forged = await post(`${url}/ops`, tampered, {
      'X-GitHub-Event': 'push',
      'X-Hub-Signature-256': sign(body),
    });
    expect(forged.status).toBe(403);
    const unsigned = await post(`${url}/ops`, body, { 'X-GitHub-Event': 'push' });
    expect(unsigned.status).toBe(401);
    expect(dispatcher.calls).toHaveLength(0);
    const refused = lines.filter((line) => line.includes('git push refused'));
    expect(refused).toHaveLength(2);
    expect(lines.join('\n')).not.toContain(SECRET);
  });

  it('ignores other events with 204, after checking their signature', async () => {
    const { url, dispatcher } = await serve();
    const body = '{"zen": "Keep it logically awesome.", "hook_id": 1}';
    expect(
      (await post(`${url}/ops`, body, { 'X-GitHub-Event': 'ping', 'X-Hub-Signature-256': sign(body) }))
        .status,
    ).toBe(204);
    expect(
      (await post(`${url}/ops`, body, { 'X-GitHub-Event': 'ping', 'X-Hub-Signature-256': 'sha256=00' }))
        .status,
    ).toBe(403);
    expect((await post(`${url}/nope`, body, { 'X-GitHub-Event': 'push' })).status).toBe(404);
    expect((await post(`${url}/ops`, body, {})).status).toBe(400);
    expect(dispatcher.calls).toHaveLength(0);
  });

  it('accepts Bitbucket Cloud and Server pushes signed in X-Hub-Signature', async () => {
    const { url, dispatcher } = await serve();
    const cloud = fixture('bitbucket-cloud-push.json');
    const cloudResponse = await post(`${url}/ops`, cloud, {
      'X-Event-Key': 'repo:push',
      'X-Hub-Signature': sign(cloud),
    });
    expect(cloudResponse.status).toBe(202);
    expect(((await cloudResponse.json()) as { trigger_instances: string[] }).trigger_instances).toHaveLength(
      2,
    );
    const server = fixture('bitbucket-server-refs-changed.json');
    const serverResponse = await post(`${url}/ops`, server, {
      'X-Event-Key': 'repo:refs_changed',
      'X-Hub-Signature': sign(server),
    });
    expect(serverResponse.status).toBe(202);
    expect(dispatcher.calls.map((call) => (call.payload as { provider: string; ref: string }).ref)).toEqual([
      'refs/heads/production',
      'refs/tags/v2.4.1',
      'refs/heads/master',
    ]);
    expect(dispatcher.calls[2]!.payload).toMatchObject({ provider: 'bitbucket-server' });
  });

  it('accepts unsigned pushes on a hook without a secret', async () => {
    const { url, dispatcher } = await serve();
    const body = fixture('bitbucket-server-refs-changed.json');
    expect((await post(`${url}/open`, body, { 'X-Event-Key': 'repo:refs_changed' })).status).toBe(202);
    expect(dispatcher.calls).toHaveLength(1);
  });
});
