import type { IncomingHttpHeaders } from 'node:http';

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { newId } from '../../domain/ids.js';
import type { TriggerDispatcher, TriggerInstance } from '../../domain/trigger.js';
import type { Logger } from '../../common/logger.js';
import {
  checkApiKey,
  checkHmac,
  checkToken,
  headerValue,
  type AuthOutcome,
  type HmacConfig,
  ReplayGuard,
} from './request-auth.js';
import { droppedHeaders, keepRawBodies, parseBody, payloadHeaders } from './request-body.js';
import { dispatchFailure, replyError, sendSquallErrors } from './webhook-replies.js';
import { normalizeHookUrl, type WebhookRegistry } from './webhook-registry.js';
import { WEBHOOK_TRIGGER } from './webhook-trigger-types.js';

export interface WebhookAuthConfig {
  /** Shared secret the caller sends in `token_header`. */
  token?: string;
  /** @default 'X-Squall-Token' */
  token_header?: string;
  /** Signature of the raw body (GitHub-style `sha256=<hex>` with `prefix: 'sha256='`). */
  hmac?: HmacConfig;
}

export interface WebhooksConfig {
  /** Auth per hook url (without slashes at either end); `st2` protects the generic hook. */
  hooks?: Record<string, WebhookAuthConfig>;
  /** @default 1048576 (1 MiB) */
  bodyLimitBytes?: number;
}

export interface WebhookRouteDeps {
  registry: WebhookRegistry;
  dispatcher: TriggerDispatcher;
  config: WebhooksConfig;
  logger: Logger;
  /** When the API has a key, hooks without their own token or hmac require it. */
  apiKey?: string;
}

export const DEFAULT_WEBHOOK_BODY_LIMIT = 1_048_576;
const TRACE_TAG_HEADER = 'st2-trace-tag';

/**
 * `POST /api/v1/webhooks/<url>` for `core.st2.webhook` triggers and the generic `st2` hook. Routes
 * live in their own fastify scope, whose body parser keeps raw bytes for signature checks.
 */
export function registerWebhookRoutes(app: FastifyInstance, deps: WebhookRouteDeps): void {
  const logger = deps.logger.child({ component: 'webhooks' });
  const hooks = deps.config.hooks ?? {};
  if (!hasOwnAuth(hooks['st2']) && !deps.apiKey) {
    logger.warn(
      'the generic st2 webhook has neither a token or hmac of its own nor an API key in front of it: anyone who can reach the API can dispatch any trigger',
    );
  }
  const replays = new ReplayGuard();
  // One set per token header name (a handful, from the config), not one per request.
  const dropped = new Map<string, ReadonlySet<string>>();
  const droppedFor = (tokenHeader: string): ReadonlySet<string> => {
    let set = dropped.get(tokenHeader);
    if (!set) dropped.set(tokenHeader, (set = droppedHeaders([TRACE_TAG_HEADER, tokenHeader])));
    return set;
  };
  app.register(async (scope) => {
    keepRawBodies(scope, deps.config.bodyLimitBytes ?? DEFAULT_WEBHOOK_BODY_LIMIT);
    sendSquallErrors(scope);
    // Public for the API-key check: each hook authenticates itself (its token or hmac, else the API key).
    // Its 202 echoes the caller's own body: nothing to mask there.
    const config = { squallPublic: true, squallEchoesCaller: true };
    scope.post('/api/v1/webhooks/*', { config }, async (request, reply) => {
      const hook = normalizeHookUrl((request.params as Record<string, string | undefined>)['*'] ?? '');
      return handle(hook, request, reply);
    });
  });

  async function handle(hook: string, request: FastifyRequest, reply: FastifyReply) {
    const auth = Object.hasOwn(hooks, hook) ? hooks[hook] : undefined;
    // An entry without a token or hmac (only a token_header, say) does not make the hook public.
    const denied = hasOwnAuth(auth)
      ? authenticate(auth, request.headers, request.body, replays)
      : deps.apiKey
        ? checkApiKey(request.headers, deps.apiKey)
        : undefined;
    if (denied && !denied.ok) {
      logger.warn({ hook, ip: request.ip, reason: denied.reason }, 'webhook request refused');
      return replyError(reply, denied.status, 'E_WEBHOOK_AUTH', `webhook ${hook}: ${denied.reason}`);
    }
    const uses = deps.registry.get(hook);
    if (hook !== 'st2' && uses.length === 0) {
      return replyError(reply, 404, 'E_WEBHOOK_UNKNOWN', `Webhook ${hook} not registered with squall`);
    }
    const parsed = parseBody(request.body, request.headers['content-type']);
    if (!parsed.ok)
      return replyError(reply, parsed.status, 'E_WEBHOOK_BODY', `webhook ${hook}: ${parsed.reason}`);
    const body = parsed.value;
    if (typeof body !== 'object' || body === null) {
      return replyError(reply, 400, 'E_WEBHOOK_BODY', `webhook ${hook}: body must be a JSON object or list`);
    }
    // Time-ordered, so the stored trace tags append to their index instead of landing on a random
    // page each (one page write per event per commit).
    const traceTag = headerValue(request.headers, TRACE_TAG_HEADER) || `webhook-${hook}-${newId()}`;
    try {
      if (hook === 'st2') return await dispatchGeneric(body, traceTag, reply);
      const headers = payloadHeaders(request.headers, droppedFor(auth?.token_header ?? 'x-squall-token'));
      let first: TriggerInstance | undefined;
      for (const use of uses) {
        const instance = await deps.dispatcher.dispatch(
          WEBHOOK_TRIGGER,
          { headers, body },
          {
            traceTag,
            triggerParameters: use.parameters,
            source: 'webhook',
          },
        );
        first ??= instance;
      }
      return reply.code(202).send({ trigger_instance: first?.id, trigger: WEBHOOK_TRIGGER, body });
    } catch (error) {
      return dispatchFailure(reply, logger, hook, error);
    }
  }

  async function dispatchGeneric(body: object, traceTag: string, reply: FastifyReply) {
    const { trigger, payload } = body as { trigger?: unknown; payload?: unknown };
    if (typeof trigger !== 'string' || trigger === '') {
      return replyError(
        reply,
        400,
        'E_WEBHOOK_BODY',
        'webhook st2: Trigger not specified. Send {"trigger": "pack.name", "payload": {...}}',
      );
    }
    const instance = await deps.dispatcher.dispatch(trigger, payload ?? {}, { traceTag, source: 'webhook' });
    return reply.code(202).send({ trigger_instance: instance.id, trigger, body });
  }
}

/** The hook checks its own token or signature (else the API key, when the server has one). */
export function hasOwnAuth(auth: WebhookAuthConfig | undefined): auth is WebhookAuthConfig {
  return auth !== undefined && (auth.token !== undefined || auth.hmac !== undefined);
}

function authenticate(
  auth: WebhookAuthConfig,
  headers: IncomingHttpHeaders,
  raw: unknown,
  replays: ReplayGuard,
): AuthOutcome {
  if (auth.token !== undefined) {
    const outcome = checkToken(headers, auth.token_header ?? 'X-Squall-Token', auth.token);
    if (!outcome.ok) return outcome;
  }
  if (auth.hmac) {
    return checkHmac(headers, Buffer.isBuffer(raw) ? raw : Buffer.alloc(0), auth.hmac, replays);
  }
  return { ok: true };
}
