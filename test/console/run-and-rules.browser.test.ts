import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { useServedEngine } from '../support/served-engine.js';
import { packYaml } from '../support/temp-home.js';
import { launchConsoleBrowser, type ConsoleBrowser } from './support/browser.js';

const GREET_RULE = `---
name: greet
pack: mine
description: Greets a named caller
enabled: true
trigger:
  type: core.st2.webhook
  parameters:
    url: greet
criteria:
  trigger.body.name:
    type: equals
    pattern: alice
action:
  ref: core.local
  parameters:
    cmd: echo "hi {{ trigger.body.name }}"
`;

const BROKEN_RULE = `---
name: broken
pack: mine
enabled: true
trigger:
  type: core.st2.webhook
  parameters:
    url: broken
criteria:
  trigger.body.name:
    type: equalz
    pattern: x
action:
  ref: core.local
`;

describe('the console Run and Rules pages', () => {
  const served = useServedEngine({
    bundled: ['core'],
    prepare: async (temp) => {
      await temp.write('packs/mine/pack.yaml', packYaml('mine'));
      await temp.write('packs/mine/rules/greet.yaml', GREET_RULE);
      await temp.write('packs/mine/rules/broken.yaml', BROKEN_RULE);
    },
  });
  let browser: ConsoleBrowser;
  beforeAll(async () => {
    browser = await launchConsoleBrowser();
  });
  afterAll(async () => browser.close());

  it('runs core.local from the form generated from its parameters and shows its output', async () => {
    const page = await browser.page();
    await page.goto(`${served.server.url}/run`);
    await page.getByRole('link', { name: 'core.local', exact: true }).click();
    const form = page.getByRole('form', { name: 'Run core.local' });
    await form.getByLabel(/^cmd/).fill('echo console-run-output; echo to-stderr >&2');
    await expect.poll(() => form.getByLabel(/^timeout/).getAttribute('type')).toBe('number');
    expect(await form.getByLabel(/^timeout/).inputValue()).toBe('60');
    expect(await form.getByLabel(/^sudo_password/).getAttribute('type')).toBe('password');
    expect(await form.getByLabel(/^cmd/).getAttribute('required')).not.toBeNull();
    await browser.screenshot(page, 'run');
    await form.getByRole('button', { name: 'Run' }).click();
    await page.waitForURL(/\/executions\/[^/]+$/);
    await page.getByLabel('Output').filter({ hasText: 'console-run-output' }).waitFor();
    await page.getByLabel('Output').filter({ hasText: 'to-stderr' }).waitFor();
    await page.locator('.facts .status', { hasText: 'succeeded' }).waitFor();
    await page.getByRole('tree', { name: 'Trace' }).locator('[data-node-type="execution"]').waitFor();
    await browser.screenshot(page, 'execution');
    expect(browser.errors).toEqual([]);
  });

  it('follows the output of a running execution live', async () => {
    const page = await browser.page();
    await page.goto(`${served.server.url}/run/core.local`);
    const form = page.getByRole('form', { name: 'Run core.local' });
    await form.getByLabel(/^cmd/).fill('echo first-line; sleep 4; echo second-line');
    await form.getByRole('button', { name: 'Run' }).click();
    await page.waitForURL(/\/executions\/[^/]+$/);
    await page.getByLabel('Output').filter({ hasText: 'first-line' }).waitFor();
    // Shown while it still runs (it sleeps 4 s): the stream brought it, not the finished record.
    await page.getByRole('heading', { name: 'Output (following)' }).waitFor();
    await page.getByLabel('Output').filter({ hasText: 'second-line' }).waitFor();
    await page.locator('.facts .status', { hasText: 'succeeded' }).waitFor();
    expect(await page.getByLabel('Output').textContent()).toBe('first-line\nsecond-line\n');
    expect(browser.errors).toEqual([]);
  });

  it('cancels a running execution, and re-runs it or says the server cannot', async () => {
    const page = await browser.page();
    await page.goto(`${served.server.url}/run/core.local`);
    const form = page.getByRole('form', { name: 'Run core.local' });
    await form.getByLabel(/^cmd/).fill('sleep 30');
    await form.getByRole('button', { name: 'Run' }).click();
    await page.waitForURL(/\/executions\/[^/]+$/);
    const first = page.url();
    await page.locator('.facts .status', { hasText: 'running' }).waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('.facts .status', { hasText: 'canceled' }).waitFor();
    expect(await page.getByRole('button', { name: 'Cancel' }).isDisabled()).toBe(true);

    const rerun = page.getByRole('button', { name: 'Re-run' });
    await rerun.click();
    // Until POST /executions/<id>/re_run exists the button says so; once it does, the new run opens.
    await expect
      .poll(
        async () => page.url() !== first || ((await rerun.getAttribute('title')) ?? '').includes('no re-run'),
      )
      .toBe(true);
    if (page.url() !== first) {
      await page.getByRole('button', { name: 'Cancel' }).click();
      await page.locator('.facts .status', { hasText: 'canceled' }).waitFor();
    }
    expect(browser.errors).toEqual([]);
  });

  it('explains criterion by criterion why the rule tester does not match a payload', async () => {
    const page = await browser.page();
    await page.goto(`${served.server.url}/rules/mine.greet`);
    const tester = page.getByRole('form', { name: 'Rule tester' });
    await tester.getByLabel('Trigger payload (JSON)').fill('{"body": {"name": "bob"}}');
    await tester.getByRole('button', { name: 'Test' }).click();
    await page.getByText('The rule does not match this payload.').waitFor();
    const row = page.getByRole('table', { name: 'Criteria results' }).locator('tr.failed');
    await row.filter({ hasText: 'trigger.body.name' }).filter({ hasText: '"bob"' }).waitFor();
    expect(await row.textContent()).toContain('fails');
    await browser.screenshot(page, 'rule-tester');

    await tester.getByLabel('Trigger payload (JSON)').fill('{"body": {"name": "alice"}}');
    await tester.getByRole('button', { name: 'Test' }).click();
    await page.getByText('The rule matches this payload.').waitFor();
    await page.getByLabel('Rendered parameters').filter({ hasText: 'hi alice' }).waitFor();
    expect(browser.errors).toEqual([]);
  });

  it('shows a rule file that fails to load with its error, and disables and enables a rule', async () => {
    const page = await browser.page();
    await page.goto(`${served.server.url}/rules`);
    const problems = page.getByRole('list', { name: 'Rule files with problems' });
    await problems
      .getByText(/broken\.yaml/)
      .first()
      .waitFor();
    expect(await problems.textContent()).toContain('equalz');
    await browser.screenshot(page, 'rules');

    await page.getByRole('button', { name: 'Disable mine.greet' }).click();
    await page.getByRole('button', { name: 'Enable mine.greet' }).waitFor();
    expect(served.engine.snapshot().rules.get('mine.greet')?.spec.enabled).toBe(false);
    await page.getByRole('button', { name: 'Enable mine.greet' }).click();
    await page.getByRole('button', { name: 'Disable mine.greet' }).waitFor();
    expect(served.engine.snapshot().rules.get('mine.greet')?.spec.enabled).toBe(true);

    await served.temp.write(
      'packs/mine/rules/greet.yaml',
      GREET_RULE.replace('type: equals', 'type: equalz'),
    );
    await served.engine.reload();
    await page.reload();
    const row = page.getByRole('row').filter({ hasText: 'mine.greet' });
    await row.getByText(/its last good version serves/).waitFor();
    expect(await problems.textContent()).toContain('previous version is still serving');
    expect(browser.errors).toEqual([]);
  });
});
