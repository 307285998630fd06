import type { FastifyInstance } from 'fastify';

import { deployStatus } from '../../deploy/deploy-status.js';
import type { DeploymentStatus } from '../../domain/deployment.js';
import type { Engine } from '../../engine/engine.js';
import { ValidationError, type NotFoundError } from '../../common/errors.js';
import type { QueryString } from '../query-params.js';
import { listParam, pageParams, stringParam } from '../query-params.js';
import { objectBody } from '../request-body.js';
import { serializeExecution } from '../serialize/serialize-execution.js';
import { notFound } from '../not-found.js';

const STATUSES: readonly DeploymentStatus[] = [
  'pending',
  'queued',
  'running',
  'succeeded',
  'failed',
  'skipped',
  'expired',
];

/**
 * Deployments (packs.deploy): history, what each pack serves with its lock and rollback time, and
 * deploying or confirming, which run packs.deploy as an execution (201 with it).
 */
export function registerDeploymentRoutes(app: FastifyInstance, engine: Engine): void {
  app.get<{ Querystring: QueryString }>('/deployments', async (request) => {
    const query = request.query;
    const status = listParam(query, 'status');
    for (const item of status ?? []) {
      if (!STATUSES.includes(item as DeploymentStatus)) {
        throw new ValidationError(`api: status must be among ${STATUSES.join(', ')}; got "${item}"`, {
          code: 'E_API_QUERY',
        });
      }
    }
    const pack = stringParam(query, 'pack');
    const repo = stringParam(query, 'repo_name');
    return engine.store.listDeployments({
      ...pageParams(query),
      ...(pack ? { pack } : {}),
      ...(repo ? { repo_name: repo } : {}),
      ...(status ? { status: status as DeploymentStatus[] } : {}),
    });
  });

  app.get('/deployments/status', async () => deployStatus(engine.store));

  app.get<{ Params: { id: string } }>('/deployments/:id', async (request) => {
    const deployment = await engine.store.getDeployment(request.params.id);
    if (!deployment) throw unknownDeployment(request.params.id);
    return deployment;
  });

  /** `{repo_name, packs?, branch?, force?, user?}` → the packs.deploy execution. */
  app.post<{ Body: unknown }>('/deployments', async (request, reply) => {
    const body = objectBody(
      request.body,
      'POST /deployments',
      '{"repo_name": "my-packs", "branch": "feature/x"}',
    );
    const parameters: Record<string, unknown> = {};
    for (const name of ['repo_name', 'packs', 'branch', 'force'] as const) {
      if (body[name] !== undefined) parameters[name] = body[name];
    }
    if (typeof parameters['repo_name'] !== 'string' || parameters['repo_name'] === '') {
      throw new ValidationError(
        'api: POST /deployments needs "repo_name", a repository of configs/packs.yaml',
        {
          code: 'E_API_BODY',
        },
      );
    }
    const execution = await engine.run({
      action: 'packs.deploy',
      parameters,
      context: { source: 'api', ...userOf(body) },
      renderTemplates: false,
    });
    return reply.status(201).send(serializeExecution(execution));
  });

  /** `{user?}` → the packs.deploy execution that carries out the pending deployment. */
  app.post<{ Params: { id: string }; Body: unknown }>('/deployments/:id/confirm', async (request, reply) => {
    const deployment = await engine.store.getDeployment(request.params.id);
    if (!deployment) throw unknownDeployment(request.params.id);
    const body =
      request.body === undefined || request.body === null
        ? {}
        : objectBody(request.body, 'POST /deployments/<id>/confirm', '{"user": "alice"}');
    const execution = await engine.run({
      action: 'packs.deploy',
      parameters: { repo_name: deployment.repo_name, confirm: deployment.id },
      context: { source: 'api', ...userOf(body) },
      renderTemplates: false,
    });
    return reply.status(201).send(serializeExecution(execution));
  });
}

function userOf(body: Record<string, unknown>): { user?: string } {
  return typeof body['user'] === 'string' && body['user'] !== '' ? { user: body['user'] } : {};
}

function unknownDeployment(id: string): NotFoundError {
  return notFound(`deployment ${id} does not exist`, 'deployments', 'E_UNKNOWN_DEPLOYMENT');
}
