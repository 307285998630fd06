import { ABENDED, ACTIVE, COMPLETED, UNSET, type Status } from './statuses.js';

/** Statuses a task's run can still start from (a retry starts the same run again). */
const NOT_STARTED = new Set<Status>([UNSET, 'requested', 'scheduled', 'delayed', 'retrying']);

/**
 * The task's status after its action reports `action` (a task without items). A timeout or an
 * abandoned action fails the task, as in orquesta.
 */
export function taskStatusAfterAction(current: Status, action: Status): Status {
  if (COMPLETED.has(current) || current === 'canceled') return current;
  if (ABENDED.has(action)) return 'failed';
  if (action === 'succeeded' || action === 'canceled') return action;
  if (action === 'running') {
    return NOT_STARTED.has(current) || current === 'running' || current === 'paused' || current === 'resuming'
      ? 'running'
      : current;
  }
  if (action === 'paused') return current === 'canceling' ? 'canceled' : 'paused';
  if (action === 'pending' || action === 'pausing') return current === 'canceling' ? current : action;
  if (action === 'canceling' || action === 'resuming') return action;
  return NOT_STARTED.has(current) ? action : current;
}

/**
 * A with items task's status after one item reports `action`, given the other items' statuses:
 * it completes when no item is left to run or running, failed if any item failed.
 */
export function taskStatusAfterItem(current: Status, action: Status, others: Status[]): Status {
  if (COMPLETED.has(current)) return current;
  const item = ABENDED.has(action) ? 'failed' : action;
  if (ACTIVE.has(item)) return current === UNSET || current === 'paused' ? 'running' : current;
  const active = others.some((status) => ACTIVE.has(status));
  if (active) {
    if (item === 'canceled') return 'canceling';
    if (item === 'paused' || item === 'pending') return 'pausing';
    return current === 'pausing' || current === 'canceling' ? current : 'running';
  }
  const all = [...others, item];
  if (current === 'canceling')
    return all.every((status) => status === 'succeeded') ? 'succeeded' : 'canceled';
  if (all.some((status) => status === 'paused' || status === 'pending')) {
    return item === 'failed' ? 'failed' : 'paused';
  }
  if (all.some((status) => status === 'canceled')) return 'canceled';
  if (item === 'failed' || all.some((status) => ABENDED.has(status))) return 'failed';
  const incomplete = others.some((status) => !COMPLETED.has(status));
  if (incomplete) return current === 'pausing' ? 'paused' : 'running';
  return 'succeeded';
}

/**
 * A with items task when the workflow is paused or canceled: it waits for its running items,
 * and stops at once when none is running.
 */
export function itemsTaskOnRequest(request: 'pause' | 'cancel', items: Status[]): Status | undefined {
  if (items.every((status) => COMPLETED.has(status))) return undefined;
  const active = items.some((status) => ACTIVE.has(status));
  if (request === 'pause') return active ? 'pausing' : 'paused';
  return active ? 'canceling' : 'canceled';
}
