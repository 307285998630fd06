import type { Command } from 'commander';

import type { WebhookView } from '../../api/routes/webhooks.js';
import { loadConfig } from '../../config/load-config.js';
import {
  print,
  withApi,
  withCommonOptions,
  type CommandContext,
  type CommonOptions,
} from '../command-context.js';
import type { SquallApi } from '../connect.js';
import { formatTable } from '../output/format-table.js';
import type { Style } from '../output/style.js';

/** `squall webhook list`: each hook's URL, what it dispatches, its auth (never a secret) and rules. */
export function registerWebhookCommand(program: Command, context: CommandContext): void {
  const webhook = program
    .command('webhook')
    .description('webhooks: HTTP endpoints that become trigger instances');

  withCommonOptions(webhook.command('list').description('list webhooks with their URL and auth')).action(
    async (options: CommonOptions) => {
      const hooks = await withApi(context, options, async (api) =>
        withServedUrls(api, await api.call<WebhookView[]>('GET', '/webhooks'), context),
      );
      print(context, options, hooks, (style) => formatWebhookTable(hooks, style));
    },
  );
}

/**
 * In-process, nothing listens yet: URLs are where `squall start` will serve them (api.host and
 * api.port of squall.yaml), unless api.public_url already fixed them.
 */
async function withServedUrls(
  api: SquallApi,
  hooks: WebhookView[],
  context: CommandContext,
): Promise<WebhookView[]> {
  if (api.mode !== 'in-process') return hooks;
  const config = await loadConfig(api.target, context.io.env);
  if (config.api.public_url) return hooks;
  const host = config.api.host.includes(':') ? `[${config.api.host}]` : config.api.host;
  const base = `http://${host}:${config.api.port}`;
  context.io.stderr.write(
    `squall: no server is running for ${api.target}; URLs are where \`squall start\` will serve them\n`,
  );
  return hooks.map((hook) => ({ ...hook, url: `${base}${hook.path}` }));
}

export function formatWebhookTable(hooks: readonly WebhookView[], style: Style): string {
  return formatTable(
    [
      { header: 'url', value: (h: WebhookView) => h.url, maxWidth: 80 },
      {
        header: 'auth',
        value: (h: WebhookView) => describe(h),
        style: (text, h) => (h.auth === 'none' ? style.yellow(text) : text),
      },
      { header: 'trigger', value: (h: WebhookView) => h.trigger },
      { header: 'rules', value: (h: WebhookView) => h.rules.join(', ') },
    ],
    hooks,
    style,
  );
}

function describe(hook: WebhookView): string {
  if (hook.auth === 'none') return 'none (open)';
  return `${hook.auth} (${hook.auth_headers.join(', ')})`;
}
