import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { DeployResult } from '../../src/deploy/deploy-types.js';
import { makeDeployHome, type DeployHome } from './support/deploy-home.js';
import { makePackRepo, writeSayPack, type PackRepo } from './support/git-repo.js';

describe('packs.deploy', () => {
  let repo: PackRepo;
  let home: DeployHome;
  beforeEach(async () => {
    repo = await makePackRepo();
    home = await makeDeployHome();
  });
  afterEach(async () => {
    await home.cleanup();
    await repo.cleanup();
  });

  it('deploys the default branch, then a feature branch whose new action runs, with its changelog', async () => {
    await writeSayPack(repo, 'alpha', 'alpha-v1');
    await writeSayPack(repo, 'beta', 'beta-v1');
    const first = repo.commit('two packs');
    repo.branch('feature/x');
    await writeSayPack(repo, 'alpha', 'alpha-v2');
    await repo.write(
      'packs/alpha/actions/hello.yaml',
      "name: hello\nrunner_type: local-shell-cmd\nentry_point: ''\nparameters:\n  cmd:\n    default: echo hello-from-feature\n",
    );
    const second = repo.commit('alpha says v2 and hello');
    await home.temp.write(
      'configs/packs.yaml',
      `repositories:\n  my-packs:\n    repo: "${repo.url}"\n    subtree: true\n    default_branch: master\n`,
    );
    const engine = await home.start();

    const onMaster = await home.run('packs.deploy', { repo_name: 'my-packs' });
    expect(onMaster.status).toBe('succeeded');
    expect(onMaster.result).toMatchObject({
      status: 'succeeded',
      branch: 'master',
      commit: first,
      packs: ['alpha', 'beta'],
    });
    expect((await home.run('alpha.say')).result).toMatchObject({ stdout: 'alpha-v1' });
    expect(engine.snapshot().actions.has('alpha.hello')).toBe(false);

    const onFeature = await home.run('packs.deploy', {
      repo_name: 'my-packs',
      packs: ['alpha'],
      branch: 'feature/x',
    });
    expect(onFeature.status).toBe('succeeded');
    const result = onFeature.result as DeployResult;
    expect(result).toMatchObject({
      branch: 'feature/x',
      commit: second,
      packs: ['alpha'],
      rollback_at: null,
    });
    expect(result.changelog).toEqual([
      expect.objectContaining({
        pack: 'alpha',
        from: first,
        to: second,
        commits: [
          expect.objectContaining({ id: second, subject: 'alpha says v2 and hello', author: 'Dev Eloper' }),
        ],
      }),
    ]);
    expect((await home.run('alpha.hello')).result).toMatchObject({ stdout: 'hello-from-feature' });
    expect((await home.run('beta.say')).result).toMatchObject({ stdout: 'beta-v1' });

    const history = await engine.store.listDeployments({ pack: 'alpha' });
    expect(history.map((d) => [d.branch, d.status, d.requested_by])).toEqual([
      ['feature/x', 'succeeded', 'alice'],
      ['master', 'succeeded', 'alice'],
    ]);
    expect(await engine.store.getDeployedPack('alpha')).toMatchObject({
      branch: 'feature/x',
      commit: second,
      locked_by: 'alice',
    });
    expect(await engine.store.getDeployedPack('beta')).toMatchObject({ branch: 'master', locked_by: null });
  });
});
