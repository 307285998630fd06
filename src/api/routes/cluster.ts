import type { FastifyInstance } from 'fastify';

import type { Engine } from '../../engine/engine.js';

/** `GET /api/v1/cluster`: nodes, their roles and heartbeats, queue depths and lag, leases. */
export function registerClusterRoutes(app: FastifyInstance, engine: Engine): void {
  app.get('/cluster', () => engine.clusterStatus());
}
