import type { Subscription } from 'rxjs';

import type { EventBus } from '../bus/event-bus.js';
import { errorMessage } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import type { Stage } from '../common/stage.js';
import type { Execution } from '../domain/execution.js';
import type { ExecutionService } from '../pipeline/execution-service.js';
import type { ExecutionJob, ExecutionQueue } from '../queue/queue.js';
import type { SnapshotSource } from '../snapshot/content-manager.js';
import type { RecordStore } from '../store/record-store.js';
import { createConcurrencyGate, DELAYED_BY } from './concurrency-gate.js';
import type { PolicyDefinition } from './policy-definition.js';
import { planRetry, RETRY_DUE } from './retry-policy.js';

export interface PoliciesStageNeeds {
  store: RecordStore;
  queue: ExecutionQueue;
  bus: EventBus;
  content: SnapshotSource;
  executions: Pick<ExecutionService, 'prepare' | 'revealParameters'>;
  logger: Logger;
}

export interface PoliciesStage extends Stage {
  /** Before a queued execution runs: false when a concurrency policy delayed or canceled it. */
  admit(job: ExecutionJob): Promise<boolean>;
}

/**
 * Applies the packs' policies around each run: concurrency before (delay or cancel over the
 * threshold), then, when an execution ends, the next delayed one released and a retry requested.
 * What waits is data: a delayed execution names its policy (or its retry's due time) in its
 * context, so after a restart delayed executions are released again and retries re-armed.
 */
export function createPoliciesStage(needs: PoliciesStageNeeds): PoliciesStage {
  const { store, bus, queue, logger } = needs;
  const gate = createConcurrencyGate(store);
  const timers = new Set<NodeJS.Timeout>();
  let subscription: Subscription | undefined;

  const policiesFor = (action: string): PolicyDefinition[] =>
    [...needs.content.current().policies.values()].filter(
      (policy) => policy.enabled && policy.resource_ref === action,
    );

  /** The parameters to run again: immutable ones come from the action and may not be given. */
  function suppliedParameters(execution: Execution): Record<string, unknown> {
    const specs = needs.content.current().actions.get(execution.action)?.parameters ?? {};
    const all = needs.executions.revealParameters(execution);
    return Object.fromEntries(Object.entries(all).filter(([name]) => specs[name]?.immutable !== true));
  }

  async function requeue(execution: Execution): Promise<void> {
    bus.publish('execution.updated', execution);
    await queue.enqueue({ executionId: execution.id });
  }

  async function ended(execution: Execution): Promise<void> {
    const policies = policiesFor(execution.action);
    if (policies.length === 0) return;
    const released = await gate.release(execution, policies);
    if (released) await requeue(released);
    const retry = planRetry(execution, policies, suppliedParameters(execution));
    if (!retry) return;
    const record = await needs.executions.prepare(retry.request);
    const due = Date.now() + retry.delay * 1000;
    const delayed = retry.delay > 0;
    const stored: Execution = delayed
      ? { ...record, status: 'delayed', context: { ...record.context, [RETRY_DUE]: due } }
      : record;
    await store.insertExecution(stored);
    logger.info(
      { execution: execution.id, retry: stored.id, policy: retry.policy.ref, delay: retry.delay },
      'retrying execution by policy',
    );
    if (delayed) {
      bus.publish('execution.updated', stored);
      arm(stored.id, due);
    } else await requeue(stored);
  }

  function arm(id: string, due: number): void {
    const timer = setTimeout(
      () => {
        timers.delete(timer);
        wake(id).catch((error: unknown) =>
          logger.error({ execution: id, err: errorMessage(error) }, 'waking a delayed retry failed'),
        );
      },
      Math.max(0, due - Date.now()),
    );
    timers.add(timer);
  }

  async function wake(id: string): Promise<void> {
    const current = await store.getExecution(id);
    if (!current || current.status !== 'delayed') return;
    const { [RETRY_DUE]: _due, ...context } = current.context;
    const woken = await store.transitionExecution(id, ['delayed'], { status: 'requested', context });
    if (woken) await requeue(woken);
  }

  /** Executions left delayed by the previous run: retries re-armed, policy-delayed ones re-admitted. */
  async function recover(): Promise<void> {
    const delayed = await store.listExecutions({ status: 'delayed', limit: 0 });
    for (const execution of delayed.reverse()) {
      const due = execution.context[RETRY_DUE];
      if (typeof due === 'number') arm(execution.id, due);
      else if (typeof execution.context[DELAYED_BY] === 'string') {
        const { [DELAYED_BY]: _policy, ...context } = execution.context;
        const again = await store.transitionExecution(execution.id, ['delayed'], {
          status: 'requested',
          context,
        });
        if (again) await requeue(again);
      }
    }
  }

  return {
    name: 'policies',
    async admit(job) {
      const execution = await store.getExecution(job.executionId);
      if (!execution) return true;
      const policies = policiesFor(execution.action);
      if (policies.length === 0) return true;
      const { admission, record } = await gate.admit(execution, policies);
      if (record && admission !== 'run') {
        bus.publish('execution.updated', record);
        if (admission === 'canceled') bus.publish('execution.finished', record);
      }
      return admission === 'run';
    },
    async start() {
      subscription = bus.on('execution.finished').subscribe((execution) => {
        ended(execution).catch((error: unknown) =>
          logger.error({ execution: execution.id, err: errorMessage(error) }, 'applying policies failed'),
        );
      });
      await recover();
    },
    async stop() {
      subscription?.unsubscribe();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.resolve();
    },
  };
}
