import type { FastifyInstance } from 'fastify';

import type { Engine } from '../../engine/engine.js';
import type { QueryString } from '../query-params.js';
import { booleanParam, stringParam } from '../query-params.js';
import { serializeRule } from '../serialize/serialize-rule.js';
import { notFound } from '../not-found.js';

export function registerRuleRoutes(app: FastifyInstance, engine: Engine): void {
  app.get<{ Querystring: QueryString }>('/rules', async (request) => {
    const pack = stringParam(request.query, 'pack');
    const trigger = stringParam(request.query, 'trigger');
    const enabled =
      request.query['enabled'] === undefined ? undefined : booleanParam(request.query, 'enabled');
    return [...engine.snapshot().rules.values()]
      .filter((rule) => pack === undefined || rule.spec.pack === pack)
      .filter((rule) => trigger === undefined || rule.spec.trigger.type === trigger)
      .filter((rule) => enabled === undefined || rule.spec.enabled === enabled)
      .sort((a, b) => a.ref.localeCompare(b.ref))
      .map(serializeRule);
  });

  app.get<{ Params: { ref: string } }>('/rules/:ref', async (request) => {
    const rule = engine.snapshot().rules.get(request.params.ref);
    if (!rule) throw notFound(`rule "${request.params.ref}" is not loaded`, 'rules', 'E_UNKNOWN_RULE');
    return serializeRule(rule);
  });
}
