import type { FastifyInstance } from 'fastify';

import type { Engine } from '../../engine/engine.js';
import type { PolicyDefinition } from '../../policies/policy-definition.js';
import { stringParam, type QueryString } from '../query-params.js';
import { notFound } from '../not-found.js';

/** A policy in st2's API shape (PolicyAPI), plus the file it came from. */
export interface PolicyView {
  ref: string;
  name: string;
  pack: string;
  description: string;
  enabled: boolean;
  resource_ref: string;
  policy_type: string;
  parameters: Record<string, unknown>;
  file: string;
}

const view = (policy: PolicyDefinition): PolicyView => ({
  ref: policy.ref,
  name: policy.name,
  pack: policy.pack,
  description: policy.description,
  enabled: policy.enabled,
  resource_ref: policy.resource_ref,
  policy_type: policy.policy_type,
  parameters: policy.parameters,
  file: policy.source.file,
});

/** `GET /policies` (filters `pack`, `resource_ref`, `policy_type`) and `GET /policies/<ref>`, as st2. */
export function registerPolicyRoutes(app: FastifyInstance, engine: Engine): void {
  app.get<{ Querystring: QueryString }>('/policies', async (request) => {
    const filters = {
      pack: stringParam(request.query, 'pack'),
      resource_ref: stringParam(request.query, 'resource_ref'),
      policy_type: stringParam(request.query, 'policy_type'),
    };
    await Promise.resolve();
    return [...engine.snapshot().policies.values()]
      .filter((policy) =>
        Object.entries(filters).every(
          ([key, value]) => value === undefined || policy[key as keyof typeof filters] === value,
        ),
      )
      .sort((a, b) => a.ref.localeCompare(b.ref))
      .map(view);
  });

  app.get<{ Params: { ref: string } }>('/policies/:ref', async (request) => {
    await Promise.resolve();
    const policy = engine.snapshot().policies.get(request.params.ref);
    if (!policy)
      throw notFound(`policy ${request.params.ref} does not exist`, 'policies', 'E_UNKNOWN_POLICY');
    return view(policy);
  });
}
