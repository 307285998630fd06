import type { KeyValueLookup } from '../../snapshot/model/rule-definition.js';
import { evaluateValue } from '../expressions/evaluate-value.js';
import type { CurrentTask, ExpressionScope } from '../expressions/expression-scope.js';
import type { WorkflowSpec } from '../orquesta/workflow-spec.js';
import { ACTIVE, UNSET } from './statuses.js';
import { taskRecordsOf } from './task-records.js';
import { mergeContexts, type StagedTask, type WorkflowState } from './workflow-state.js';

/** What the conductor reads from outside; nothing here does I/O. */
export interface ConductorEnvironment {
  /** The time of the event, ISO 8601 (task timestamps, due times of delayed tasks). */
  now: string;
  kv?: KeyValueLookup;
  /** Whose datastore scope `st2kv('key')` reads. */
  user?: string;
  decrypt?: (ciphertext: string) => string;
  workflowExecutionId?: string;
}

/** A named error as Python would name it (`TypeError: …` in a workflow error entry). */
export class ConductorTypeError extends Error {
  readonly pythonName = 'TypeError';
}

export function expressionScope(
  state: WorkflowState,
  vars: Record<string, unknown>,
  env: ConductorEnvironment,
  current?: CurrentTask,
  item?: { value: unknown },
): ExpressionScope {
  return {
    vars,
    ...(current ? { currentTask: current } : {}),
    ...(item ? { item: item.value, hasItem: true } : {}),
    tasks: taskRecordsOf(state, env.workflowExecutionId ?? null),
    ...(env.kv ? { kv: env.kv } : {}),
    ...(env.user !== undefined ? { user: env.user } : {}),
    ...(env.decrypt ? { decrypt: env.decrypt } : {}),
  };
}

export interface ActionRequest {
  action: string;
  input: Record<string, unknown>;
  /** With items: the item's position. */
  item?: number;
}

/** A staged task rendered for running: its action requests, delay and items. */
export interface RenderedTask {
  id: string;
  route: number;
  /** No action: the task succeeds at once. */
  actionless: boolean;
  actions: ActionRequest[];
  delay?: number;
  /** With items: how many items, and how many may run at once. */
  itemsCount?: number;
  concurrency?: number;
}

/** Renders a staged task (action, input, items, delay) in its starting context. Throws on errors. */
export function renderTask(
  spec: WorkflowSpec,
  state: WorkflowState,
  staged: StagedTask,
  env: ConductorEnvironment,
): RenderedTask {
  const task = spec.tasks[staged.id];
  const vars = mergeContexts(state, staged.ctxs);
  const current = { id: staged.id, route: staged.route };
  const scope = expressionScope(state, vars, env, current);
  const rendered: RenderedTask = {
    id: staged.id,
    route: staged.route,
    actionless: !task?.action,
    actions: [],
  };
  if (!task || task.action === undefined) return rendered;
  const renderAction = (itemScope: ExpressionScope, item?: number): ActionRequest => ({
    action: String(evaluateValue(task.action, itemScope)),
    input: asInput(evaluateValue(task.input, itemScope)),
    ...(item === undefined ? {} : { item }),
  });
  if (!task.with) {
    rendered.actions.push(renderAction(scope));
  } else {
    const items = evaluateValue(task.with.items, scope);
    if (!Array.isArray(items))
      throw new ConductorTypeError(`The value of "${task.with.items}" is not type of list.`);
    const names = task.with.names;
    rendered.itemsCount = items.length;
    const concurrency = evaluateValue(task.with.concurrency ?? null, scope);
    if (typeof concurrency === 'number') rendered.concurrency = concurrency;
    // Only the items that can start now are rendered: a 100-item task costs one item per event, not 100.
    const statuses = staged.items;
    let room = Number.POSITIVE_INFINITY;
    if (statuses && typeof concurrency === 'number') {
      room = Math.max(1, concurrency) - statuses.filter((entry) => ACTIVE.has(entry.status)).length;
    }
    for (let index = 0; index < items.length && room > 0; index++) {
      if (statuses && statuses.length > 0 && statuses[index]?.status !== UNSET) continue;
      const item = namedItem(items[index], names);
      rendered.actions.push(renderAction(expressionScope(state, vars, env, current, { value: item }), index));
      room -= 1;
    }
  }
  if (task.delay !== undefined) {
    const delay = evaluateValue(task.delay, scope);
    if (!Number.isInteger(delay))
      throw new ConductorTypeError('The value of task delay is not type of integer.');
    rendered.delay = delay as number;
  }
  return rendered;
}

/** `x, y in <% … %>`: a list item becomes {x, y}; a single name wraps the item. */
function namedItem(value: unknown, names: string[] | undefined): unknown {
  if (!names) return value;
  if (Array.isArray(value)) return Object.fromEntries(names.map((name, i) => [name, value[i] ?? null]));
  return names.length === 1 ? { [names[0]!]: value } : value;
}

function asInput(value: unknown): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value))
    return value as Record<string, unknown>;
  throw new ConductorTypeError('The action input is not type of dict.');
}
