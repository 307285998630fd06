import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { Deployment } from '../../src/domain/deployment.js';
import { makeDeployHome, type DeployHome } from './support/deploy-home.js';
import { makePackRepo, writeSayPack, type PackRepo } from './support/git-repo.js';
import { waitFor } from './support/wait-for.js';

describe('deploys of one pack', () => {
  let repo: PackRepo;
  let home: DeployHome;
  beforeEach(async () => {
    repo = await makePackRepo();
    await writeSayPack(repo, 'alpha', 'alpha');
    await writeSayPack(repo, 'beta', 'beta');
    repo.commit('packs');
    home = await makeDeployHome();
    await home.temp.write(
      'configs/packs.yaml',
      `repositories:\n  my-packs:\n    repo: "${repo.url}"\n    subtree: true\n    test: "sleep 1"\n`,
    );
    await home.start();
  });
  afterEach(async () => {
    await home.cleanup();
    await repo.cleanup();
  });

  const span = (d: Deployment | undefined): [number, number] => [
    Date.parse(d?.started_at ?? ''),
    Date.parse(d?.finished_at ?? ''),
  ];

  it('queue in arrival order, while deploys of other packs run alongside', async () => {
    const engine = home.engine();
    const request = (packs: string[], user: string) =>
      engine.run({ action: 'packs.deploy', parameters: { repo_name: 'my-packs', packs }, context: { user } });
    const first = await request(['alpha'], 'first');
    const second = await request(['alpha'], 'second');
    const other = await request(['beta'], 'other');

    const queued = await waitFor('the second deploy to wait', async () => {
      const list = await engine.store.listDeployments({ status: 'queued' });
      return list.find((d) => d.requested_by === 'second');
    });
    expect(queued.packs).toEqual(['alpha']);
    for (const execution of [first, second, other])
      expect((await engine.waitForExecution(execution.id, { timeoutMs: 30_000 })).status).toBe('succeeded');

    const all = await engine.store.listDeployments({ limit: 0 });
    const by = (user: string) => all.find((d) => d.requested_by === user);
    const [firstStart, firstEnd] = span(by('first'));
    const [secondStart] = span(by('second'));
    const [otherStart, otherEnd] = span(by('other'));
    expect(secondStart).toBeGreaterThanOrEqual(firstEnd);
    expect(otherStart).toBeLessThan(firstEnd);
    expect(firstStart).toBeLessThan(otherEnd);
    expect(await engine.store.getDeployedPack('alpha')).toMatchObject({ deployed_by: 'second' });
  });
});
