import type { FastifyInstance } from 'fastify';

import type { Engine } from '../../engine/engine.js';
import type { QueryString } from '../query-params.js';
import { stringParam } from '../query-params.js';
import { serializeAction } from '../serialize/serialize-action.js';
import { notFound } from '../not-found.js';

export function registerActionRoutes(app: FastifyInstance, engine: Engine): void {
  app.get<{ Querystring: QueryString }>('/actions', async (request) => {
    const pack = stringParam(request.query, 'pack');
    return [...engine.snapshot().actions.values()]
      .filter((action) => pack === undefined || action.spec.pack === pack)
      .sort((a, b) => a.ref.localeCompare(b.ref))
      .map(serializeAction);
  });

  app.get<{ Params: { ref: string } }>('/actions/:ref', async (request) => {
    const action = engine.snapshot().actions.get(request.params.ref);
    if (!action)
      throw notFound(`action "${request.params.ref}" is not installed`, 'actions', 'E_UNKNOWN_ACTION');
    return serializeAction(action);
  });
}
