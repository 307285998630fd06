import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { makePackRepo, writeSayPack, type PackRepo } from '../deploy/support/git-repo.js';
import { useServedEngine } from '../support/served-engine.js';
import { launchConsoleBrowser, type ConsoleBrowser } from './support/browser.js';

describe('the console Packs page', () => {
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
  const served = useServedEngine({ bundled: ['core', 'packs'] });

  it('installs a pack from a git URL, following the install to its end, and removes it', async () => {
    const page = await browser.page();
    page.on('dialog', (dialog) => {
      dialog.accept().catch(() => undefined);
    });
    await page.goto(`${served.server.url}/packs`);
    const form = page.getByRole('form', { name: 'Install a pack' });
    await form.getByLabel('Git URL, folder or index name').fill(repo.url);
    await form.getByRole('button', { name: 'Install' }).click();
    const progress = page.getByRole('status').filter({ hasText: `Installing ${repo.url}` });
    await progress.waitFor();
    await progress.locator('.status', { hasText: 'succeeded' }).waitFor({ timeout: 60_000 });
    const row = page.getByRole('row').filter({ hasText: 'alpha' });
    await row.waitFor();
    expect(served.engine.snapshot().actions.has('alpha.say')).toBe(true);
    await browser.screenshot(page, 'packs-installed');

    await row.getByRole('button', { name: 'Remove' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Removing alpha' })
      .locator('.status', { hasText: 'succeeded' })
      .waitFor();
    await expect.poll(() => row.count()).toBe(0);
    expect(served.engine.snapshot().packs.has('alpha')).toBe(false);
    expect(browser.errors).toEqual([]);
  });
});
