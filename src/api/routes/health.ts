import type { FastifyInstance } from 'fastify';

import type { Engine } from '../../engine/engine.js';

export interface HealthView {
  status: 'ok';
  content_version: number;
  uptime_seconds: number;
}

/** Answers without an API key so load balancers can probe it; says nothing secret. */
export function registerHealthRoutes(app: FastifyInstance, engine: Engine): void {
  const startedAt = Date.now();
  app.get('/health', { config: { squallPublic: true } }, async (): Promise<HealthView> => ({
    status: 'ok',
    content_version: engine.snapshot().version,
    uptime_seconds: Math.round((Date.now() - startedAt) / 1000),
  }));
}
