import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { DeployResult } from '../../src/deploy/deploy-types.js';
import { squall } from '../cli/helpers/capture-io.js';
import { makeDeployHome, type DeployHome } from './support/deploy-home.js';
import { makePackRepo, writeSayPack, type PackRepo } from './support/git-repo.js';

describe('deploys that wait for confirmation', () => {
  let repo: PackRepo;
  let home: DeployHome;
  beforeEach(async () => {
    repo = await makePackRepo();
    await writeSayPack(repo, 'alpha', 'alpha');
    repo.commit('alpha');
    home = await makeDeployHome();
    await home.temp.write(
      'configs/packs.yaml',
      `repositories:\n  my-packs:\n    repo: "${repo.url}"\n    subtree: true\n    confirm: true\n    confirm_timeout: 1s\n`,
    );
  });
  afterEach(async () => {
    await home.cleanup();
    await repo.cleanup();
  });

  it('deploy only once their requester confirms, and expire after the timeout', async () => {
    const engine = await home.start();
    const pending = (await home.run('packs.deploy', { repo_name: 'my-packs' }, 'alice'))
      .result as DeployResult;
    expect(pending).toMatchObject({
      status: 'pending',
      confirm: { command: `squall deploy confirm ${pending.deployment}` },
    });
    expect(engine.snapshot().packs.has('alpha')).toBe(false);

    const byBob = await home.run('packs.deploy', { confirm: pending.deployment }, 'bob');
    expect(byBob).toMatchObject({ status: 'failed', result: { code: 'E_DEPLOY_CONFIRM_USER' } });
    const confirmed = await home.run('packs.deploy', { confirm: pending.deployment }, 'alice');
    expect(confirmed.result).toMatchObject({
      status: 'succeeded',
      deployment: pending.deployment,
      packs: ['alpha'],
    });
    expect(await engine.store.getDeployment(pending.deployment)).toMatchObject({
      status: 'succeeded',
      details: { confirmed_by: 'alice' },
    });
    expect((await home.run('packs.deploy', { confirm: pending.deployment }, 'alice')).result).toMatchObject({
      code: 'E_DEPLOY_NOT_PENDING',
    });

    const late = (await home.run('packs.deploy', { repo_name: 'my-packs' }, 'alice')).result as DeployResult;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await home.run('packs.deploy', { confirm: late.deployment }, 'alice')).result).toMatchObject({
      code: 'E_DEPLOY_CONFIRM_EXPIRED',
    });
    const tick = await home.run('packs.rollback_expired');
    expect(tick.result).toMatchObject({ expired: [late.deployment], rollbacks: [] });
    expect(await engine.store.getDeployment(late.deployment)).toMatchObject({ status: 'expired' });
  });

  it('confirm through the CLI: squall deploy, deploy status, deploy confirm, deploy history', async () => {
    const root = ['--home', home.temp.home];
    await home.temp.write(
      'configs/packs.yaml',
      `repositories:\n  my-packs:\n    repo: "${repo.url}"\n    subtree: true\n    confirm: true\n`,
    );
    const requested = await squall(['deploy', 'my-packs', '--packs', 'alpha', ...root, '--json']);
    expect(requested.code).toBe(0);
    const id = requested.json<{ result: DeployResult }>().result.deployment;
    const status = await squall(['deploy', 'status', ...root]);
    expect(status.stdout).toContain(`squall deploy confirm ${id}`);
    const confirmed = await squall(['deploy', 'confirm', id, ...root]);
    expect(confirmed.code).toBe(0);
    expect(confirmed.stdout).toMatch(/succeeded deployed alpha from my-packs \(master @ [0-9a-f]{12}\)/);
    expect(confirmed.stderr).toContain(`confirming deployment ${id}`);
    const after = await squall(['deploy', 'status', ...root]);
    expect(after.stdout).toMatch(/alpha\s+my-packs\s+master/);
    const history = await squall(['deploy', 'history', 'alpha', ...root, '--json']);
    expect(history.json<{ id: string; status: string }[]>().map((d) => [d.id, d.status])).toEqual([
      [id, 'succeeded'],
    ]);
    const unknown = await squall(['deploy', 'confirm', 'nope', ...root]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('deployment nope does not exist');
  });
});
