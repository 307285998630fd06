import type { FastifyInstance } from 'fastify';

import type { Engine } from '../../engine/engine.js';
import type { QueryString } from '../query-params.js';
import { stringParam } from '../query-params.js';
import { serializeTriggerType } from '../serialize/serialize-trigger-type.js';
import { notFound } from '../not-found.js';

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
      throw notFound(
        `trigger type "${request.params.ref}" is not known`,
        'triggertypes',
        'E_UNKNOWN_TRIGGER',
      );
    }
    return serializeTriggerType(type);
  });
}
