import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { makeDeployHome, type DeployHome } from './support/deploy-home.js';
import { makePackRepo, writeSayPack, type PackRepo } from './support/git-repo.js';

describe('branch locks', () => {
  let repo: PackRepo;
  let home: DeployHome;
  beforeEach(async () => {
    repo = await makePackRepo();
    await writeSayPack(repo, 'alpha', 'master');
    repo.commit('master');
    for (const branch of ['feature/a', 'feature/b']) {
      repo.checkout('master');
      repo.branch(branch);
      await writeSayPack(repo, 'alpha', branch.replace('/', '-'));
      repo.commit(branch);
    }
    home = await makeDeployHome();
    await home.temp.write(
      'configs/packs.yaml',
      `repositories:\n  my-packs:\n    repo: "${repo.url}"\n    subtree: true\n    rollback: { after: 1h }\n`,
    );
    await home.start();
  });
  afterEach(async () => {
    await home.cleanup();
    await repo.cleanup();
  });

  it('refuses another deployer of another branch, naming the holder and the time, unless forced', async () => {
    const deploy = (branch: string, user: string, force = false) =>
      home.run('packs.deploy', { repo_name: 'my-packs', branch, ...(force ? { force } : {}) }, user);
    expect((await deploy('feature/a', 'alice')).status).toBe('succeeded');
    const lock = await home.engine().store.getDeployedPack('alpha');
    expect(lock).toMatchObject({ locked_by: 'alice', branch: 'feature/a' });

    const refused = await deploy('feature/b', 'bob');
    expect(refused.status).toBe('failed');
    expect(refused.error).toContain(
      `pack alpha is locked to branch feature/a by alice until ${lock?.lock_expires_at}`,
    );
    expect(refused.result).toMatchObject({ code: 'E_DEPLOY_LOCKED' });
    expect(((await home.run('alpha.say')).result as { stdout: string }).stdout).toBe('feature-a');
    expect((await deploy('master', 'bob')).status).toBe('failed');

    expect((await deploy('feature/a', 'bob')).status).toBe('succeeded');
    expect((await deploy('feature/b', 'alice')).status).toBe('failed');
    expect((await deploy('feature/b', 'carol', true)).status).toBe('succeeded');
    expect(await home.engine().store.getDeployedPack('alpha')).toMatchObject({
      locked_by: 'carol',
      branch: 'feature/b',
    });
    expect(((await home.run('alpha.say')).result as { stdout: string }).stdout).toBe('feature-b');

    const history = await home.engine().store.listDeployments({ pack: 'alpha', limit: 0 });
    expect(history.map((d) => [d.requested_by, d.branch, d.status, d.force])).toEqual([
      ['carol', 'feature/b', 'succeeded', true],
      ['alice', 'feature/b', 'failed', false],
      ['bob', 'feature/a', 'succeeded', false],
      ['bob', 'master', 'failed', false],
      ['bob', 'feature/b', 'failed', false],
      ['alice', 'feature/a', 'succeeded', false],
    ]);
  });
});
