import type { FastifyInstance } from 'fastify';

import { ValidationError } from '../../common/errors.js';
import { isRecord } from '../../common/guards.js';
import type { OutputType } from '../../domain/execution-output.js';
import type { Engine } from '../../engine/engine.js';
import type { ReRunSpec } from '../../pipeline/re-run.js';
import { notFound } from '../not-found.js';
import { stringParam, type QueryString } from '../query-params.js';
import { serializeExecution } from '../serialize/serialize-execution.js';

const OUTPUT_TYPES = ['all', 'stdout', 'stderr'] as const;
const OUTPUT_FORMATS = ['raw', 'json'] as const;

/**
 * st2's nested execution resources: `GET /executions/<id>/output` (what the action printed so far,
 * as text/plain; `output_format=json` gives the chunks with their ids and times) and
 * `POST /executions/<id>/re_run`.
 */
export function registerExecutionControlRoutes(app: FastifyInstance, engine: Engine): void {
  app.get<{ Params: { id: string }; Querystring: QueryString }>(
    '/executions/:id/output',
    async (request, reply) => {
      const outputType = oneOf(request.query, 'output_type', OUTPUT_TYPES, 'all');
      const format = oneOf(request.query, 'output_format', OUTPUT_FORMATS, 'raw');
      const id = await executionId(engine, request.params.id);
      const chunks = await engine.store.listExecutionOutput(
        id,
        outputType === 'all' ? undefined : (outputType as OutputType),
      );
      if (format === 'json') return chunks;
      // Chunks are stored masked; a secret learnt since is masked here too (text skips the JSON hook).
      const text = engine.secrets.mask(chunks.map((chunk) => chunk.data).join(''));
      return reply.type('text/plain; charset=utf-8').send(text);
    },
  );

  app.post<{ Params: { id: string }; Body: unknown }>('/executions/:id/re_run', async (request, reply) => {
    const spec = reRunSpec(request.body);
    const execution = await engine.reRun(request.params.id, spec);
    return reply.status(201).send(serializeExecution(execution));
  });
}

/** st2's special id `last` is the newest execution. */
async function executionId(engine: Engine, id: string): Promise<string> {
  if (id === 'last') {
    const [newest] = await engine.store.listExecutions({ limit: 1 });
    if (!newest) throw notFound('no executions found', undefined, 'E_UNKNOWN_EXECUTION');
    return newest.id;
  }
  if (!(await engine.store.getExecution(id))) {
    throw notFound(`execution ${id} does not exist`, 'executions', 'E_UNKNOWN_EXECUTION');
  }
  return id;
}

function oneOf(query: QueryString, name: string, allowed: readonly string[], fallback: string): string {
  const value = stringParam(query, name) ?? fallback;
  if (!allowed.includes(value)) {
    throw new ValidationError(`api: ${name} must be one of ${allowed.join(', ')}; got "${value}"`, {
      code: 'E_API_QUERY',
    });
  }
  return value;
}

/** `{parameters?, tasks?, reset?, delay?, user?, no_merge?}`; an empty or missing body re-runs as it was. */
function reRunSpec(body: unknown): ReRunSpec {
  const fail = (message: string): never => {
    throw new ValidationError(`api: POST /executions/<id>/re_run ${message}`, { code: 'E_API_BODY' });
  };
  if (body === undefined || body === null || body === '') return {};
  if (!isRecord(body)) return fail('needs a JSON object body like {"parameters": {"cmd": "date"}}');
  const { parameters, tasks, reset, delay, user, no_merge: noMerge } = body;
  if (parameters !== undefined && !isRecord(parameters)) fail('"parameters" must be an object');
  for (const [name, list] of [
    ['tasks', tasks],
    ['reset', reset],
  ] as const) {
    if (list !== undefined && (!Array.isArray(list) || !list.every((item) => typeof item === 'string')))
      fail(`"${name}" must be a list of task names`);
  }
  if (delay !== undefined && (typeof delay !== 'number' || !Number.isInteger(delay) || delay < 0))
    fail('"delay" must be a whole number of milliseconds');
  if (user !== undefined && typeof user !== 'string') fail('"user" must be text');
  if (noMerge !== undefined && typeof noMerge !== 'boolean') fail('"no_merge" must be true or false');
  const source = isRecord(body['context']) ? body['context']['source'] : undefined;
  return {
    ...(isRecord(parameters) ? { parameters } : {}),
    ...(Array.isArray(tasks) ? { tasks: tasks as string[] } : {}),
    ...(Array.isArray(reset) ? { reset: reset as string[] } : {}),
    ...(typeof delay === 'number' ? { delay } : {}),
    ...(typeof user === 'string' ? { user } : {}),
    ...(noMerge === true ? { no_merge: true } : {}),
    ...(typeof source === 'string' ? { source } : {}),
  };
}
