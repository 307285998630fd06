import type { FastifyInstance } from 'fastify';

import type { SecretRegistry } from '../../security/secret-registry.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route's 202 answer holds only ids and what the caller itself sent (webhooks echo their
     * body), so it skips the secret masking pass; its other answers are masked as usual.
     */
    squallEchoesCaller?: boolean;
  }
}

/**
 * The API's one masking pass: every answer goes through the engine's secret registry (secret
 * datastore values, pack config secrets, repository tokens) and has URL credentials masked, so a
 * secret printed by an action's stdout is masked like a secret parameter. The serializers beside
 * this file only mask what is secret by declaration (a secret parameter's default, a secret key's
 * value). Only an explicit `?decrypt=true` on the keys resource shows secret values.
 */
export function installAnswerMasking(app: FastifyInstance, secrets: SecretRegistry, keysPath: string): void {
  // Callback style: an async hook costs a promise per answer, on every webhook request too.
  app.addHook('preSerialization', (request, reply, payload, done) => {
    if (reply.statusCode === 202 && request.routeOptions.config?.squallEchoesCaller === true) {
      done(null, payload);
      return;
    }
    const query = request.query as Record<string, unknown> | undefined;
    const decrypt = query?.['decrypt'] === 'true' || query?.['decrypt'] === true;
    if (decrypt && request.url.startsWith(keysPath)) done(null, payload);
    else done(null, secrets.mask(payload));
  });
}
