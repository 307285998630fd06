import type { FastifyInstance } from 'fastify';

import type { EngineHealth } from '../../engine/engine-health.js';
import type { Engine } from '../../engine/engine.js';

export interface HealthView {
  /** `down` (HTTP 503) when the store, the queue or a pack sensor is down; see `components`. */
  status: EngineHealth['status'];
  content_version: number;
  uptime_seconds: number;
  components: EngineHealth['components'];
}

/** Answers without an API key so load balancers can probe it; says nothing secret. */
export function registerHealthRoutes(app: FastifyInstance, engine: Engine): void {
  const startedAt = Date.now();
  app.get('/health', { config: { squallPublic: true } }, async (_request, reply): Promise<HealthView> => {
    const health = await engine.health();
    if (health.status !== 'ok') reply.code(503);
    return {
      status: health.status,
      content_version: health.components.content.version,
      uptime_seconds: Math.round((Date.now() - startedAt) / 1000),
      components: health.components,
    };
  });
}
