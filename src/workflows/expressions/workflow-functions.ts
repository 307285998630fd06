import { ST2_FILTERS } from '../../templates/filters/st2-filters.js';
import { YaqlRuntimeError } from '../yaql/yaql-errors.js';
import { COLLECTION_FUNCTIONS } from '../yaql/yaql-library-collections.js';
import type { ExpressionScope, TaskExecutionView } from './expression-scope.js';

/** A workflow function: evaluated arguments, keyword arguments by name. */
export type WorkflowFunction = (args: unknown[], named: Record<string, unknown>) => unknown;

const UNSET_STATUS = 'null';
const COMPLETED = new Set(['succeeded', 'failed', 'timeout', 'abandoned', 'canceled']);

function evaluationError(message: string): YaqlRuntimeError {
  return new YaqlRuntimeError('ExpressionEvaluationException', message);
}

function currentTask(scope: ExpressionScope): NonNullable<ExpressionScope['currentTask']> {
  if (!scope.currentTask) throw evaluationError('The current task is not set in the context.');
  return scope.currentTask;
}

function visibleVars(vars: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(vars).filter(([key]) => !key.startsWith('__')));
}

function ctx(scope: ExpressionScope, [key]: unknown[]): unknown {
  if (key === undefined || key === null || key === '') return visibleVars(scope.vars);
  const name = String(key);
  if (!Object.hasOwn(scope.vars, name)) {
    throw new YaqlRuntimeError('VariableUndefinedError', `The variable "${name}" is undefined.`);
  }
  if (name.startsWith('__')) {
    throw new YaqlRuntimeError(
      'VariableInaccessibleError',
      `The variable "${name}" is for internal use and inaccessible.`,
    );
  }
  return scope.vars[name];
}

function item(scope: ExpressionScope, [key]: unknown[]): unknown {
  const value = scope.hasItem ? scope.item : null;
  if (key === undefined || key === null || key === '') return value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw evaluationError('Item is not type of collections.abc.Mapping.');
  }
  const name = String(key);
  if (!Object.hasOwn(value, name)) throw evaluationError(`Item does not have key "${name}".`);
  return (value as Record<string, unknown>)[name];
}

function taskStatus(scope: ExpressionScope, taskId: unknown, route: unknown): string {
  const current = scope.currentTask;
  const onRoute = typeof route === 'number' ? route : (current?.route ?? 0);
  return scope.tasks?.status(String(taskId), onRoute) ?? UNSET_STATUS;
}

function task(
  scope: ExpressionScope,
  [taskId]: unknown[],
  named: Record<string, unknown>,
): TaskExecutionView {
  const current = scope.currentTask;
  const id = taskId === undefined || taskId === null ? current?.id : String(taskId);
  const route = typeof named['route'] === 'number' ? named['route'] : (current?.route ?? 0);
  const found = id === undefined ? undefined : scope.tasks?.find(id, route);
  if (!found) throw evaluationError(`Unable to find task execution for "${String(id)}".`);
  return found;
}

/** `st2kv('system.key')` or `st2kv('key')` (the user's scope), as StackStorm's st2kv function. */
function st2kv(scope: ExpressionScope, [key]: unknown[], named: Record<string, unknown>): unknown {
  if (typeof key !== 'string') throw new YaqlRuntimeError('TypeError', 'Given key is not typeof string.');
  const decrypt = named['decrypt'] ?? false;
  if (typeof decrypt !== 'boolean') {
    throw new YaqlRuntimeError('TypeError', 'Decrypt parameter is not typeof bool.');
  }
  const [scopeName, name] = key.startsWith('system.')
    ? ['system', key.slice('system.'.length)]
    : ['user', key.startsWith('user.') ? key.slice('user.'.length) : key];
  const lookupScope = scopeName === 'system' ? 'system' : `user:${scope.user ?? ''}`;
  const value =
    scopeName === 'user' && scope.user === undefined ? undefined : scope.kv?.get(lookupScope, name);
  if (value === undefined) {
    if (Object.hasOwn(named, 'default')) return named['default'];
    throw evaluationError(`The key "${name}" does not exist in the StackStorm datastore.`);
  }
  if (!decrypt) return value;
  if (!scope.decrypt) throw evaluationError('The datastore cannot decrypt values here.');
  return scope.decrypt(value);
}

function json(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value;
  if (typeof value !== 'string')
    throw new YaqlRuntimeError('TypeError', 'Given object is not typeof string.');
  try {
    return JSON.parse(value) as unknown;
  } catch (error) {
    throw new YaqlRuntimeError('JSONDecodeError', (error as Error).message);
  }
}

type Filter = (this: unknown, ...args: unknown[]) => unknown;

/** StackStorm's Jinja filters, also callable as functions in workflows (with their st2 aliases). */
function dataFunctions(): Record<string, WorkflowFunction> {
  const names: Record<string, string> = {
    json_dump: 'to_json_string',
    json_parse: 'from_json_string',
    yaml_dump: 'to_yaml_string',
    yaml_parse: 'from_yaml_string',
  };
  const filterNames = Object.keys(ST2_FILTERS).filter(
    (name) => !['decrypt_kv', 'to_complex', 'tojson'].includes(name),
  );
  const functions: Record<string, WorkflowFunction> = {};
  for (const name of [...filterNames, ...Object.keys(names)]) {
    const filter = ST2_FILTERS[names[name] ?? name] as Filter;
    functions[name] = (args, named) => {
      const keywords = Object.keys(named).length > 0 ? [{ ...named, __keywords: true }] : [];
      return filter.call(undefined, ...args, ...keywords);
    };
  }
  return functions;
}

const DATA_FUNCTIONS = dataFunctions();

/** The functions every workflow expression (YAQL or Jinja) can call, bound to a scope. */
export function workflowFunctions(scope: ExpressionScope): Record<string, WorkflowFunction> {
  const status = (): string => {
    const current = currentTask(scope);
    return taskStatus(scope, current.id, current.route);
  };
  return {
    ...DATA_FUNCTIONS,
    ctx: (args) => ctx(scope, args),
    item: (args) => item(scope, args),
    result: () => currentTask(scope).result ?? null,
    succeeded: () => status() === 'succeeded',
    failed: () => status() === 'failed',
    completed: () => COMPLETED.has(status()),
    task_status: ([taskId, route]) => taskStatus(scope, taskId, route),
    task: (args, named) => task(scope, args, named),
    st2kv: (args, named) => st2kv(scope, args, named),
    json: ([value]) => json(value),
    zip: (args, named) => (COLLECTION_FUNCTIONS['zip'] as { call: WorkflowFunction }).call(args, named),
  };
}

/** The names above, for checking expressions when a workflow loads. */
export const WORKFLOW_FUNCTION_NAMES: ReadonlySet<string> = new Set(
  Object.keys(workflowFunctions({ vars: {} })),
);
