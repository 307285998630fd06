import type { Logger } from '../common/logger.js';
import type { Execution } from '../domain/execution.js';
import type { TriggerInstance } from '../domain/trigger.js';
import type { ExecutionQueue } from '../queue/queue.js';
import type { RecordStore } from '../store/record-store.js';
import { completeCancellation } from './cancel-execution.js';
import type { RuleEnforcer } from './rule-enforcer.js';

type Rematch = (instance: TriggerInstance, options: { recovered: true }) => Promise<unknown>;

const ABANDONED = 'abandoned: the Squall process stopped while this execution was running';
const CANCELED_WHILE_STOPPED = 'canceled: the Squall process stopped while this execution was being canceled';

/**
 * Executions left running by a dead process become `abandoned`; requested ones are queued again.
 * Nothing accepted is forgotten. On a durable queue shared by a cluster, running executions may be
 * other processes' and are left alone: a dead runner's job comes back through the queue's
 * stalled-job recovery and is abandoned then.
 */
export async function recoverExecutions(deps: {
  store: RecordStore;
  queue: ExecutionQueue;
  logger: Logger;
  onAbandoned: (execution: Execution) => void;
}): Promise<void> {
  const abandoned = deps.queue.capabilities.durable
    ? []
    : await deps.store.abandonRunningExecutions(ABANDONED);
  // Asked to stop when the process died: their process groups are gone (reaped), so they are canceled.
  const canceling = deps.queue.capabilities.durable
    ? []
    : await deps.store.listExecutions({ status: 'canceling', limit: 0 });
  for (const execution of canceling) {
    const canceled = await completeCancellation(deps.store, execution.id, { error: CANCELED_WHILE_STOPPED });
    if (canceled) abandoned.push(canceled);
  }
  for (const execution of abandoned) deps.onAbandoned(execution);
  const queued = await deps.store.listExecutions({ status: ['requested', 'scheduled'], limit: 0 });
  for (const execution of queued.reverse()) await deps.queue.enqueue({ executionId: execution.id });
  if (abandoned.length + queued.length > 0) {
    deps.logger.warn(
      { abandoned: abandoned.length, requeued: queued.length },
      'recovered unfinished executions from the previous run',
    );
  }
}

/** Trigger instances stored but not yet matched are matched, skipping rules already enforced. */
export async function recoverPendingTriggerInstances(deps: {
  store: RecordStore;
  enforcer: RuleEnforcer | { process: Rematch };
  logger: Logger;
}): Promise<void> {
  const pending = await deps.store.listTriggerInstances({ status: 'pending', limit: 0 });
  for (const instance of pending.reverse()) await deps.enforcer.process(instance, { recovered: true });
  if (pending.length > 0) {
    deps.logger.warn(
      { rematched: pending.length },
      'matched trigger instances left pending by the previous run',
    );
  }
}
