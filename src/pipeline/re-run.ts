import { NotFoundError, ValidationError } from '../common/errors.js';
import type { Execution } from '../domain/execution.js';
import type { ActionDefinition } from '../snapshot/model/action-definition.js';
import type { ContentSnapshot } from '../snapshot/model/content-snapshot.js';
import type { RecordStore } from '../store/record-store.js';
import type { ExecutionRequest } from './execution-request.js';
import type { ExecutionService } from './execution-service.js';

/** st2's re-run specification (`POST /executions/<id>/re_run`). */
export interface ReRunSpec {
  /** Merged over the original's parameters (unless `no_merge`). */
  parameters?: Record<string, unknown>;
  /** Workflow tasks to re-run from (st2: workflows only). */
  tasks?: string[];
  /** Of `tasks`, those whose state is reset. */
  reset?: string[];
  /** Milliseconds to wait before the new execution is scheduled. */
  delay?: number;
  /** Who asks. */
  user?: string;
  /** The original's parameters are not reused: only `parameters`. */
  no_merge?: boolean;
  /** Where the request came from (`api`, `cli`). @default 'api' */
  source?: string;
}

const E_RERUN = 'E_RERUN_SPEC';

/**
 * The request of a re-run, as st2 builds it: the original's action, its parameters (secret ones
 * with their real values) with the given ones merged over them, the same trace, and
 * `context['re-run'].ref` naming the original. Values are taken literally: they were rendered when
 * the original ran. Immutable parameters are left for the action to supply again.
 */
export function reRunRequest(
  original: Execution,
  originalParameters: Record<string, unknown>,
  action: ActionDefinition | undefined,
  spec: ReRunSpec,
): ExecutionRequest {
  const tasks = spec.tasks ?? [];
  const reset = spec.reset ?? [];
  const given = spec.parameters ?? {};
  if ((tasks.length > 0 || reset.length > 0) && Object.keys(given).length > 0) {
    throw new ValidationError(
      `re-run of ${original.id}: parameters override is not supported when re-running task(s) for a workflow`,
      { code: E_RERUN },
    );
  }
  const notRerun = reset.filter((task) => !tasks.includes(task));
  if (notRerun.length > 0) {
    throw new ValidationError(
      `re-run of ${original.id}: tasks to reset (${notRerun.join(', ')}) must be among the tasks to re-run`,
      { code: E_RERUN },
    );
  }
  if (tasks.length > 0) {
    throw new ValidationError(
      `re-run of ${original.id}: re-running chosen tasks of a workflow is not supported by Squall yet; re-run the whole execution (leave out "tasks")`,
      { code: 'E_RERUN_TASKS' },
    );
  }
  if (spec.delay !== undefined && spec.delay > 0) {
    throw new ValidationError(
      `re-run of ${original.id}: "delay" is not supported by Squall yet; leave it out to re-run now`,
      { code: 'E_RERUN_DELAY' },
    );
  }
  const immutable = new Set(
    Object.entries(action?.parameters ?? {})
      .filter(([, parameter]) => parameter.immutable === true)
      .map(([name]) => name),
  );
  const reused = spec.no_merge
    ? {}
    : Object.fromEntries(Object.entries(originalParameters).filter(([name]) => !immutable.has(name)));
  return {
    action: original.action,
    parameters: { ...reused, ...given },
    context: {
      source: spec.source ?? 'api',
      ...(spec.user ? { user: spec.user } : {}),
      're-run': {
        ref: original.id,
        ...(tasks.length > 0 ? { tasks } : {}),
        ...(reset.length > 0 ? { reset } : {}),
      },
    },
    trace_id: original.trace_id,
    renderTemplates: false,
  };
}

export interface ReRunDeps {
  store: Pick<RecordStore, 'getExecution'>;
  executions: Pick<ExecutionService, 'request' | 'revealParameters'>;
  snapshot: () => ContentSnapshot;
}

/** Requests the re-run of a stored execution (see reRunRequest); the new execution is `requested`. */
export async function reRunExecution(deps: ReRunDeps, id: string, spec: ReRunSpec): Promise<Execution> {
  const original = await deps.store.getExecution(id);
  if (!original) {
    throw new NotFoundError(`execution ${id} does not exist; see \`squall execution list\``, {
      code: 'E_UNKNOWN_EXECUTION',
    });
  }
  const parameters = deps.executions.revealParameters(original);
  const action = deps.snapshot().actions.get(original.action);
  return deps.executions.request(reRunRequest(original, parameters, action, spec));
}
