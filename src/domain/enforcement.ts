import type { CriterionResult } from '../snapshot/model/rule-definition.js';

export type EnforcementStatus = 'succeeded' | 'failed';

/** Which rule matched which trigger instance and what it dispatched, or why that failed. */
export interface Enforcement {
  id: string;
  /** Rule ref. */
  rule: string;
  trigger_instance: string;
  execution: string | null;
  status: EnforcementStatus;
  failure_reason: string | null;
  criteria: CriterionResult[];
  enforced_at: string;
  trace_id: string;
}
