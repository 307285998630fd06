import type { EnforcementStatus } from '../domain/enforcement.js';
import type { ExecutionStatus } from '../domain/execution.js';
import type { TriggerInstanceStatus } from '../domain/trigger.js';

/** st2's trace component: one object of the trace and what caused it. */
export interface TraceComponent {
  object_id: string;
  ref: string;
  updated_at: string;
  caused_by: { type: 'trigger_instance' | 'rule' | 'execution'; id: string } | Record<string, never>;
}

/** What one event caused, as a tree: trigger instance → enforcements → executions → action triggers → … */
export interface TriggerInstanceNode {
  type: 'trigger_instance';
  id: string;
  trigger: string;
  status: TriggerInstanceStatus;
  occurrence_time: string;
  error: string | null;
  enforcements: EnforcementNode[];
}

export interface EnforcementNode {
  type: 'rule_enforcement';
  id: string;
  rule: string;
  status: EnforcementStatus;
  failure_reason: string | null;
  enforced_at: string;
  execution: ExecutionNode | null;
}

export interface ExecutionNode {
  type: 'execution';
  id: string;
  action: string;
  status: ExecutionStatus;
  created_at: string;
  start_timestamp: string | null;
  end_timestamp: string | null;
  error: string | null;
  /** Executions it requested itself (workflow tasks, rollbacks), by `parent`. */
  children: ExecutionNode[];
  /** The `core.st2.generic.actiontrigger` instances its end emitted. */
  trigger_instances: TriggerInstanceNode[];
}

export type TraceRoot = TriggerInstanceNode | ExecutionNode;

/** st2's TraceAPI fields (`trace_tag`, the three component lists, `start_timestamp`) plus the tree. */
export interface TraceView {
  id: string;
  trace_tag: string;
  start_timestamp: string;
  trigger_instances: TraceComponent[];
  rules: TraceComponent[];
  action_executions: TraceComponent[];
  /** Where the tree starts: the event the asked-for record descends from (or the API run). */
  root: TraceRoot;
  /** True when the trace was larger than one answer holds; the lists and the tree are cut there. */
  truncated: boolean;
}
