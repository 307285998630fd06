import type { Execution } from '../domain/execution.js';
import type { WorkflowRecord, WorkflowStep } from '../domain/workflow.js';

/**
 * Workflow state as data: each conductor step is one transaction, so a task transition is durable
 * before the next task's execution exists, and a delayed task is a due time, not a timer.
 */
export interface WorkflowStore {
  /**
   * Writes the workflow's state (created or replaced), inserts the child executions it requests
   * and applies the parent patch, all or nothing. A child whose (workflow, request) key exists
   * rejects the whole step with ConflictError. Resolves with the parent record when patched.
   */
  commitWorkflowStep(step: WorkflowStep): Promise<Execution | undefined>;
  getWorkflow(execution: string): Promise<WorkflowRecord | undefined>;
  /** Workflows not finished, oldest first. */
  listUnfinishedWorkflows(): Promise<WorkflowRecord[]>;
  /**
   * Atomically turns every `delayed` child whose due time is at or before `now` (epoch ms) into
   * `requested`; each is returned to one caller only.
   */
  claimDueWorkflowChildren(now: number): Promise<Execution[]>;
  /** The earliest due time (epoch ms) of a child still `delayed`, if any. */
  nextWorkflowChildDue(): Promise<number | undefined>;
}
