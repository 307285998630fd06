import { ABENDED, type Status } from './statuses.js';

/** What the workflow knows when one of its tasks changes status. */
export interface TaskEventContext {
  /** The task's new status. */
  task: Status;
  /** A failed task with a transition that was taken: the failure is handled (remediated). */
  hasNext: boolean;
  /** Some task is still active (requested … running, pausing, canceling). */
  active: boolean;
  /** Staged tasks are ready to run, or the task has next tasks. */
  incomplete: boolean;
  /** Some task is canceling or canceled / pausing, paused or pending. */
  canceled: boolean;
  paused: boolean;
}

/**
 * The workflow's status after a task event, following orquesta's state machine: a failed task
 * without a handling transition fails the workflow at once; a handled failure counts as success;
 * the workflow completes when nothing is active, staged or next; pause and cancel wait for active
 * tasks.
 */
export function workflowStatusAfterTask(workflow: Status, event: TaskEventContext): Status {
  const { active } = event;
  const task = ABENDED.has(event.task) && event.hasNext ? 'remediated' : event.task;
  if (workflow === 'canceling') {
    if (['succeeded', 'remediated', 'failed', 'canceled', 'paused', 'pending', 'retrying'].includes(task)) {
      return active ? 'canceling' : 'canceled';
    }
    return workflow;
  }
  if (workflow === 'paused') return task === 'running' || task === 'resuming' ? 'running' : workflow;
  if (!['running', 'pausing', 'resuming'].includes(workflow)) return workflow;
  if (task === 'failed') return 'failed';
  if (task === 'canceling') return 'canceling';
  if (task === 'canceled') return active ? 'canceling' : 'canceled';
  if (task === 'pending') return active ? 'pausing' : 'paused';
  if (task === 'paused') return active ? workflow : 'paused';
  if (task === 'retrying') return workflow === 'pausing' ? (active ? 'pausing' : 'paused') : workflow;
  if (task === 'running') return workflow === 'resuming' ? 'running' : workflow;
  if (task !== 'succeeded' && task !== 'remediated') return workflow;
  // A resuming workflow waits for its paused tasks to resume instead of pausing again.
  const stay = workflow === 'resuming';
  if (event.canceled) return active ? (stay ? workflow : 'canceling') : 'canceled';
  if (workflow === 'pausing' || event.paused) return active ? (stay ? workflow : 'pausing') : 'paused';
  if (event.incomplete || active) return 'running';
  return 'succeeded';
}

/** The workflow's status when someone asks to pause, resume or cancel it. */
export function workflowStatusOnRequest(
  workflow: Status,
  request: 'pause' | 'resume' | 'cancel',
  context: { active: boolean; nothingLeft: boolean },
): Status {
  const final = ['succeeded', 'failed', 'timeout', 'abandoned', 'canceled'];
  if (final.includes(workflow)) return workflow;
  if (request === 'cancel') return context.active ? 'canceling' : 'canceled';
  if (request === 'pause') {
    if (workflow === 'canceling') return workflow;
    return context.active ? 'pausing' : 'paused';
  }
  if (workflow === 'paused' || workflow === 'pausing') return context.nothingLeft ? 'succeeded' : 'running';
  return workflow;
}
