import type { FastifyInstance } from 'fastify';

import type { Engine } from '../../engine/engine.js';
import { NotFoundError } from '../../common/errors.js';
import type { QueryString } from '../query-params.js';
import { stringParam } from '../query-params.js';
import { serializeTriggerType } from '../serialize/serialize-trigger-type.js';

export function registerTriggerTypeRoutes(app: FastifyInstance, engine: Engine): void {
  app.get<{ Querystring: QueryString }>('/triggertypes', async (request) => {
    const pack = stringParam(request.query, 'pack');
    return [...engine.snapshot().triggerTypes.values()]
      .filter((type) => pack === undefined || type.pack === pack)
      .sort((a, b) => a.ref.localeCompare(b.ref))
      .map(serializeTriggerType);
  });

  app.get<{ Params: { ref: string } }>('/triggertypes/:ref', async (request) => {
    const type = engine.snapshot().triggerTypes.get(request.params.ref);
    if (!type) {
      throw new NotFoundError(
        `trigger type "${request.params.ref}" is not known; see GET /api/v1/triggertypes`,
        {
          code: 'E_UNKNOWN_TRIGGER',
        },
      );
    }
    return serializeTriggerType(type);
  });
}
