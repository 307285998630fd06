import type { RunnerRegistry } from '../actions/runner.js';
import type { ProcessLedger } from '../actions/runners/process-ledger.js';
import type { EventBus } from '../bus/event-bus.js';
import type { Logger } from '../common/logger.js';
import type { Stage } from '../common/stage.js';
import type { Execution } from '../domain/execution.js';
import type { Delivery, ExecutionJob, ExecutionQueue } from '../queue/queue.js';
import type { SecretRegistry } from '../security/secret-registry.js';
import type { SnapshotSource } from '../snapshot/content-manager.js';
import type { HistoryStore } from '../store/history-store.js';
import type { RecordStore } from '../store/record-store.js';
import { createActionExecutor, type ActionExecutor } from './action-executor.js';
import type { ExecutionService } from './execution-service.js';
import { createOutputSink } from './execution-output.js';
import { maskingStore } from './masking-store.js';
import { recoverExecutions } from './recovery.js';

export interface RunnersStageNeeds {
  /** Executions, and the history where their output is stored as it is printed. */
  store: RecordStore & Pick<HistoryStore, 'appendExecutionOutput'>;
  queue: ExecutionQueue;
  bus: EventBus;
  runners: RunnerRegistry;
  content: SnapshotSource;
  executions: Pick<ExecutionService, 'decryptSecrets'>;
  packConfig: (pack: string) => Promise<Record<string, unknown>>;
  /** What actions print or return is stored with these values masked. */
  secrets: SecretRegistry;
  logger: Logger;
  /** Executions run at once by this process. */
  concurrency: number;
  /** Process groups of running actions; those a dead engine left are killed at start. */
  processes?: ProcessLedger;
  /** Asked before each queued execution runs (policies); false leaves it to whoever delayed it. */
  admit?: (job: ExecutionJob) => Promise<boolean>;
}

export interface RunnersStage extends Stage {
  /** Cancels a running or queued execution (see ActionExecutor.cancel). */
  cancel(executionId: string): Promise<boolean>;
  /** Executions running in this process now. */
  runningCount(): number;
}

/**
 * Takes executions from the queue and runs them. Every status change is published as
 * `execution.updated`, and each final one also as `execution.finished`. At start, executions a dead
 * process left running are abandoned and requested ones queued again.
 */
export function createRunnersStage(needs: RunnersStageNeeds): RunnersStage {
  const finished = (execution: Execution): void => {
    needs.bus.publish('execution.updated', execution);
    needs.bus.publish('execution.finished', execution);
  };
  const executor: ActionExecutor = createActionExecutor({
    store: maskingStore(needs.store, needs.secrets),
    runners: needs.runners,
    getAction: (ref) => needs.content.current().actions.get(ref),
    decryptSecrets: (blob) => needs.executions.decryptSecrets(blob),
    getPackConfig: needs.packConfig,
    logger: needs.logger,
    onStarted: (execution) => needs.bus.publish('execution.updated', execution),
    onWaiting: (execution) => needs.bus.publish('execution.updated', execution),
    onUpdated: (execution) => needs.bus.publish('execution.updated', execution),
    onFinished: finished,
    openOutput: (execution) =>
      createOutputSink(
        { history: needs.store, bus: needs.bus, secrets: needs.secrets, logger: needs.logger },
        execution,
      ),
  });
  let stopConsuming: (() => void) | undefined;
  return {
    name: 'runners',
    async start() {
      // Before anything is marked abandoned, what it left running is stopped: no follow-up command
      // of an abandoned action may run after its execution reads abandoned.
      const killed = needs.processes?.reapOrphanedGroups() ?? [];
      if (killed.length > 0) {
        needs.logger.warn(
          { groups: killed.map((group) => group.pgid), executions: killed.map((group) => group.execution) },
          'killed action processes a stopped engine left running',
        );
      }
      const { admit } = needs;
      const handle = async (job: ExecutionJob, delivery?: Delivery): Promise<void> => {
        if (admit && !(await admit(job))) return;
        await executor.handle(job, delivery);
      };
      stopConsuming = needs.queue.consume(handle, {
        concurrency: needs.concurrency,
      });
      await recoverExecutions({ ...needs, onAbandoned: finished });
    },
    async stop() {
      stopConsuming?.();
      await Promise.resolve();
    },
    cancel: (id) => executor.cancel(id),
    runningCount: () => executor.runningCount(),
  };
}
