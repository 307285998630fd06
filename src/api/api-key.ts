import { createHash, timingSafeEqual } from 'node:crypto';

import type { FastifyInstance, FastifyRequest } from 'fastify';

import { AuthError, ForbiddenError, ValidationError } from '../common/errors.js';
import { MIN_API_KEY_LENGTH } from '../config/squall-config.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route answers without an API key (health checks, webhooks that verify their own signature). */
    squallPublic?: boolean;
  }
}

/** Header names an API key may come in, as st2 clients send it. */
export const API_KEY_HEADERS = ['st2-api-key', 'x-api-key'] as const;

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** Compares in constant time: both sides are hashed first so lengths leak nothing either. */
export function apiKeyMatches(expected: string, given: string): boolean {
  return timingSafeEqual(digest(expected), digest(given));
}

function presentedKey(request: FastifyRequest): string | undefined {
  for (const name of API_KEY_HEADERS) {
    const value = request.headers[name];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

/** Refuses a key too short to protect anything, naming where it came from and how to make one. */
export function assertStrongApiKey(apiKey: string, source = 'api.api_key (or SQUALL_API_KEY)'): void {
  if (apiKey.length < MIN_API_KEY_LENGTH) {
    throw new ValidationError(
      `${source} is ${apiKey.length} characters; an API key needs at least ${MIN_API_KEY_LENGTH} (generate one with: openssl rand -hex 24)`,
      { code: 'E_API_KEY_WEAK' },
    );
  }
}

/**
 * Every route requires the key unless its config says `squallPublic: true`. Plugins registered on
 * the same instance inherit the check. No key answers 401 (AuthError), a wrong one 403
 * (ForbiddenError), as the webhook routes do.
 */
export function installApiKeyCheck(app: FastifyInstance, apiKey: string): void {
  assertStrongApiKey(apiKey);
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config?.squallPublic === true) return;
    const given = presentedKey(request);
    if (given === undefined) {
      throw new AuthError(
        'api: this server requires an API key; send it in the St2-Api-Key or X-Api-Key header',
        {
          code: 'E_API_KEY_MISSING',
        },
      );
    }
    if (!apiKeyMatches(apiKey, given)) {
      throw new ForbiddenError(
        'api: the API key is not valid for this server (check SQUALL_API_KEY / api.api_key)',
        {
          code: 'E_API_KEY_INVALID',
        },
      );
    }
  });
}
