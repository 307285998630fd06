import type { ActionStatus, Status } from './statuses.js';
import type { WorkflowErrorEntry } from './workflow-state.js';

/** What happens to a workflow execution, one event at a time. */
export type WorkflowEvent =
  /** The workflow was requested: its input (the action's parameters) and runtime context. */
  | { kind: 'start'; input?: Record<string, unknown>; context?: Record<string, unknown> }
  /** A task's action (or one item of it) changed status. */
  | { kind: 'action'; task: string; route: number; item?: number; status: ActionStatus; result?: unknown }
  | { kind: 'pause' }
  | { kind: 'resume' }
  | { kind: 'cancel' };

/** The result of a workflow execution, exactly as StackStorm stores it. */
export interface WorkflowResult {
  output: Record<string, unknown> | null;
  /** Present only when the workflow failed. */
  errors?: WorkflowErrorEntry[];
}

/** What to carry out after an event, in order. */
export type WorkflowCommand =
  /**
   * Run an action for a task (a child execution). With `delay`, the child waits as `delayed` until
   * `runAt`. `id` is unique within the workflow execution.
   */
  | {
      kind: 'request_action';
      id: string;
      task: string;
      route: number;
      item?: number;
      action: string;
      input: Record<string, unknown>;
      delay?: number;
      runAt?: string;
    }
  /** Cancel, pause or resume a task's running child (pause and resume matter to workflow children). */
  | { kind: 'cancel_action' | 'pause_action' | 'resume_action'; task: string; route: number; item?: number }
  /** The workflow's status changed but it has not finished (running, pausing, paused, canceling…). */
  | { kind: 'status'; status: Status }
  | { kind: 'finish'; status: Status; result: WorkflowResult };
