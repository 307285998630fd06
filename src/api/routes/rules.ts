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
    const snapshot = engine.snapshot();
    return [...snapshot.rules.values()]
      .filter((rule) => pack === undefined || rule.spec.pack === pack)
      .filter((rule) => trigger === undefined || rule.spec.trigger.type === trigger)
      .filter((rule) => enabled === undefined || rule.spec.enabled === enabled)
      .sort((a, b) => a.ref.localeCompare(b.ref))
      .map((rule) => serializeRule(rule, snapshot));
  });

  app.get<{ Params: { ref: string } }>('/rules/:ref', async (request) => {
    const snapshot = engine.snapshot();
    const { ref } = request.params;
    const rule = snapshot.rules.get(ref);
    if (!rule) {
      // A rule whose file is refused (with no earlier version to serve) says why.
      const refused = snapshot.issues.find(
        (issue) =>
          issue.kind === 'rule' && issue.severity === 'error' && issue.message.includes(`rule ${ref}:`),
      );
      const why = refused ? `: its file does not load: ${refused.message}` : '';
      throw notFound(`rule "${ref}" is not loaded${why}`, 'rules', 'E_UNKNOWN_RULE');
    }
    return serializeRule(rule, snapshot);
  });
}
