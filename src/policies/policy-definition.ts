import type { SourceLocation } from '../common/errors.js';

export type PolicyType = 'action.concurrency' | 'action.concurrency.attr' | 'action.retry';

export interface ConcurrencyParameters {
  threshold: number;
  /** What happens to an execution over the threshold. */
  action: 'delay' | 'cancel';
  /** action.concurrency.attr: executions count together when these parameters are equal. */
  attributes: string[];
}

export interface RetryParameters {
  retry_on: 'failure' | 'timeout';
  max_retry_count: number;
  /** Seconds before the retry runs. */
  delay: number;
}

/** A policy from a pack's `policies/` folder, in st2's fields. */
export interface PolicyDefinition {
  /** `pack.name` */
  ref: string;
  name: string;
  pack: string;
  description: string;
  enabled: boolean;
  /** The action it applies to (`pack.name`). */
  resource_ref: string;
  policy_type: PolicyType;
  /** As the file gives them, defaults filled. */
  parameters: Record<string, unknown>;
  source: SourceLocation;
}

export function concurrencyOf(policy: PolicyDefinition): ConcurrencyParameters | undefined {
  if (policy.policy_type === 'action.retry') return undefined;
  const p = policy.parameters;
  return {
    threshold: p['threshold'] as number,
    action: (p['action'] as 'delay' | 'cancel' | undefined) ?? 'delay',
    attributes:
      policy.policy_type === 'action.concurrency.attr'
        ? ((p['attributes'] as string[] | undefined) ?? [])
        : [],
  };
}

export function retryOf(policy: PolicyDefinition): RetryParameters | undefined {
  if (policy.policy_type !== 'action.retry') return undefined;
  const p = policy.parameters;
  return {
    retry_on: p['retry_on'] as 'failure' | 'timeout',
    max_retry_count: (p['max_retry_count'] as number | undefined) ?? 2,
    delay: (p['delay'] as number | undefined) ?? 0,
  };
}
