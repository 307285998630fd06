import type { FastifyInstance } from 'fastify';

import type { TriggerInstanceStatus } from '../../domain/trigger.js';
import type { Engine } from '../../engine/engine.js';
import { ValidationError } from '../../common/errors.js';
import type { QueryString } from '../query-params.js';
import { pageParams, stringParam } from '../query-params.js';
import { serializeTriggerInstance } from '../serialize/serialize-trigger-instance.js';
import { notFound } from '../not-found.js';

const STATUSES: readonly TriggerInstanceStatus[] = ['pending', 'processed', 'processing_failed', 'invalid'];

export function registerTriggerInstanceRoutes(app: FastifyInstance, engine: Engine): void {
  app.get<{ Querystring: QueryString }>('/triggerinstances', async (request) => {
    const trigger = stringParam(request.query, 'trigger');
    const status = stringParam(request.query, 'status');
    const traceId = stringParam(request.query, 'trace_id');
    if (status !== undefined && !STATUSES.includes(status as TriggerInstanceStatus)) {
      throw new ValidationError(`api: status must be one of ${STATUSES.join(', ')}; got "${status}"`, {
        code: 'E_API_QUERY',
      });
    }
    const instances = await engine.store.listTriggerInstances({
      ...pageParams(request.query),
      ...(trigger === undefined ? {} : { trigger }),
      ...(status === undefined ? {} : { status: status as TriggerInstanceStatus }),
      ...(traceId === undefined ? {} : { trace_id: traceId }),
    });
    return instances.map(serializeTriggerInstance);
  });

  app.get<{ Params: { id: string } }>('/triggerinstances/:id', async (request) => {
    const instance = await engine.store.getTriggerInstance(request.params.id);
    if (!instance) {
      throw notFound(
        `trigger instance ${request.params.id} does not exist`,
        undefined,
        'E_UNKNOWN_TRIGGER_INSTANCE',
      );
    }
    return serializeTriggerInstance(instance);
  });
}
