import type { CompiledWorkflow } from './compiled-workflow.js';
import { ACTIVE, RUNNING, UNSET } from './statuses.js';
import type { TaskFlow } from './task-flow.js';
import { renderTask, type ConductorEnvironment, type RenderedTask } from './task-rendering.js';
import type { WorkflowCommand } from './workflow-commands.js';
import { readyTasks, type StagedTask, type WorkflowState } from './workflow-state.js';

/**
 * Runs what is ready: tasks without action and with items over an empty list complete at once
 * (which may make more tasks ready); the others are marked running and their actions requested.
 */
export function dispatchTasks(
  workflow: CompiledWorkflow,
  state: WorkflowState,
  env: ConductorEnvironment,
  flow: TaskFlow,
  commands: WorkflowCommand[],
): void {
  for (;;) {
    const tasks = nextTasks(workflow, state, env, flow);
    let completedAtOnce = false;
    for (const task of tasks) {
      if (task.actionless || task.itemsCount === 0) {
        flow.update(task.id, task.route, { status: 'running' });
        flow.update(task.id, task.route, {
          status: 'succeeded',
          result: task.actionless ? null : { items: [] },
        });
        completedAtOnce = true;
        continue;
      }
      for (const action of task.actions) {
        flow.update(task.id, task.route, {
          status: 'running',
          ...(action.item === undefined ? {} : { item: action.item }),
        });
        commands.push(requestCommand(state, env, task, action));
      }
    }
    if (!completedAtOnce) return;
  }
}

function requestCommand(
  state: WorkflowState,
  env: ConductorEnvironment,
  task: RenderedTask,
  action: RenderedTask['actions'][number],
): WorkflowCommand {
  state.requests += 1;
  const delayed =
    task.delay !== undefined &&
    task.delay > 0 &&
    (task.concurrency === undefined || action.item === undefined || action.item < task.concurrency);
  return {
    kind: 'request_action',
    id: String(state.requests),
    task: task.id,
    route: task.route,
    ...(action.item === undefined ? {} : { item: action.item }),
    action: action.action,
    input: action.input,
    ...(delayed
      ? { delay: task.delay, runAt: new Date(Date.parse(env.now) + task.delay! * 1000).toISOString() }
      : {}),
  };
}

/** orquesta's get_next_tasks: ready staged tasks rendered; a failed workflow runs only its remediation. */
function nextTasks(
  workflow: CompiledWorkflow,
  state: WorkflowState,
  env: ConductorEnvironment,
  flow: TaskFlow,
): RenderedTask[] {
  const ready = readyTasks(state);
  const remediation = state.status === 'failed' ? ready.filter((staged) => staged.runOnFail) : [];
  if (!RUNNING.has(state.status) && remediation.length === 0) return [];
  const tasks: RenderedTask[] = [];
  let failed = false;
  for (const staged of remediation.length > 0 ? remediation : ready) {
    try {
      const task = withinConcurrency(renderTask(workflow.spec, state, staged, env), staged);
      if (staged.retry) task.delay = staged.retry.delay ?? 0;
      if (task.actionless || task.actions.length > 0 || task.itemsCount === 0) tasks.push(task);
    } catch (error) {
      failed = true;
      flow.logError(error, { task: staged.id, route: staged.route });
    }
  }
  if (failed) {
    flow.fail();
    return [];
  }
  return tasks.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.route - b.route));
}

/** With items: only items not yet run, as many as the concurrency leaves room for. */
function withinConcurrency(task: RenderedTask, staged: StagedTask): RenderedTask {
  if (task.itemsCount === undefined) return task;
  if (!staged.items || staged.items.length === 0) {
    staged.items = Array.from({ length: task.itemsCount }, () => ({ status: UNSET }));
  }
  const items = staged.items;
  const notRun = task.actions.filter((action) => items[action.item!]?.status === UNSET);
  const active = items.filter((item) => ACTIVE.has(item.status)).length;
  if (task.concurrency === undefined) return { ...task, actions: notRun };
  const room = Math.max(1, task.concurrency) - active;
  return { ...task, actions: room > 0 ? notRun.slice(0, room) : [] };
}
