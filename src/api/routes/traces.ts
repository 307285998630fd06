import type { FastifyInstance } from 'fastify';

import type { Engine } from '../../engine/engine.js';
import { buildTrace } from '../../history/build-trace.js';

/**
 * `GET /traces/<id>`: what one event caused. The id may be a trace id (st2's), a trigger instance, an
 * execution or a rule enforcement; the tree starts at the first cause of that record.
 */
export function registerTraceRoutes(app: FastifyInstance, engine: Engine): void {
  app.get<{ Params: { id: string } }>('/traces/:id', async (request) =>
    buildTrace(engine.store, request.params.id),
  );
}
