import type { Execution } from '../domain/execution.js';
import type { RecordStore } from '../store/record-store.js';
import { KeyedMutex } from './keyed-mutex.js';
import { concurrencyOf, type ConcurrencyParameters, type PolicyDefinition } from './policy-definition.js';

/** What the gate did with an execution about to run. */
export type Admission = 'run' | 'delayed' | 'canceled';

export interface ConcurrencyGate {
  /**
   * st2's concurrency apply_before: under the action's lock, counts its scheduled and running
   * executions (with equal `attributes` for action.concurrency.attr); under the threshold the
   * execution becomes `scheduled` (counted from now on) and runs, else it is `delayed` or
   * `canceled` as the policy says.
   */
  admit(
    execution: Execution,
    policies: readonly PolicyDefinition[],
  ): Promise<{ admission: Admission; record?: Execution }>;
  /**
   * st2's apply_after: an execution of the action ended, so the oldest execution a policy delayed
   * (with the same attributes) becomes `requested` again; returned to be queued.
   */
  release(ended: Execution, policies: readonly PolicyDefinition[]): Promise<Execution | undefined>;
}

/** Where in an execution's context the policy that delayed it is kept (durable across restarts). */
export const DELAYED_BY = 'delayed_by_policy';

export function concurrencyPolicies(
  policies: readonly PolicyDefinition[],
): { policy: PolicyDefinition; limits: ConcurrencyParameters }[] {
  return policies.flatMap((policy) => {
    const limits = concurrencyOf(policy);
    return limits ? [{ policy, limits }] : [];
  });
}

const sameAttributes = (a: Execution, b: Execution, attributes: readonly string[]): boolean =>
  attributes.every((name) => JSON.stringify(a.parameters[name]) === JSON.stringify(b.parameters[name]));

/**
 * In one process the lock makes counting and scheduling atomic; across a cluster it is best
 * effort, as st2's is without a coordination backend.
 */
export function createConcurrencyGate(store: RecordStore): ConcurrencyGate {
  const mutex = new KeyedMutex();

  async function busy(execution: Execution, limits: ConcurrencyParameters): Promise<number> {
    const active = await store.listExecutions({
      action: execution.action,
      status: ['scheduled', 'running'],
      limit: 0,
    });
    return active.filter(
      (other) => other.id !== execution.id && sameAttributes(other, execution, limits.attributes),
    ).length;
  }

  return {
    admit(execution, policies) {
      const limited = concurrencyPolicies(policies);
      // Already scheduled (admitted before a restart) or taken: the executor decides.
      if (limited.length === 0 || execution.status !== 'requested')
        return Promise.resolve({ admission: 'run' as const });
      return mutex.run(execution.action, async () => {
        for (const { policy, limits } of limited) {
          if ((await busy(execution, limits)) < limits.threshold) continue;
          if (limits.action === 'cancel') {
            const record = await store.transitionExecution(execution.id, ['requested'], {
              status: 'canceled',
              error: `canceled by policy ${policy.ref}: ${limits.threshold} execution(s) of ${execution.action} already scheduled or running`,
              end_timestamp: new Date().toISOString(),
            });
            return record ? { admission: 'canceled' as const, record } : { admission: 'delayed' as const };
          }
          const record = await store.transitionExecution(execution.id, ['requested'], {
            status: 'delayed',
            context: { ...execution.context, [DELAYED_BY]: policy.ref },
          });
          return record ? { admission: 'delayed' as const, record } : { admission: 'delayed' as const };
        }
        const record = await store.transitionExecution(execution.id, ['requested'], { status: 'scheduled' });
        return record ? { admission: 'run' as const, record } : { admission: 'run' as const };
      });
    },

    release(ended, policies) {
      const limited = concurrencyPolicies(policies);
      if (limited.length === 0) return Promise.resolve(undefined);
      return mutex.run(ended.action, async () => {
        const delayed = await store.listExecutions({ action: ended.action, status: 'delayed', limit: 0 });
        const waiting = delayed
          .filter((candidate) => typeof candidate.context[DELAYED_BY] === 'string')
          .filter((candidate) =>
            limited.some(({ limits }) => sameAttributes(candidate, ended, limits.attributes)),
          )
          .sort((a, b) =>
            a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id < b.id ? -1 : 1,
          );
        const next = waiting[0];
        if (!next) return undefined;
        const { [DELAYED_BY]: _policy, ...context } = next.context;
        return store.transitionExecution(next.id, ['delayed'], { status: 'requested', context });
      });
    },
  };
}
