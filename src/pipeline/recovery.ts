import type { Execution } from '../domain/execution.js';
import type { Logger } from '../common/logger.js';
import type { ExecutionQueue } from '../queue/queue.js';
import type { RecordStore } from '../store/record-store.js';
import type { RuleEnforcer } from './rule-enforcer.js';

export interface RecoveryDeps {
  store: RecordStore;
  queue: ExecutionQueue;
  enforcer: RuleEnforcer;
  logger: Logger;
  onAbandoned: (execution: Execution) => void;
}

export interface RecoveryReport {
  abandoned: number;
  requeued: number;
  rematched: number;
}

/**
 * At start, nothing accepted is forgotten: executions left running by a dead process are marked
 * abandoned, requested ones are queued again, and trigger instances stored but not yet matched are
 * matched (skipping rules already enforced for them).
 */
export async function recoverUnfinishedWork(deps: RecoveryDeps): Promise<RecoveryReport> {
  const abandoned = await deps.store.abandonRunningExecutions(
    'abandoned: the Squall process stopped while this execution was running',
  );
  for (const execution of abandoned) deps.onAbandoned(execution);

  const queued = await deps.store.listExecutions({ status: ['requested', 'scheduled'], limit: 0 });
  for (const execution of queued.reverse()) await deps.queue.enqueue({ executionId: execution.id });

  const pending = await deps.store.listTriggerInstances({ status: 'pending', limit: 0 });
  for (const instance of pending.reverse()) await deps.enforcer.process(instance, { recovered: true });

  const report = { abandoned: abandoned.length, requeued: queued.length, rematched: pending.length };
  if (report.abandoned + report.requeued + report.rematched > 0) {
    deps.logger.warn(report, 'recovered unfinished work from the previous run');
  }
  return report;
}
