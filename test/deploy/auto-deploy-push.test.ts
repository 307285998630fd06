import { createHmac } from 'node:crypto';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createApiServer, type ApiServer } from '../../src/api/server.js';
import type { DeployResult } from '../../src/deploy/deploy-types.js';
import type { Execution } from '../../src/domain/execution.js';
import { startChatSink, type ChatSink } from './support/chat-sink.js';
import { makeDeployHome, type DeployHome } from './support/deploy-home.js';
import { makePackRepo, writeSayPack, type PackRepo } from './support/git-repo.js';
import { waitFor } from './support/wait-for.js';

const SECRET = 'push-hook-secret';

function githubPush(repository: string, branch: string, after: string, files: string[]): string {
  return JSON.stringify({
    ref: `refs/heads/${branch}`,
    before: '0'.repeat(40),
    after,
    created: false,
    deleted: false,
    repository: { name: repository, full_name: `ops/${repository}`, html_url: null, clone_url: null },
    pusher: { name: 'carol' },
    commits: [
      {
        id: after,
        message: 'change',
        author: { name: 'Carol', email: null },
        added: [],
        modified: files,
        removed: [],
      },
    ],
  });
}

describe('automatic deployment on push', () => {
  let repo: PackRepo;
  let home: DeployHome;
  let chat: ChatSink;
  let server: ApiServer;
  beforeEach(async () => {
    repo = await makePackRepo();
    chat = await startChatSink();
    home = await makeDeployHome(['core', 'packs', 'chatops']);
    await home.temp.write(
      'squall.yaml',
      `webhooks:\n  git:\n    hooks:\n      github:\n        secret: ${SECRET}\n` +
        `chatops:\n  webhook:\n    outgoing_url: ${chat.url}\n    token: chat-token\n`,
    );
    await home.temp.write(
      'configs/packs.yaml',
      `repositories:\n  my-packs:\n    repo: "${repo.url}"\n    subtree: true\n` +
        '    auto_deployment: { branch: master, notify_channel: ops }\n',
    );
    await writeSayPack(repo, 'alpha', 'alpha-v1');
    await writeSayPack(repo, 'beta', 'beta-v1');
    repo.commit('alpha and beta');
    const engine = await home.start();
    server = await createApiServer(engine, { host: '127.0.0.1', port: 0 });
  });
  afterEach(async () => {
    await server.close();
    await home.cleanup();
    await chat.close();
    await repo.cleanup();
  });

  const push = (
    body: string,
    signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
  ) =>
    fetch(`${server.url}/api/v1/webhooks/git/github`, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'X-GitHub-Event': 'push',
        'X-Hub-Signature-256': signature,
      },
    });
  const autoDeploys = async (): Promise<Execution[]> =>
    (await home.engine().store.listExecutions({ rule: 'packs.auto_deploy', limit: 0 })).filter(
      (execution) => execution.action === 'packs.deploy',
    );
  const finished = (count: number) =>
    waitFor(`${count} auto-deploy executions`, async () => {
      const all = await autoDeploys();
      return all.length >= count && all.every((e) => ['succeeded', 'failed'].includes(e.status))
        ? all
        : undefined;
    });

  it('redeploys only the pack a signed push changed, and tells the channel', async () => {
    const engine = home.engine();
    expect((await home.run('packs.deploy', { repo_name: 'my-packs' })).status).toBe('succeeded');
    const alphaBefore = await engine.store.getDeployedPack('alpha');
    await writeSayPack(repo, 'beta', 'beta-v2');
    const commit = repo.commit('beta says v2');

    expect(
      (await push(githubPush('my-packs', 'master', commit, ['packs/beta/actions/say.yaml']), 'sha256=bad'))
        .status,
    ).toBe(403);
    const response = await push(githubPush('my-packs', 'master', commit, ['packs/beta/actions/say.yaml']));
    expect(response.status).toBe(202);
    const [deploy] = await finished(1);
    expect(deploy).toMatchObject({ status: 'succeeded', context: { source: 'rule' } });
    expect(deploy?.result).toMatchObject({ status: 'succeeded', packs: ['beta'], branch: 'master', commit });
    expect((await home.run('beta.say')).result).toMatchObject({ stdout: 'beta-v2' });
    expect(await engine.store.getDeployedPack('alpha')).toStrictEqual(alphaBefore);
    expect(await engine.store.getDeployedPack('beta')).toMatchObject({ commit, deployed_by: 'carol' });

    const message = await waitFor('the chat message', async () =>
      chat.messages.find((m) => m.text.includes('auto-deployed')),
    );
    expect(message.channel).toBe('ops');
    expect(message.text).toContain('carol auto-deployed beta from my-packs (master');
    expect(message.text).toContain('beta says v2');
  });

  it('ignores other branches and unconfigured repositories, and deploys every pack when files are unknown', async () => {
    const engine = home.engine();
    const commit = repo.commit('empty');
    expect((await push(githubPush('other-repo', 'master', commit, ['packs/beta/x']))).status).toBe(202);
    expect((await push(githubPush('my-packs', 'feature/y', commit, ['packs/beta/x']))).status).toBe(202);
    const [other] = await finished(1);
    expect((other?.result as DeployResult).message).toMatch(/pushes to feature\/y are not deployed/);
    expect(await engine.store.listDeployedPacks()).toEqual([]);

    await engine.dispatch('git.push', {
      ...JSON.parse(githubPush('my-packs', 'master', commit, [])),
      provider: 'bitbucket-cloud',
      hook: 'bitbucket',
      repository: { name: 'my-packs', full_name: 'ops/my-packs', url: null, clone_url: null },
      branch: 'master',
      tag: null,
      pusher: 'dave',
      commits: [],
      changed_files: [],
      files_known: false,
    });
    const all = await finished(2);
    expect(all.map((e) => (e.result as DeployResult).packs)).toContainEqual(['alpha', 'beta']);
    expect((await engine.store.listDeployedPacks()).map((p) => [p.pack, p.deployed_by])).toEqual([
      ['alpha', 'dave'],
      ['beta', 'dave'],
    ]);
    expect(await engine.store.listEnforcements({ rule: 'packs.auto_deploy', limit: 0 })).toHaveLength(2);
  });
});
