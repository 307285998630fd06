import type { Enforcement, EnforcementStatus } from '../domain/enforcement.js';
import type { Execution, ExecutionPatch, ExecutionStatus } from '../domain/execution.js';
import type { TriggerInstance, TriggerInstanceStatus } from '../domain/trigger.js';
import type { ListQuery } from './list-query.js';

export interface TriggerInstanceQuery extends ListQuery {
  trigger?: string;
  status?: TriggerInstanceStatus;
  trace_id?: string;
}

export interface EnforcementQuery extends ListQuery {
  rule?: string;
  trigger_instance?: string;
  execution?: string;
  status?: EnforcementStatus;
  trace_id?: string;
  /** ISO-8601 UTC bounds on `enforced_at`, both exclusive (st2's `enforced_at_gt`/`_lt`). */
  enforced_at_gt?: string;
  enforced_at_lt?: string;
}

export interface ExecutionQuery extends ListQuery {
  action?: string;
  status?: ExecutionStatus | ExecutionStatus[];
  rule?: string;
  trigger_instance?: string;
  parent?: string;
  trace_id?: string;
  /** Leaves out executions requested by these rules (the engine's own upkeep, `--all` shows them). */
  exclude_rules?: readonly string[];
}

/**
 * The history an event leaves on its way: the trigger instance, one enforcement per matched rule,
 * the executions. Writes resolve once durable; records come back as they went in.
 */
export interface RecordStore {
  insertTriggerInstance(instance: TriggerInstance): Promise<void>;
  /** Rejects with NotFoundError for an unknown id. */
  setTriggerInstanceStatus(id: string, status: TriggerInstanceStatus, error?: string): Promise<void>;
  getTriggerInstance(id: string): Promise<TriggerInstance | undefined>;
  listTriggerInstances(query?: TriggerInstanceQuery): Promise<TriggerInstance[]>;

  /**
   * Records a rule's enforcement for a trigger instance and, in the same transaction, the execution
   * it requested — at most once per (trigger instance, rule): when that rule was already enforced
   * for that instance (before a crash, say), nothing is written and it resolves false.
   */
  recordEnforcement(enforcement: Enforcement, execution?: Execution): Promise<boolean>;
  listEnforcements(query?: EnforcementQuery): Promise<Enforcement[]>;
  getEnforcement(id: string): Promise<Enforcement | undefined>;

  insertExecution(execution: Execution): Promise<void>;
  /** Applies the patch; rejects with NotFoundError for an unknown id. Returns the updated record. */
  updateExecution(id: string, patch: ExecutionPatch): Promise<Execution>;
  /**
   * Applies the patch only while the execution's status is one of `from`, atomically: of several
   * processes racing to take the same execution, one gets the updated record and the others
   * undefined (as for an unknown id). What makes one execution run once across a cluster.
   */
  transitionExecution(
    id: string,
    from: readonly ExecutionStatus[],
    patch: ExecutionPatch,
  ): Promise<Execution | undefined>;
  getExecution(id: string): Promise<Execution | undefined>;
  listExecutions(query?: ExecutionQuery): Promise<Execution[]>;
  /**
   * At start: executions left `running` by a dead process become `abandoned` (with an error saying
   * so and an end time), except unfinished workflows, which continue from their stored state.
   * Returns them, newest first.
   */
  abandonRunningExecutions(reason: string): Promise<Execution[]>;
}
