import { createHmac } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { GitPushPayload } from '../../src/sensors/git/git-push-trigger-type.js';
import {
  finishedExecutions,
  instancesOf,
  rule,
  startSensorEngine,
  until,
  type SensorEngine,
} from './helpers/sensor-engine.js';

const SECRET = 'gh-webhook-secret';

function githubPush(branch: string, after: string): string {
  return JSON.stringify({
    ref: `refs/heads/${branch}`,
    before: '0'.repeat(40),
    after,
    created: false,
    deleted: false,
    repository: {
      name: 'shop',
      full_name: 'acme/shop',
      html_url: 'https://github.com/acme/shop',
      clone_url: 'https://github.com/acme/shop.git',
    },
    pusher: { name: 'octocat', email: 'octocat@example.com' },
    sender: { login: 'octocat' },
    commits: [
      {
        id: after,
        message: 'Fix checkout',
        author: { name: 'Octo Cat', email: 'octocat@example.com' },
        added: ['docs/new.md'],
        modified: ['src/checkout.ts'],
        removed: [],
      },
    ],
  });
}

async function push(url: string, body: string, signature: string) {
  const response = await fetch(url, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      'X-GitHub-Event': 'push',
      'X-GitHub-Delivery': 'delivery-1',
      'X-Hub-Signature-256': signature,
    },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const sign = (secret: string, body: string): string =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe('a signed GitHub push fires a git.push rule with criteria on the branch', () => {
  let harness: SensorEngine;
  let hook: string;

  beforeAll(async () => {
    harness = await startSensorEngine({
      api: true,
      files: Object.fromEntries([
        ['squall.yaml', `webhooks:\n  git:\n    hooks:\n      github:\n        secret: ${SECRET}\n`],
        rule({
          name: 'deploy_main',
          trigger: 'git.push',
          criteria: {
            'trigger.branch': { type: 'equals', pattern: 'main' },
            'trigger.changed_files': { type: 'contains', pattern: 'src/checkout.ts' },
          },
          action: {
            ref: 'core.local',
            parameters: {
              cmd: 'echo "{{ trigger.repository.full_name }}@{{ trigger.after }} by {{ trigger.pusher }}"',
            },
          },
        }),
      ]),
    });
    hook = `${harness.url()}/api/v1/webhooks/git/github`;
  });
  afterAll(async () => {
    await harness.stop();
  });

  it('runs the action for a push to main, with the normalised payload', async () => {
    const body = githubPush('main', 'a'.repeat(40));
    const answer = await push(hook, body, sign(SECRET, body));
    expect(answer.status).toBe(202);
    const [id] = answer.body['trigger_instances'] as string[];
    const execution = await until(
      async () =>
        (await finishedExecutions(harness.engine, 'deploy_main')).find((e) => e.trigger_instance === id),
      'the deploy execution',
    );
    expect(execution).toMatchObject({
      status: 'succeeded',
      stdout: `acme/shop@${'a'.repeat(40)} by octocat`,
    });
    const payload = (await harness.engine.store.getTriggerInstance(id!))?.payload as GitPushPayload;
    expect(payload).toMatchObject({
      provider: 'github',
      hook: 'github',
      ref: 'refs/heads/main',
      branch: 'main',
      repository: { name: 'shop', url: 'https://github.com/acme/shop' },
      changed_files: ['docs/new.md', 'src/checkout.ts'],
    });
  });

  it('stores a push to another branch without running the rule', async () => {
    const body = githubPush('feature/x', 'b'.repeat(40));
    const answer = await push(hook, body, sign(SECRET, body));
    expect(answer.status).toBe(202);
    const [id] = answer.body['trigger_instances'] as string[];
    await until(
      async () => (await harness.engine.store.getTriggerInstance(id!))?.status === 'processed',
      'the feature push to be matched',
    );
    expect(await harness.engine.store.listExecutions({ trigger_instance: id! })).toEqual([]);
  });

  it('refuses a forged or missing signature and stores nothing', async () => {
    const before = (await instancesOf(harness.engine, 'git.push')).length;
    const body = githubPush('main', 'c'.repeat(40));
    const forged = await push(hook, body, sign('not-the-secret', body));
    expect(forged).toMatchObject({ status: 403, body: { code: 'E_WEBHOOK_AUTH' } });
    const tampered = await push(hook, body.replace('octocat', 'mallory'), sign(SECRET, body));
    expect(tampered.status).toBe(403);
    const unsigned = await fetch(hook, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'X-GitHub-Event': 'push' },
    });
    expect(unsigned.status).toBe(401);
    expect(await instancesOf(harness.engine, 'git.push')).toHaveLength(before);
  });
});
