import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { makePackRepo, writeSayPack, type PackRepo } from '../deploy/support/git-repo.js';
import { useServedEngine } from '../support/served-engine.js';
import { launchConsoleBrowser, type ConsoleBrowser } from './support/browser.js';

interface DeployStatusBody {
  pending: { id: string }[];
}

describe('the console Deployments page', () => {
  let repo: PackRepo;
  let browser: ConsoleBrowser;
  beforeAll(async () => {
    repo = await makePackRepo();
    await writeSayPack(repo, 'alpha', 'alpha');
    repo.commit('alpha: first version');
    browser = await launchConsoleBrowser();
  });
  afterAll(async () => {
    await browser.close();
    await repo.cleanup();
  });
  const served = useServedEngine({
    bundled: ['core', 'packs'],
    prepare: async (temp) => {
      await temp.write(
        'configs/packs.yaml',
        `repositories:\n  my-packs:\n    repo: "${repo.url}"\n    subtree: true\n    confirm: true\n`,
      );
    },
  });

  it('confirms a deploy waiting for confirmation, which then serves the pack', async () => {
    const requested = await served.api('POST', '/deployments', { repo_name: 'my-packs' });
    expect(requested.status).toBe(201);
    await expect
      .poll(
        async () =>
          ((await served.api('GET', '/deployments/status')).body as DeployStatusBody).pending.length,
        {
          timeout: 30_000,
        },
      )
      .toBe(1);

    const page = await browser.page();
    await page.goto(`${served.server.url}/deployments`);
    const waiting = page.getByRole('list', { name: 'Deployments waiting for confirmation' });
    await waiting.getByText('my-packs master').waitFor();
    await browser.screenshot(page, 'deployments-pending');
    await waiting.getByRole('button', { name: 'Confirm deploy of master' }).click();
    await page.getByRole('status').filter({ hasText: 'Confirmed' }).waitFor();

    await expect.poll(() => served.engine.snapshot().packs.has('alpha'), { timeout: 60_000 }).toBe(true);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByRole('cell', { name: 'alpha', exact: true }).first().waitFor();
    await page.getByText('No deployment is waiting.').waitFor();
    await browser.screenshot(page, 'deployments');
    expect(browser.errors).toEqual([]);
  });
});
