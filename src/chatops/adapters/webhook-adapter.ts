import { createHash, timingSafeEqual } from 'node:crypto';

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { AuthError, BackendError, SquallError, ValidationError, errorMessage } from '../../common/errors.js';
import type { ChatAdapter, ChatMessageHandler, IncomingChatMessage } from '../chat-adapter.js';

export interface WebhookAdapterOptions {
  /** Where outgoing messages are POSTed as JSON `{channel, text}` (a Mattermost or Rocket.Chat incoming webhook). */
  outgoingUrl: string;
  /** The token the chat service sends with each command (its outgoing webhook token). */
  token: string;
  /** Extra headers for outgoing posts. */
  headers?: Record<string, string>;
  /** @default 10_000 */
  timeoutMs?: number;
}

/** Fields of an incoming command, as Mattermost and Rocket.Chat outgoing webhooks send them. */
interface IncomingBody {
  token?: unknown;
  text?: unknown;
  trigger_word?: unknown;
  user_name?: unknown;
  user_id?: unknown;
  channel_name?: unknown;
  channel_id?: unknown;
  channel?: unknown;
  user?: unknown;
  groups?: unknown;
  bot?: unknown;
}

export interface WebhookChatAdapter extends ChatAdapter {
  /**
   * Checks the token and hands one incoming command to the handler. Throws AuthError on a bad
   * token and ValidationError on a body without text, user or channel.
   */
  receive(body: unknown, headers: Record<string, string | string[] | undefined>): Promise<void>;
}

/** A generic chat adapter: commands come in over HTTP, answers go out to an incoming-webhook URL. */
export function createWebhookAdapter(options: WebhookAdapterOptions): WebhookChatAdapter {
  if (options.token.length === 0) {
    throw new ValidationError(
      'webhook chat adapter: a token is required so that strangers cannot run commands',
      {
        code: 'E_CHAT_CONFIG',
      },
    );
  }
  const outgoing = new URL(options.outgoingUrl);
  let handler: ChatMessageHandler | undefined;
  return {
    name: 'webhook',
    start: async (onMessage) => {
      handler = onMessage;
    },
    stop: async () => {
      handler = undefined;
    },
    postMessage: async (channel, text) => {
      const response = await fetch(outgoing, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...options.headers },
        body: JSON.stringify({ channel, text }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      }).catch((error: unknown) => {
        throw new BackendError(
          `webhook chat adapter: posting to ${outgoing.origin} failed: ${errorMessage(error)}`,
          {
            code: 'E_CHAT_POST',
            cause: error,
          },
        );
      });
      await response.body?.cancel();
      if (!response.ok) {
        throw new BackendError(
          `webhook chat adapter: ${outgoing.origin} answered ${response.status} to a message; check outgoingUrl`,
          { code: 'E_CHAT_POST', details: { status: response.status } },
        );
      }
    },
    receive: async (body, headers) => {
      const incoming = (typeof body === 'object' && body !== null ? body : {}) as IncomingBody;
      if (!tokenMatches(options.token, presentedToken(incoming, headers))) {
        throw new AuthError('webhook chat adapter: missing or wrong token', { code: 'E_CHAT_TOKEN' });
      }
      if (incoming.bot !== undefined && incoming.bot !== false && incoming.bot !== null) return;
      const message = toMessage(incoming);
      if (!handler) {
        throw new BackendError('webhook chat adapter: not started yet; try again shortly', {
          code: 'E_CHAT_NOT_STARTED',
        });
      }
      await handler(message);
    },
  };
}

function presentedToken(body: IncomingBody, headers: Record<string, string | string[] | undefined>): string {
  if (typeof body.token === 'string') return body.token;
  const header = headers['x-squall-token'] ?? headers['authorization'];
  const value = Array.isArray(header) ? header[0] : header;
  return (value ?? '').replace(/^(Token|Bearer)\s+/i, '');
}

function tokenMatches(expected: string, presented: string): boolean {
  // Hashing first gives equal lengths, so the comparison time says nothing about the token.
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(presented).digest();
  return timingSafeEqual(a, b);
}

function toMessage(body: IncomingBody): IncomingChatMessage {
  const rawText = typeof body.text === 'string' ? body.text : '';
  const trigger = typeof body.trigger_word === 'string' ? body.trigger_word : '';
  const text = (
    trigger !== '' && rawText.startsWith(trigger) ? rawText.slice(trigger.length) : rawText
  ).trim();
  const user = firstString(body.user_name, body.user, body.user_id);
  const channel = firstString(body.channel_name, body.channel, body.channel_id);
  if (text === '' || user === undefined || channel === undefined) {
    throw new ValidationError(
      'webhook chat adapter: a command needs text, user_name (or user) and channel_name (or channel)',
      {
        code: 'E_CHAT_MESSAGE',
      },
    );
  }
  const groups = Array.isArray(body.groups)
    ? body.groups.filter((g): g is string => typeof g === 'string')
    : undefined;
  return { text, user, channel, ...(groups ? { groups } : {}) };
}

function firstString(...values: unknown[]): string | undefined {
  return values.find((value): value is string => typeof value === 'string' && value !== '');
}

export interface WebhookChatRouteOptions {
  /** @default '/api/v1/chatops/webhook' */
  path?: string;
}

/**
 * Adds the route chat services POST commands to (JSON or form-encoded, as Mattermost sends them).
 * Answers 200 `{}` once the command is acknowledged; replies travel through `outgoingUrl`.
 */
export async function registerWebhookChatRoute(
  app: FastifyInstance,
  adapter: WebhookChatAdapter,
  options: WebhookChatRouteOptions = {},
): Promise<void> {
  const path = options.path ?? '/api/v1/chatops/webhook';
  await app.register(async (scope) => {
    if (!scope.hasContentTypeParser('application/x-www-form-urlencoded')) {
      scope.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string' },
        (_req, body, done) => {
          done(null, Object.fromEntries(new URLSearchParams(String(body))));
        },
      );
    }
    // Public for the API-key check: the chat service authenticates with the adapter's own token.
    scope.post(
      path,
      { config: { squallPublic: true } },
      async (request: FastifyRequest, reply: FastifyReply) => {
        try {
          await adapter.receive(request.body, request.headers);
          return reply.code(200).send({});
        } catch (error) {
          if (!(error instanceof SquallError)) throw error;
          const status = error instanceof AuthError ? 401 : error instanceof ValidationError ? 400 : 503;
          return reply.code(status).send({ error: { code: error.code, message: error.message } });
        }
      },
    );
  });
}
