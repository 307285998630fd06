import type { FastifyInstance } from 'fastify';

import { ValidationError } from '../../common/errors.js';
import type { EnforcementStatus } from '../../domain/enforcement.js';
import type { Engine } from '../../engine/engine.js';
import type { EnforcementQuery } from '../../store/record-store.js';
import { notFound } from '../not-found.js';
import { choiceParam, pageParams, stringParam, timeParam, type QueryString } from '../query-params.js';
import { ruleRefFromUid, serializeEnforcement } from '../serialize/serialize-enforcement.js';

const STATUSES: readonly EnforcementStatus[] = ['succeeded', 'failed'];

/** st2's `/ruleenforcements`: which rule matched which trigger instance, and what it dispatched or why not. */
export function registerRuleEnforcementRoutes(app: FastifyInstance, engine: Engine): void {
  app.get<{ Querystring: QueryString }>('/ruleenforcements', async (request) => {
    const enforcements = await engine.store.listEnforcements(enforcementQuery(request.query));
    return enforcements.map(serializeEnforcement);
  });

  app.get<{ Params: { id: string } }>('/ruleenforcements/:id', async (request) => {
    const enforcement = await engine.store.getEnforcement(request.params.id);
    if (!enforcement) {
      throw notFound(
        `rule enforcement ${request.params.id} does not exist`,
        'ruleenforcements',
        'E_UNKNOWN_ENFORCEMENT',
      );
    }
    return serializeEnforcement(enforcement);
  });
}

/** st2's filter names: rule_ref (or rule_id, the rule's uid), trigger_instance, execution, enforced_at_gt/_lt. */
function enforcementQuery(query: QueryString): EnforcementQuery {
  const filters: EnforcementQuery = {
    rule: ruleFilter(query),
    trigger_instance: stringParam(query, 'trigger_instance'),
    execution: stringParam(query, 'execution'),
    status: choiceParam(query, 'status', STATUSES),
    trace_id: stringParam(query, 'trace_id'),
    enforced_at_gt: timeParam(query, 'enforced_at_gt'),
    enforced_at_lt: timeParam(query, 'enforced_at_lt'),
  };
  return {
    ...pageParams(query),
    ...Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined)),
  };
}

function ruleFilter(query: QueryString): string | undefined {
  const ref = stringParam(query, 'rule_ref') ?? stringParam(query, 'rule');
  const id = stringParam(query, 'rule_id');
  if (id === undefined) return ref;
  const fromUid = ruleRefFromUid(id);
  if (fromUid === undefined) {
    throw new ValidationError(`api: rule_id must be a rule uid like rule:<pack>:<name>; got "${id}"`, {
      code: 'E_API_QUERY',
    });
  }
  if (ref !== undefined && ref !== fromUid) {
    throw new ValidationError(`api: rule_ref "${ref}" and rule_id "${id}" name different rules`, {
      code: 'E_API_QUERY',
    });
  }
  return fromUid;
}
