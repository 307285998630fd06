import type { Execution } from '../domain/execution.js';
import type { ExecutionRequest } from '../pipeline/execution-request.js';
import { retryOf, type PolicyDefinition } from './policy-definition.js';

/** Where a retry's due time (epoch ms) is kept while it waits as `delayed`. */
export const RETRY_DUE = 'retry_due_ms';

export interface PlannedRetry {
  policy: PolicyDefinition;
  request: ExecutionRequest;
  /** Seconds to wait first. */
  delay: number;
}

/**
 * st2's retry apply_after: an execution that failed (`retry_on: failure`) or timed out
 * (`retry_on: timeout`) with fewer than `max_retry_count` retries behind it is run again with the
 * same parameters, its context carrying `retry_count` and `applied_policy`. Workflow tasks are
 * left to their workflow (Orquesta has `retry` of its own).
 */
export function planRetry(
  ended: Execution,
  policies: readonly PolicyDefinition[],
  parameters: Record<string, unknown>,
): PlannedRetry | undefined {
  if (ended.parent) return undefined;
  const count = typeof ended.context['retry_count'] === 'number' ? ended.context['retry_count'] : 0;
  for (const policy of policies) {
    const retry = retryOf(policy);
    if (!retry || count >= retry.max_retry_count) continue;
    const matches =
      (ended.status === 'failed' && retry.retry_on === 'failure') ||
      (ended.status === 'timeout' && retry.retry_on === 'timeout');
    if (!matches) continue;
    return {
      policy,
      delay: retry.delay,
      request: {
        action: ended.action,
        parameters,
        context: {
          ...ended.context,
          retry_count: count + 1,
          applied_policy: policy.ref,
          retried_execution: ended.id,
        },
        renderTemplates: false,
        trace_id: ended.trace_id,
        ...(ended.rule ? { rule: ended.rule } : {}),
        ...(ended.trigger_instance ? { trigger_instance: ended.trigger_instance } : {}),
      },
    };
  }
  return undefined;
}
