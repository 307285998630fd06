import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { squall } from '../cli/helpers/capture-io.js';
import { makeDeployHome, type DeployHome } from './support/deploy-home.js';
import { makePackRepo, writeSayPack, type PackRepo } from './support/git-repo.js';

describe('deploying from chat with the bundled aliases', () => {
  let repo: PackRepo;
  let home: DeployHome;
  beforeEach(async () => {
    repo = await makePackRepo();
    await writeSayPack(repo, 'alpha', 'alpha');
    repo.commit('alpha');
    home = await makeDeployHome();
    await home.temp.write(
      'configs/packs.yaml',
      `repositories:\n  my-packs:\n    repo: "${repo.url}"\n    subtree: true\n    confirm: true\n`,
    );
  });
  afterEach(async () => {
    await home.cleanup();
    await repo.cleanup();
  });

  const chat = (text: string, user: string) =>
    squall(['chat', text, '--user', user, '--home', home.temp.home]);

  it('asks for the phrase, refuses another user, and deploys when the requester repeats it', async () => {
    const asked = await chat('pack deploy my-packs branch master', 'alice');
    expect(asked.code).toBe(0);
    expect(asked.stdout).toContain('Deploying from *my-packs* (branch master)');
    const phrase = /reply `(deploy confirm \S+)`/.exec(asked.stdout)?.[1];
    expect(phrase).toBeDefined();

    const byBob = await chat(phrase!, 'bob');
    expect(byBob.stdout).toMatch(/Could not confirm .*alice/);

    const confirmed = await chat(phrase!, 'alice');
    expect(confirmed.stdout).toMatch(/Deployed alpha \(master\)/);
    const status = await squall(['deploy', 'status', '--home', home.temp.home]);
    expect(status.stdout).toMatch(/alpha\s+my-packs\s+master/);
  });
});
