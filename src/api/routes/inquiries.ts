import type { FastifyInstance } from 'fastify';

import { ValidationError } from '../../common/errors.js';
import { isRecord } from '../../common/guards.js';
import type { Engine } from '../../engine/engine.js';
import type { InquiryRequester } from '../../inquiries/inquiry.js';
import type { QueryString } from '../query-params.js';
import { pageParams } from '../query-params.js';

/** st2's system user, who answers when the caller names nobody. */
const SYSTEM_USER = 'stanley';

/**
 * st2's inquiries API: `GET /inquiries` (pending ones), `GET /inquiries/<id>`, `PUT /inquiries/<id>`
 * with `{"response": {...}}`. The API key authenticates the caller, who may name who answers
 * (`"user"`, default st2's system user `stanley`) and the roles they hold (`"roles": [...]`).
 */
export function registerInquiryRoutes(app: FastifyInstance, engine: Engine): void {
  app.get<{ Querystring: QueryString }>('/inquiries', async (request) => {
    const { limit } = pageParams(request.query);
    return engine.inquiries.list(limit === undefined ? {} : { limit });
  });

  app.get<{ Params: { id: string } }>('/inquiries/:id', async (request) =>
    engine.inquiries.get(request.params.id),
  );

  app.put<{ Params: { id: string }; Body: unknown }>('/inquiries/:id', async (request) => {
    const body = request.body;
    if (!isRecord(body) || !('response' in body)) {
      throw new ValidationError(
        `api: PUT /inquiries/${request.params.id} needs a JSON body like {"response": {"approved": true}}`,
        { code: 'E_API_BODY' },
      );
    }
    return engine.inquiries.respond(request.params.id, body['response'], requester(body));
  });
}

function requester(body: Record<string, unknown>): InquiryRequester {
  const user = typeof body['user'] === 'string' && body['user'] !== '' ? body['user'] : SYSTEM_USER;
  const roles = Array.isArray(body['roles'])
    ? body['roles'].filter((role): role is string => typeof role === 'string')
    : undefined;
  return { user, ...(roles ? { groups: roles } : {}) };
}
