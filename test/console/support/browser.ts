import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium; the tests never download a browser of their own. */
export const CHROMIUM = process.env['SQUALL_CHROMIUM'] ?? '/usr/bin/chromium';

/** Where the runs leave screenshots for a reviewer (gitignored). */
export const SCREENSHOTS = path.resolve('test-artifacts/console');

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface ConsoleBrowser {
  /** A fresh page at 1280×800 (or `width`×`height`), collecting the page's errors. */
  page(options?: { width?: number; height?: number; colorScheme?: 'light' | 'dark' }): Promise<Page>;
  /** Uncaught exceptions and console errors seen on any page. */
  errors: string[];
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

/** Chromium with a fresh profile folder, removed on close. */
export async function launchConsoleBrowser(): Promise<ConsoleBrowser> {
  const profile = await mkdtemp(path.join(tmpdir(), 'squall-chromium-'));
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  await mkdir(SCREENSHOTS, { recursive: true });
  const launch = (options: { width: number; height: number; colorScheme: 'light' | 'dark' }) =>
    chromium.launchPersistentContext(path.join(profile, String(contexts.length)), {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: options.width, height: options.height },
      colorScheme: options.colorScheme,
    });
  return {
    errors,
    async page(options = {}) {
      const context = await launch({
        width: options.width ?? 1280,
        height: options.height ?? 800,
        colorScheme: options.colorScheme ?? 'light',
      });
      contexts.push(context);
      const page = context.pages()[0] ?? (await context.newPage());
      page.setDefaultTimeout(20_000);
      page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
      page.on('console', (message) => {
        // A 401 or 404 the console handles shows as a failed resource load; only script errors count.
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
          errors.push(`console: ${message.text()}`);
      });
      return page;
    },
    async screenshot(page, name) {
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: false });
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await rm(profile, { recursive: true, force: true });
    },
  };
}
