import type { KeyValueLookup } from '../../snapshot/model/rule-definition.js';

/** What `task()` returns: StackStorm's view of a task execution. */
export interface TaskExecutionView {
  task_execution_id: string;
  workflow_execution_id: string | null;
  task_name: string;
  task_id: string;
  route: number;
  result: unknown;
  status: string;
  start_timestamp: string | null;
  end_timestamp: string | null;
}

/** The workflow's task records, as expressions see them (`task_status()`, `task()`). */
export interface TaskRecords {
  /** The status of the task's latest run on this route, or on the route it split from; `null` if none. */
  status(taskId: string, route: number): string;
  /** The latest run of the task on this route (or the route it split from). */
  find(taskId: string, route: number): TaskExecutionView | undefined;
}

/** The task an expression is evaluated for: `result()`, `succeeded()`, `task()`. */
export interface CurrentTask {
  id: string;
  route: number;
  /** Present once the task completed (in `next`, `retry.when`). */
  result?: unknown;
}

/**
 * Everything a workflow expression can read. Datastore reads and decryption are injected, so
 * evaluating stays free of I/O.
 */
export interface ExpressionScope {
  /** The workflow context: input, vars and published variables (`ctx()`). */
  vars: Record<string, unknown>;
  currentTask?: CurrentTask;
  /** The item of a `with` items task (`item()`); `hasItem` tells a null item from none. */
  item?: unknown;
  hasItem?: boolean;
  tasks?: TaskRecords;
  kv?: KeyValueLookup;
  /** The user whose datastore scope `st2kv('key')` reads. */
  user?: string;
  decrypt?: (ciphertext: string) => string;
}
