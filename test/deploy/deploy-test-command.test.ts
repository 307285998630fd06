import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { makeDeployHome, type DeployHome } from './support/deploy-home.js';
import { makePackRepo, writeSayPack, type PackRepo } from './support/git-repo.js';

describe("the repository's test command", () => {
  let repo: PackRepo;
  let home: DeployHome;
  beforeEach(async () => {
    repo = await makePackRepo();
    await writeSayPack(repo, 'alpha', 'good');
    await repo.write(
      'check.sh',
      'echo "checking $(ls packs)"\ntest ! -f BROKEN || { echo "BROKEN found" >&2; exit 3; }\n',
    );
    repo.commit('good');
    home = await makeDeployHome();
    await home.temp.write(
      'configs/packs.yaml',
      `repositories:\n  my-packs:\n    repo: "${repo.url}"\n    subtree: true\n    test: "sh check.sh"\n`,
    );
    await home.start();
  });
  afterEach(async () => {
    await home.cleanup();
    await repo.cleanup();
  });

  it('runs in the checkout; a failure blocks the deploy with its output and the old version keeps serving', async () => {
    const good = await home.run('packs.deploy', { repo_name: 'my-packs' });
    expect(good.status).toBe('succeeded');
    expect(good.result).toMatchObject({
      test: { passed: true, exit_code: 0, output: expect.stringContaining('checking alpha') },
    });

    await writeSayPack(repo, 'alpha', 'bad');
    await repo.write('BROKEN', 'yes');
    repo.commit('broken');
    const bad = await home.run('packs.deploy', { repo_name: 'my-packs' });
    expect(bad.status).toBe('failed');
    expect(bad.error).toContain('the test command `sh check.sh` failed with exit code 3');
    expect(bad.result).toMatchObject({
      code: 'E_DEPLOY_TEST_FAILED',
      details: { test: { passed: false, exit_code: 3, output: expect.stringContaining('BROKEN found') } },
    });
    expect(((await home.run('alpha.say')).result as { stdout: string }).stdout).toBe('good');
    const [last] = await home.engine().store.listDeployments({ pack: 'alpha' });
    expect(last).toMatchObject({ status: 'failed', details: { test: { exit_code: 3 } } });
    expect(last?.error).toContain('nothing was deployed');
  });
});
