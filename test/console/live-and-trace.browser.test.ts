import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { useServedEngine } from '../support/served-engine.js';
import { launchConsoleBrowser, type ConsoleBrowser } from './support/browser.js';

describe('the console Live page and trace graph', () => {
  const served = useServedEngine({ bundled: ['core', 'squall_demo'] });
  let browser: ConsoleBrowser;
  beforeAll(async () => {
    browser = await launchConsoleBrowser();
  });
  afterAll(async () => browser.close());

  it('shows a webhook posted while Live is open, and its trace graph shows the rule and the execution', async () => {
    const page = await browser.page();
    await page.goto(`${served.server.url}/`);
    await page.getByRole('status').filter({ hasText: 'connected' }).waitFor();

    const posted = await fetch(`${served.server.url}/api/v1/webhooks/sample`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'console' }),
    });
    expect(posted.status).toBe(202);

    const instanceRow = page.locator('tr[data-kind="trigger instance"]', { hasText: 'core.st2.webhook' });
    await instanceRow.waitFor();
    await page
      .locator('tr[data-kind="execution"]', { hasText: 'core.local' })
      .filter({ hasText: 'succeeded' })
      .waitFor();
    await page.locator('tr[data-kind="rule enforcement"]', { hasText: 'squall_demo.webhook_echo' }).waitFor();
    await browser.screenshot(page, 'live');

    await instanceRow.getByRole('link', { name: 'trace' }).click();
    await page.waitForURL(/\/trace\//);
    const trace = page.getByRole('tree', { name: 'Trace' });
    await trace.locator('[data-node-type="trigger_instance"]', { hasText: 'core.st2.webhook' }).waitFor();
    await trace
      .locator('[data-node-type="rule_enforcement"]', { hasText: 'squall_demo.webhook_echo' })
      .waitFor();
    await trace.locator('[data-node-type="execution"]', { hasText: 'core.local' }).waitFor();
    await browser.screenshot(page, 'trace');

    await trace.locator('[data-node-type="execution"]').first().click();
    await page.waitForURL(/\/executions\//);
    await page.getByLabel('Output').filter({ hasText: 'hello console, from a webhook' }).waitFor();
    expect(browser.errors).toEqual([]);
  });

  it('pauses the stream and shows what arrived when resumed', async () => {
    const page = await browser.page();
    await page.goto(`${served.server.url}/live`);
    await page.getByRole('status').filter({ hasText: 'connected' }).waitFor();
    await page.getByRole('button', { name: 'Pause' }).click();
    await fetch(`${served.server.url}/api/v1/webhooks/sample`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'paused' }),
    });
    await page
      .getByRole('status')
      .filter({ hasText: /paused \([1-9]\d* waiting\)/ })
      .waitFor();
    expect(await page.locator('tr[data-kind]').count()).toBe(0);
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.locator('tr[data-kind="trigger instance"]', { hasText: 'core.st2.webhook' }).waitFor();

    await page.getByLabel('Action').fill('no.such_action');
    await expect.poll(() => page.locator('tr[data-kind]').count()).toBe(0);
    await page.getByLabel('Action').fill('core.local');
    await page.locator('tr[data-kind="execution"]').first().waitFor();
    expect(browser.errors).toEqual([]);
  });
});
