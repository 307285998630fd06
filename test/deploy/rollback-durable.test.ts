import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { DeployResult } from '../../src/deploy/deploy-types.js';
import { makeDeployHome, type DeployHome } from './support/deploy-home.js';
import { makePackRepo, writeSayPack, type PackRepo } from './support/git-repo.js';
import { waitFor } from './support/wait-for.js';

const FAST_TIMER_RULE = `name: fast_rollback
pack: default
enabled: true
trigger:
  type: core.st2.IntervalTimer
  parameters: {unit: seconds, delta: 1}
action:
  ref: packs.rollback_expired
`;

// Each test deploys from git and restarts the engine: generous time for a loaded machine.
describe('timed rollback to the default branch', { timeout: 120_000 }, () => {
  let repo: PackRepo;
  let home: DeployHome;
  beforeEach(async () => {
    repo = await makePackRepo();
    await writeSayPack(repo, 'alpha', 'alpha-master');
    repo.commit('alpha on master');
    repo.branch('feature/x');
    await writeSayPack(repo, 'alpha', 'alpha-feature');
    repo.commit('alpha on feature');
    home = await makeDeployHome();
    await home.temp.write(
      'configs/packs.yaml',
      `repositories:\n  my-packs:\n    repo: "${repo.url}"\n    subtree: true\n    rollback: { after: 2s }\n`,
    );
    await home.temp.write('rules/fast_rollback.yaml', FAST_TIMER_RULE);
  });
  afterEach(async () => {
    await home.cleanup();
    await repo.cleanup();
  });

  const say = async (): Promise<unknown> =>
    ((await home.run('alpha.say')).result as { stdout: string }).stdout;
  const rollbacks = async () =>
    (await home.engine().store.listDeployments({ pack: 'alpha', limit: 0 })).filter(
      (d) => d.mode === 'rollback',
    );

  it('moves the rollback time on a new deploy, clears it on the default branch, and survives a restart', async () => {
    await home.start();
    const first = (await home.run('packs.deploy', { repo_name: 'my-packs', branch: 'feature/x' }))
      .result as DeployResult;
    expect(first.rollback_at).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = (await home.run('packs.deploy', { repo_name: 'my-packs', branch: 'feature/x' }))
      .result as DeployResult;
    expect(Date.parse(second.rollback_at ?? '')).toBeGreaterThan(Date.parse(first.rollback_at ?? ''));
    const onMaster = (await home.run('packs.deploy', { repo_name: 'my-packs' })).result as DeployResult;
    expect(onMaster.rollback_at).toBeNull();
    expect(await home.engine().store.getDeployedPack('alpha')).toMatchObject({
      branch: 'master',
      rollback_at: null,
      locked_by: null,
    });

    await home.run('packs.deploy', { repo_name: 'my-packs', branch: 'feature/x' });
    expect(await say()).toBe('alpha-feature');
    await home.stop();
    const engine = await home.start({ sensors: true });

    const state = await waitFor('the rollback', async () => {
      const current = await engine.store.getDeployedPack('alpha');
      return current?.branch === 'master' ? current : undefined;
    });
    expect(state).toMatchObject({
      rollback_at: null,
      rollback_state: null,
      locked_by: null,
      deployed_by: 'squall',
    });
    expect(await say()).toBe('alpha-master');
    const [rollback] = await rollbacks();
    expect(rollback).toMatchObject({ status: 'succeeded', branch: 'master', requested_by: 'squall' });
    // The deploy records its outcome before its execution ends: wait for the end, not for a moment.
    const execution = await engine.waitForExecution(rollback?.execution ?? '', { timeoutMs: 30_000 });
    expect(execution).toMatchObject({
      action: 'packs.deploy',
      status: 'succeeded',
      context: { source: 'rollback' },
    });
    const parent = await engine.store.getExecution(execution?.parent ?? '');
    expect(parent).toMatchObject({ action: 'packs.rollback_expired', rule: 'default.fast_rollback' });
  });

  it('runs a rollback that fell due while stopped at the first tick, once', async () => {
    await home.start();
    await home.run('packs.deploy', { repo_name: 'my-packs', branch: 'feature/x' });
    const due = (await home.engine().store.getDeployedPack('alpha'))?.rollback_at ?? '';
    await home.stop();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(due) - Date.now() + 200)));

    const engine = await home.start({ sensors: true });
    await waitFor('the rollback', async () =>
      (await rollbacks()).some((d) => d.status === 'succeeded') ? true : undefined,
    );
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await engine.idle();
    expect((await rollbacks()).map((d) => d.status)).toEqual(['succeeded']);
    expect(await say()).toBe('alpha-master');
  });

  it('puts a rollback that cannot run back on schedule, with its error', async () => {
    await home.start();
    await home.run('packs.deploy', { repo_name: 'my-packs', branch: 'feature/x' });
    await home.stop();
    await home.temp.write('configs/packs.yaml', 'repositories: {}\n');
    const engine = await home.start({ sensors: true });

    const state = await waitFor('the failed rollback', async () => {
      const current = await engine.store.getDeployedPack('alpha');
      return current?.rollback_attempts === 1 ? current : undefined;
    });
    expect(state).toMatchObject({ branch: 'feature/x', rollback_state: 'scheduled', rollback_claim: null });
    expect(state.rollback_error).toContain('no repository "my-packs"');
    expect(Date.parse(state.rollback_at ?? '') - Date.now()).toBeGreaterThan(50_000);
    // The deploy records the failed attempt before its execution ends: wait for the end.
    const failed = await waitFor('the failed rollback execution', async () => {
      const listed = await engine.store.listExecutions({ action: 'packs.deploy', status: 'failed' });
      return listed.length > 0 ? listed : undefined;
    });
    expect(failed).toHaveLength(1);
    expect(failed[0]?.context).toMatchObject({ source: 'rollback' });
  });
});
