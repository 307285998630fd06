import type { FastifyInstance, FastifyRequest } from 'fastify';

import type { Engine } from '../../engine/engine.js';
import { GIT_PUSH_TRIGGER } from '../../sensors/git/git-push-trigger-type.js';
import { normalizeHookUrl } from '../../sensors/webhooks/webhook-registry.js';
import { hasOwnAuth, type WebhookAuthConfig } from '../../sensors/webhooks/webhook-routes.js';
import { WEBHOOK_TRIGGER } from '../../sensors/webhooks/webhook-trigger-types.js';

export type WebhookAuthKind = 'token' | 'hmac' | 'token+hmac' | 'api-key' | 'none';

/** One hook the server answers, with how it authenticates (never the secret itself). */
export interface WebhookView {
  /** `deploy` for `core.st2.webhook` url `deploy`, `st2` for the generic hook, `git/<name>` for push hooks. */
  hook: string;
  kind: 'webhook' | 'generic' | 'git';
  /** The trigger it dispatches (`*` for the generic hook: the body names it). */
  trigger: string;
  path: string;
  /** `api.public_url` + path when configured, else as this request reached the server. */
  url: string;
  auth: WebhookAuthKind;
  /** Headers the caller must send for `auth` (token, signature or API key header). */
  auth_headers: string[];
  /** Enabled rules listening on it. */
  rules: string[];
}

const API_KEY_HEADERS = ['St2-Api-Key'];

/** `GET /webhooks`: every hook this server answers and its auth, for `squall webhook list`. */
export function registerWebhookListRoutes(
  app: FastifyInstance,
  engine: Engine,
  apiKey: string | undefined,
): void {
  const hasApiKey = apiKey !== undefined && apiKey !== '';
  app.get('/webhooks', async (request) => {
    const base = baseUrl(engine, request);
    const { git, hooks = {} } = engine.config.webhooks;
    const view = (
      hook: string,
      kind: WebhookView['kind'],
      trigger: string,
      auth: Pick<WebhookView, 'auth' | 'auth_headers'>,
      rules: string[],
    ): WebhookView => {
      const path = `/api/v1/webhooks/${hook}`;
      return { hook, kind, trigger, path, url: `${base}${path}`, ...auth, rules };
    };
    const rulesByHook = webhookRules(engine);
    const ownAuth = (url: string) => (Object.hasOwn(hooks, url) ? hooks[url] : undefined);
    const listed = engine.webhooks
      .urls()
      .map((url) =>
        view(
          url,
          'webhook',
          WEBHOOK_TRIGGER,
          describeAuth(ownAuth(url), hasApiKey),
          rulesByHook.get(url) ?? [],
        ),
      );
    listed.push(view('st2', 'generic', '*', describeAuth(ownAuth('st2'), hasApiKey), []));
    const gitRules = [...engine.snapshot().rules.values()]
      .filter((rule) => rule.spec.enabled && rule.spec.trigger.type === GIT_PUSH_TRIGGER)
      .map((rule) => rule.ref)
      .sort();
    for (const [name, hook] of Object.entries(git?.hooks ?? {})) {
      const auth: Pick<WebhookView, 'auth' | 'auth_headers'> = hook.secret
        ? { auth: 'hmac', auth_headers: ['X-Hub-Signature-256 (GitHub)', 'X-Hub-Signature (Bitbucket)'] }
        : noOwnAuth(hasApiKey);
      listed.push(view(`git/${name}`, 'git', GIT_PUSH_TRIGGER, auth, gitRules));
    }
    return listed;
  });
}

/** How a hook authenticates: its own token and/or HMAC, else the API key when the server has one. */
export function describeAuth(
  auth: WebhookAuthConfig | undefined,
  hasApiKey: boolean,
): Pick<WebhookView, 'auth' | 'auth_headers'> {
  if (!hasOwnAuth(auth)) return noOwnAuth(hasApiKey);
  const headers: string[] = [];
  if (auth.token !== undefined) headers.push(auth.token_header ?? 'X-Squall-Token');
  if (auth.hmac) headers.push(auth.hmac.header);
  const kind: WebhookAuthKind =
    auth.token !== undefined && auth.hmac ? 'token+hmac' : auth.hmac ? 'hmac' : 'token';
  return { auth: kind, auth_headers: headers };
}

function noOwnAuth(hasApiKey: boolean): Pick<WebhookView, 'auth' | 'auth_headers'> {
  return hasApiKey ? { auth: 'api-key', auth_headers: API_KEY_HEADERS } : { auth: 'none', auth_headers: [] };
}

function webhookRules(engine: Engine): Map<string, string[]> {
  const byUrl = new Map<string, string[]>();
  for (const rule of engine.snapshot().rules.values()) {
    if (!rule.spec.enabled || rule.spec.trigger.type !== WEBHOOK_TRIGGER) continue;
    const url = normalizeHookUrl(String(rule.spec.trigger.parameters?.['url'] ?? ''));
    byUrl.set(url, [...(byUrl.get(url) ?? []), rule.ref].sort());
  }
  return byUrl;
}

function baseUrl(engine: Engine, request: FastifyRequest): string {
  const configured = engine.config.api.public_url;
  if (configured) return configured.replace(/\/+$/, '');
  return `${request.protocol}://${request.host}`;
}
