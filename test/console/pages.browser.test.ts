import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { useServedEngine } from '../support/served-engine.js';
import { packYaml } from '../support/temp-home.js';
import { launchConsoleBrowser, type ConsoleBrowser } from './support/browser.js';

const API_KEY = 'console-test-key-0123456789abcdef';

describe('the console pages', () => {
  const served = useServedEngine({
    bundled: ['core', 'packs', 'squall_demo'],
    prepare: async (temp) => {
      await temp.write('packs/mine/pack.yaml', packYaml('mine'));
      await temp.write(
        'packs/mine/config.schema.yaml',
        'token:\n  type: string\n  secret: true\n  required: true\nregion:\n  type: string\n  default: eu\n',
      );
      await temp.write('configs/mine.yaml', 'token: s3cr3t-token-value\n');
    },
  });
  let browser: ConsoleBrowser;
  beforeAll(async () => {
    browser = await launchConsoleBrowser();
  });
  afterAll(async () => browser.close());

  it('lists packs with their content and shows a config with secrets masked', async () => {
    const page = await browser.page();
    await page.goto(`${served.server.url}/packs`);
    const row = page.getByRole('row').filter({ hasText: 'squall_demo' });
    await row.waitFor();
    await page.getByRole('row').filter({ hasText: 'mine' }).getByRole('button', { name: 'Config' }).click();
    const config = page.getByLabel('Pack config');
    await config.filter({ hasText: 'eu' }).waitFor();
    expect(await config.textContent()).not.toContain('s3cr3t-token-value');
    expect(await config.textContent()).toContain('********');
    await page
      .getByRole('row')
      .filter({ hasText: 'core' })
      .getByRole('button', { name: 'Remove' })
      .isDisabled();
    await browser.screenshot(page, 'packs');
    expect(browser.errors).toEqual([]);
  });

  it('sets a secret datastore key, shows it masked, and deletes it', async () => {
    const page = await browser.page();
    page.on('dialog', (dialog) => {
      dialog.accept().catch(() => undefined);
    });
    await page.goto(`${served.server.url}/datastore`);
    const form = page.getByRole('form', { name: 'Set a key' });
    await form.getByLabel('Name').fill('db_password');
    await form.getByLabel('Value').fill('hunter2-plain');
    await form.getByLabel('secret').check();
    await form.getByRole('button', { name: 'Save' }).click();
    const row = page.getByRole('row').filter({ hasText: 'db_password' });
    await row.waitFor();
    expect(await row.textContent()).not.toContain('hunter2-plain');
    await browser.screenshot(page, 'datastore');
    await row.getByRole('button', { name: 'Delete db_password' }).click();
    await expect.poll(() => row.count()).toBe(0);
    expect(await served.engine.datastore.get('system', 'db_password')).toBeUndefined();
    expect(browser.errors).toEqual([]);
  });

  it('renders every page at desktop and phone width in light and dark', async () => {
    const posted = await served.api('POST', '/executions', {
      action: 'core.local',
      parameters: { cmd: 'echo listed' },
    });
    const { id } = posted.body as { id: string };
    await expect
      .poll(async () => ((await served.api('GET', `/executions/${id}`)).body as { status: string }).status)
      .toBe('succeeded');
    const pages: [string, string][] = [
      ['/executions', 'Executions'],
      ['/sensors', 'Sensors'],
      ['/run', 'Run an action'],
      ['/rules', 'Rules'],
    ];
    const desktop = await browser.page({ colorScheme: 'dark' });
    for (const [path, title] of pages) {
      await desktop.goto(`${served.server.url}${path}`);
      await desktop.getByRole('heading', { name: title, level: 1 }).waitFor();
      if (path === '/executions') {
        await desktop.getByRole('link', { name: 'core.local' }).first().waitFor();
        const filters = desktop.getByRole('form', { name: 'Filters' });
        await filters.getByLabel('Status').selectOption('failed');
        await filters.getByRole('button', { name: 'Filter' }).click();
        await desktop.getByText('No executions match.').waitFor();
        expect(desktop.url()).toContain('status=failed');
        await filters.getByLabel('Status').selectOption('succeeded');
        await filters.getByRole('button', { name: 'Filter' }).click();
        await desktop.getByRole('link', { name: 'core.local' }).first().waitFor();
      }
      await browser.screenshot(desktop, `${path.slice(1)}-dark`);
    }
    const phone = await browser.page({ width: 390, height: 844 });
    await phone.goto(`${served.server.url}/live`);
    await phone.getByRole('heading', { name: 'Live', level: 1 }).waitFor();
    expect(await phone.getByRole('link', { name: 'Rules' }).isVisible()).toBe(false);
    await phone.getByRole('button', { name: 'Menu' }).click();
    await phone.getByRole('link', { name: 'Rules' }).click();
    await phone.getByRole('heading', { name: 'Rules', level: 1 }).waitFor();
    const overflow = await phone.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await browser.screenshot(phone, 'rules-phone');

    await phone.goto(`${served.server.url}/rules`);
    await phone.getByRole('heading', { name: 'Rules', level: 1 }).waitFor();
    await phone.keyboard.press('Tab');
    expect(await phone.evaluate<string>('document.activeElement?.textContent')).toBe('Skip to content');
    await phone.keyboard.press('Enter');
    expect(await phone.evaluate<string>('document.activeElement?.id')).toBe('main');
    expect(browser.errors).toEqual([]);
  });
});

describe('the console behind an API key', () => {
  const served = useServedEngine({
    prepare: (temp) => temp.write('squall.yaml', `api:\n  api_key: ${API_KEY}\n`).then(() => undefined),
  });
  let browser: ConsoleBrowser;
  beforeAll(async () => {
    browser = await launchConsoleBrowser();
  });
  afterAll(async () => browser.close());

  it('asks for the key once and keeps it for the browser session', async () => {
    const page = await browser.page();
    await page.goto(`${served.server.url}/sensors`);
    const dialog = page.getByRole('dialog', { name: 'API key' });
    await dialog.getByLabel('Key').fill(API_KEY);
    await browser.screenshot(page, 'api-key');
    await dialog.getByRole('button', { name: 'Use this key' }).click();
    await page.getByText('No pack sensors are loaded.').waitFor();
    await page.goto(`${served.server.url}/rules`);
    await page.getByRole('heading', { name: 'Rules', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Executions' }).click();
    await page.getByText(/No executions match/).waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
  });
});
