import { evaluateValue } from '../expressions/evaluate-value.js';
import type { CompiledWorkflow } from './compiled-workflow.js';
import { dispatchTasks } from './dispatch.js';
import { renderOutput } from './render-output.js';
import { ABENDED, ACTIVE, COMPLETED, UNSET, type Status } from './statuses.js';
import { TaskFlow } from './task-flow.js';
import { expressionScope, type ConductorEnvironment } from './task-rendering.js';
import { itemsTaskOnRequest } from './task-status.js';
import type { WorkflowCommand, WorkflowEvent, WorkflowResult } from './workflow-commands.js';
import { latestRecords, readyTasks, stagedTask, type WorkflowState } from './workflow-state.js';
import { workflowStatusOnRequest } from './workflow-status.js';

export interface ConductResult {
  state: WorkflowState;
  commands: WorkflowCommand[];
}

/**
 * The Orquesta conductor as a pure function: the workflow's state and one event in, the new state
 * and the commands to carry out. No timers, no I/O; the state is plain JSON that can be stored
 * as it is. The given state is not changed.
 */
export function conduct(
  workflow: CompiledWorkflow,
  current: WorkflowState | undefined,
  event: WorkflowEvent,
  env: ConductorEnvironment,
): ConductResult {
  const state = current ? structuredClone(current) : emptyState();
  const commands: WorkflowCommand[] = [];
  const before = state.status;
  const flow = new TaskFlow(workflow.spec, workflow.graph, state, env);
  if (state.finished && event.kind !== 'action') return { state, commands };
  switch (event.kind) {
    case 'start':
      if (current) throw new Error('the workflow has already started');
      start(workflow, state, event, env, flow);
      break;
    case 'action':
      flow.update(event.task, event.route, {
        status: event.status,
        ...(event.result === undefined ? {} : { result: event.result }),
        ...(event.item === undefined ? {} : { item: event.item }),
      });
      break;
    case 'pause':
    case 'resume':
    case 'cancel':
      request(state, event.kind, flow, commands);
  }
  if (!state.finished && state.initialized) dispatchTasks(workflow, state, env, flow, commands);
  finishIfCompleted(workflow, state, env, commands, before);
  return { state, commands };
}

function emptyState(): WorkflowState {
  return {
    status: UNSET,
    input: {},
    contexts: [],
    routes: [],
    staged: [],
    sequence: [],
    latest: {},
    errors: [],
    output: null,
    finished: false,
    requests: 0,
    initialized: false,
  };
}

/** Renders input defaults and vars; an error fails the workflow before any task runs. */
function start(
  workflow: CompiledWorkflow,
  state: WorkflowState,
  event: Extract<WorkflowEvent, { kind: 'start' }>,
  env: ConductorEnvironment,
  flow: TaskFlow,
): void {
  const given = event.input ?? {};
  const context: Record<string, unknown> = { ...event.context };
  let failed = false;
  const render = (value: unknown): unknown => {
    try {
      return evaluateValue(value, expressionScope(state, context, env));
    } catch (error) {
      flow.logError(error);
      failed = true;
      return null;
    }
  };
  for (const input of workflow.spec.input) {
    // Given values are data: only the definition's defaults are evaluated.
    const value = Object.hasOwn(given, input.name) ? given[input.name] : render(input.default ?? null);
    context[input.name] = value;
    state.input[input.name] = value;
  }
  for (const variable of workflow.spec.vars) context[variable.name] = render(variable.value);
  if (failed) {
    state.status = 'failed';
    return;
  }
  state.contexts.push(context);
  state.routes.push([]);
  state.initialized = true;
  for (const root of workflow.graph.roots)
    state.staged.push({ id: root, route: 0, ctxs: [0], prev: {}, ready: true });
  state.status = 'running';
}

/** Pause, resume or cancel: the workflow waits for active tasks, cascading to their children. */
function request(
  state: WorkflowState,
  kind: 'pause' | 'resume' | 'cancel',
  flow: TaskFlow,
  commands: WorkflowCommand[],
): void {
  const records = latestRecords(state);
  const paused = records.some((record) => record.status === 'paused' || record.status === 'pending');
  const nothingLeft = !flow.activeTasks && readyTasks(state).length === 0 && !paused;
  const status = workflowStatusOnRequest(state.status, kind, { active: flow.activeTasks, nothingLeft });
  if (kind === 'resume' && status === 'running' && paused) state.status = 'resuming';
  else state.status = status;
  const action = kind === 'cancel' ? 'cancel_action' : kind === 'pause' ? 'pause_action' : 'resume_action';
  for (const record of records) {
    const wanted =
      kind === 'resume'
        ? record.status === 'paused'
        : record.status !== undefined && ACTIVE.has(record.status);
    if (!wanted) continue;
    const staged = stagedTask(state, record.id, record.route);
    if (staged?.items) {
      staged.items.forEach((item, index) => {
        if (kind === 'resume' ? item.status === 'paused' : ACTIVE.has(item.status)) {
          commands.push({ kind: action, task: record.id, route: record.route, item: index });
        }
      });
      if (kind !== 'resume') {
        const next = itemsTaskOnRequest(
          kind,
          staged.items.map((item) => item.status),
        );
        if (next) record.status = next;
      }
    } else {
      commands.push({ kind: action, task: record.id, route: record.route });
    }
  }
}

function finishIfCompleted(
  workflow: CompiledWorkflow,
  state: WorkflowState,
  env: ConductorEnvironment,
  commands: WorkflowCommand[],
  before: Status,
): void {
  if (state.finished) return;
  if (!COMPLETED.has(state.status)) {
    if (state.status !== before) commands.push({ kind: 'status', status: state.status });
    return;
  }
  if (state.initialized) renderOutput(workflow, state, env);
  state.finished = true;
  const result: WorkflowResult = { output: state.output };
  if (ABENDED.has(state.status)) result.errors = state.errors;
  commands.push({ kind: 'finish', status: state.status, result });
}
