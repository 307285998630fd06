import type { FastifyInstance } from 'fastify';

import type { Engine } from '../../engine/engine.js';
import { ValidationError, type NotFoundError } from '../../common/errors.js';
import { datastoreScope } from '../datastore-scope.js';
import type { QueryString } from '../query-params.js';
import { booleanParam, stringParam } from '../query-params.js';
import { serializeKey } from '../serialize/serialize-key.js';
import { isRecord } from '../../common/guards.js';
import { notFound } from '../not-found.js';

type KeyRequest = { Params: { name: string }; Querystring: QueryString };

export function registerKeyRoutes(app: FastifyInstance, engine: Engine): void {
  app.get<{ Querystring: QueryString }>('/keys', async (request) => {
    const query = request.query;
    const scope = datastoreScope(stringParam(query, 'scope'), stringParam(query, 'user'), { allowAll: true });
    const decrypt = booleanParam(query, 'decrypt');
    const pairs = await engine.datastore.list(scope, stringParam(query, 'prefix'), { decrypt });
    return pairs.map((pair) => serializeKey(pair, { decrypted: decrypt }));
  });

  app.get<KeyRequest>('/keys/:name', async (request) => {
    const scope = scopeOf(request.query);
    const decrypt = booleanParam(request.query, 'decrypt');
    const pair = await engine.datastore.get(scope, request.params.name, { decrypt });
    if (!pair) throw unknownKey(scope, request.params.name);
    return serializeKey(pair, { decrypted: decrypt });
  });

  app.put<KeyRequest & { Body: unknown }>('/keys/:name', async (request) => {
    const body = keyBody(request.body);
    const scope = datastoreScope(
      body.scope ?? stringParam(request.query, 'scope'),
      body.user ?? stringParam(request.query, 'user'),
    );
    const pair = await engine.datastore.set(scope ?? 'system', request.params.name, body.value, {
      secret: body.secret === true,
      ...(body.ttl === undefined ? {} : { ttlSeconds: body.ttl }),
    });
    return serializeKey(pair);
  });

  app.delete<KeyRequest>('/keys/:name', async (request, reply) => {
    const scope = scopeOf(request.query);
    if (!(await engine.datastore.delete(scope, request.params.name)))
      throw unknownKey(scope, request.params.name);
    return reply.status(204).send();
  });
}

function scopeOf(query: QueryString): string {
  return datastoreScope(stringParam(query, 'scope'), stringParam(query, 'user')) ?? 'system';
}

function unknownKey(scope: string, name: string): NotFoundError {
  return notFound(`key "${name}" does not exist in scope ${scope}`, 'keys', 'E_UNKNOWN_KEY');
}

interface KeyBody {
  value: string;
  secret?: boolean;
  scope?: string;
  user?: string;
  ttl?: number;
}

/** `{value, secret?, scope?, user?, ttl?}` as st2's PUT /keys/:name takes it. */
function keyBody(body: unknown): KeyBody {
  const fail = (message: string): never => {
    throw new ValidationError(`api: PUT /keys/:name ${message}`, { code: 'E_API_BODY' });
  };
  if (!isRecord(body)) {
    return fail('needs a JSON object body like {"value": "...", "secret": false}');
  }
  const fields = body;
  if (typeof fields['value'] !== 'string') return fail('needs "value" as a string');
  if (fields['secret'] !== undefined && typeof fields['secret'] !== 'boolean')
    return fail('"secret" must be true or false');
  for (const name of ['scope', 'user']) {
    if (fields[name] !== undefined && typeof fields[name] !== 'string')
      return fail(`"${name}" must be a string`);
  }
  if (fields['ttl'] !== undefined && typeof fields['ttl'] !== 'number')
    return fail('"ttl" must be a number of seconds');
  return fields as unknown as KeyBody;
}
