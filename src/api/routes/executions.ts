import type { FastifyInstance } from 'fastify';

import { FINAL_STATUSES, type Execution, type ExecutionStatus } from '../../domain/execution.js';
import type { Engine } from '../../engine/engine.js';
import type { ExecutionRequest } from '../../pipeline/execution-request.js';
import { ConflictError, ValidationError } from '../../common/errors.js';
import type { QueryString } from '../query-params.js';
import { listParam, pageParams, stringParam } from '../query-params.js';
import { serializeExecution } from '../serialize/serialize-execution.js';
import { isRecord } from '../../common/guards.js';
import { notFound } from '../not-found.js';

const STATUSES: readonly ExecutionStatus[] = [
  'requested',
  'scheduled',
  'delayed',
  'running',
  'pending',
  'pausing',
  'paused',
  'resuming',
  'canceling',
  'succeeded',
  'failed',
  'timeout',
  'canceled',
  'abandoned',
];

export function registerExecutionRoutes(app: FastifyInstance, engine: Engine): void {
  app.get<{ Querystring: QueryString }>('/executions', async (request) => {
    const query = request.query;
    const status = listParam(query, 'status');
    for (const item of status ?? []) {
      if (!STATUSES.includes(item as ExecutionStatus)) {
        throw new ValidationError(`api: status must be among ${STATUSES.join(', ')}; got "${item}"`, {
          code: 'E_API_QUERY',
        });
      }
    }
    const filters = {
      action: stringParam(query, 'action'),
      rule: stringParam(query, 'rule'),
      trigger_instance: stringParam(query, 'trigger_instance'),
      parent: stringParam(query, 'parent'),
      trace_id: stringParam(query, 'trace_id'),
    };
    const executions = await engine.store.listExecutions({
      ...pageParams(query),
      ...Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined)),
      ...(status ? { status: status as ExecutionStatus[] } : {}),
    });
    return executions.map(serializeExecution);
  });

  app.get<{ Params: { id: string } }>('/executions/:id', async (request) => {
    return serializeExecution(await findExecution(engine, request.params.id));
  });

  app.post<{ Body: unknown }>('/executions', async (request, reply) => {
    const execution = await engine.run(executionRequest(request.body));
    return reply.status(201).send(serializeExecution(execution));
  });

  // st2's PUT /executions/<id> {status}: pausing|paused, resuming, canceling|canceled.
  app.put<{ Params: { id: string }; Body: unknown }>('/executions/:id', async (request) => {
    const command = controlOf(request.body);
    const execution = await findExecution(engine, request.params.id);
    if (FINAL_STATUSES.has(execution.status)) {
      throw new ValidationError(
        `api: execution ${execution.id} is already in completed state (${execution.status})`,
        {
          code: 'E_EXECUTION_ENDED',
        },
      );
    }
    const applied =
      command === 'cancel'
        ? await engine.cancelExecution(execution.id)
        : await engine.controlWorkflow(execution.id, command);
    if (!applied) {
      throw new ValidationError(
        `api: execution ${execution.id} (${execution.action}) is not a workflow; only workflows can be paused and resumed`,
        { code: 'E_NOT_A_WORKFLOW' },
      );
    }
    return serializeExecution(await findExecution(engine, execution.id));
  });

  app.delete<{ Params: { id: string } }>('/executions/:id', async (request) => {
    const execution = await findExecution(engine, request.params.id);
    if (FINAL_STATUSES.has(execution.status) || !(await engine.cancelExecution(execution.id))) {
      const current = await findExecution(engine, execution.id);
      throw new ConflictError(
        `execution ${execution.id} has already ended (${current.status}); nothing to cancel`,
        {
          code: 'E_EXECUTION_ENDED',
        },
      );
    }
    return serializeExecution(await findExecution(engine, execution.id));
  });
}

const CONTROLS: Record<string, 'pause' | 'resume' | 'cancel'> = {
  pausing: 'pause',
  paused: 'pause',
  resuming: 'resume',
  canceling: 'cancel',
  canceled: 'cancel',
};

function controlOf(body: unknown): 'pause' | 'resume' | 'cancel' {
  const status = isRecord(body) ? body['status'] : undefined;
  const command = typeof status === 'string' ? CONTROLS[status] : undefined;
  if (!command) {
    throw new ValidationError(
      'api: PUT /executions/<id> needs {"status": "pausing"|"paused"|"resuming"|"canceling"|"canceled"}',
      { code: 'E_API_BODY' },
    );
  }
  return command;
}

async function findExecution(engine: Engine, id: string): Promise<Execution> {
  const execution = await engine.store.getExecution(id);
  if (!execution) throw notFound(`execution ${id} does not exist`, 'executions', 'E_UNKNOWN_EXECUTION');
  return execution;
}

/** `{action, parameters?, context?, trace_tag?}` as st2's POST /executions takes it. */
function executionRequest(body: unknown): ExecutionRequest {
  const fail = (message: string): never => {
    throw new ValidationError(`api: POST /executions ${message}`, { code: 'E_API_BODY' });
  };
  if (!isRecord(body))
    return fail('needs a JSON object body like {"action": "core.local", "parameters": {...}}');
  const { action, parameters, context, trace_tag: traceTag } = body;
  if (typeof action !== 'string' || action === '') return fail('needs "action", the action ref (pack.name)');
  if (parameters !== undefined && !isRecord(parameters)) return fail('"parameters" must be an object');
  if (context !== undefined && !isRecord(context)) return fail('"context" must be an object');
  if (traceTag !== undefined && typeof traceTag !== 'string') return fail('"trace_tag" must be a string');
  return {
    action,
    parameters: parameters ?? {},
    context: { source: 'api', ...(context ?? {}) },
    ...(traceTag === undefined ? {} : { trace_id: traceTag }),
  };
}
