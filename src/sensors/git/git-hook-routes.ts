import type { IncomingHttpHeaders } from 'node:http';

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import type { TriggerDispatcher } from '../../domain/trigger.js';
import type { Logger } from '../../common/logger.js';
import { checkApiKey, checkHmac, headerValue, type HmacConfig } from '../webhooks/request-auth.js';
import { keepRawBodies, parseBody } from '../webhooks/request-body.js';
import { dispatchFailure, replyError, sendSquallErrors } from '../webhooks/webhook-replies.js';
import { DEFAULT_WEBHOOK_BODY_LIMIT } from '../webhooks/webhook-routes.js';
import { normalizeBitbucketCloudPush, normalizeBitbucketServerPush } from './bitbucket-push.js';
import { GIT_PUSH_TRIGGER, type GitPushPayload } from './git-push-trigger-type.js';
import { normalizeGitHubPush } from './github-push.js';

export interface GitHookConfig {
  /** The webhook secret set in GitHub/Bitbucket; pushes must be signed with it. */
  secret?: string;
}

export interface GitHooksConfig {
  /** Hook name → config; each is served at `POST /api/v1/webhooks/git/<name>`. */
  hooks: Record<string, GitHookConfig>;
  /** @default 1048576 (1 MiB); GitHub sends at most 25 MB, raise it for huge pushes. */
  bodyLimitBytes?: number;
}

export interface GitHookRouteDeps {
  dispatcher: TriggerDispatcher;
  config: GitHooksConfig;
  logger: Logger;
  /** When the API has a key, hooks without a secret require it. */
  apiKey?: string;
}

type Sender = { provider: 'github'; event: string } | { provider: 'bitbucket'; event: string };

/**
 * `POST /api/v1/webhooks/git/<name>`: GitHub and Bitbucket (Cloud and Server) push webhooks become
 * `git.push` trigger instances, one per updated ref. Other events are answered 204 and ignored.
 */
export function registerGitHookRoutes(app: FastifyInstance, deps: GitHookRouteDeps): void {
  const logger = deps.logger.child({ component: 'git-hooks' });
  for (const [name, hook] of Object.entries(deps.config.hooks)) {
    if (!hook.secret) logger.warn({ hook: name }, 'git hook has no secret: unsigned pushes are accepted');
  }
  app.register(async (scope) => {
    keepRawBodies(scope, deps.config.bodyLimitBytes ?? DEFAULT_WEBHOOK_BODY_LIMIT);
    sendSquallErrors(scope);
    // Public for the API-key check: each hook verifies its own signature (else the API key).
    // Its 202 holds only ids: nothing to mask.
    const config = { squallPublic: true, squallEchoesCaller: true };
    scope.post('/api/v1/webhooks/git/:name', { config }, (request, reply) =>
      handle((request.params as { name: string }).name, request, reply),
    );
  });

  async function handle(name: string, request: FastifyRequest, reply: FastifyReply) {
    const hook = Object.hasOwn(deps.config.hooks, name) ? deps.config.hooks[name] : undefined;
    if (!hook) return replyError(reply, 404, 'E_WEBHOOK_UNKNOWN', `git hook ${name} is not configured`);
    const sender = senderOf(request.headers);
    if (!sender) {
      return replyError(
        reply,
        400,
        'E_GIT_HOOK',
        `git hook ${name}: no X-GitHub-Event or X-Event-Key header`,
      );
    }
    const outcome = hook.secret
      ? checkHmac(request.headers, rawOf(request.body), signatureConfig(sender, hook.secret))
      : deps.apiKey
        ? checkApiKey(request.headers, deps.apiKey)
        : undefined;
    if (outcome) {
      if (!outcome.ok) {
        logger.warn(
          { hook: name, ip: request.ip, provider: sender.provider, reason: outcome.reason },
          'git push refused',
        );
        return replyError(reply, outcome.status, 'E_WEBHOOK_AUTH', `git hook ${name}: ${outcome.reason}`);
      }
    }
    const normalize = normalizerFor(sender);
    if (!normalize) return reply.code(204).send();
    const parsed = parseBody(request.body, request.headers['content-type']);
    if (!parsed.ok)
      return replyError(reply, parsed.status, 'E_WEBHOOK_BODY', `git hook ${name}: ${parsed.reason}`);
    const isForm = (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    const pushes = normalize(isForm ? unwrapForm(parsed.value) : parsed.value, name);
    try {
      const ids: string[] = [];
      for (const push of pushes) {
        const instance = await deps.dispatcher.dispatch(GIT_PUSH_TRIGGER, push, {
          source: `git-hook:${name}`,
        });
        ids.push(instance.id);
      }
      return reply.code(202).send({ trigger: GIT_PUSH_TRIGGER, trigger_instances: ids });
    } catch (error) {
      return dispatchFailure(reply, logger, `git/${name}`, error);
    }
  }
}

function senderOf(headers: IncomingHttpHeaders): Sender | undefined {
  const github = headerValue(headers, 'x-github-event');
  if (github) return { provider: 'github', event: github };
  const bitbucket = headerValue(headers, 'x-event-key');
  if (bitbucket) return { provider: 'bitbucket', event: bitbucket };
  return undefined;
}

function normalizerFor(sender: Sender): ((body: unknown, hook: string) => GitPushPayload[]) | undefined {
  if (sender.provider === 'github')
    return sender.event === 'push' ? (body, hook) => [normalizeGitHubPush(body, hook)] : undefined;
  if (sender.event === 'repo:push') return normalizeBitbucketCloudPush;
  if (sender.event === 'repo:refs_changed') return normalizeBitbucketServerPush;
  return undefined;
}

// GitHub signs with X-Hub-Signature-256; Bitbucket Cloud and Server with X-Hub-Signature, both sha256=.
function signatureConfig(sender: Sender, secret: string): HmacConfig {
  const header = sender.provider === 'github' ? 'x-hub-signature-256' : 'x-hub-signature';
  return { secret, header, algorithm: 'sha256', prefix: 'sha256=' };
}

function rawOf(body: unknown): Buffer {
  return Buffer.isBuffer(body) ? body : Buffer.alloc(0);
}

/** GitHub's form content type sends the JSON in a `payload` field. */
function unwrapForm(body: unknown): unknown {
  const payload = (body as { payload?: unknown } | null)?.payload;
  if (typeof payload !== 'string') return body;
  try {
    return JSON.parse(payload) as unknown;
  } catch {
    return body;
  }
}
