import type { Execution, ExecutionStatus } from '../../domain/execution.js';
import type { WorkflowKind } from '../../domain/workflow.js';
import type { KeyValueLookup } from '../../snapshot/model/rule-definition.js';
import type { ActionDefinition, ParameterSpecs } from '../../snapshot/model/action-definition.js';

/**
 * The contract between the workflow host (workflow-host.ts) and one workflow language (Orquesta,
 * ActionChain). A kind is pure: it turns the stored state and one event into the new state and
 * what to do; the host stores that in one transaction, then does it. A kind never does I/O, never
 * keeps state between calls and never reads the clock (the run gives `now`).
 */
export interface WorkflowKindAdapter<State = unknown, Definition = unknown> {
  readonly kind: WorkflowKind;
  /** The st2 runner_type this kind runs, e.g. `orquesta`, `action-chain`. */
  readonly runnerType: string;
  /** Shown by `squall runner list`. */
  readonly description: string;
  /** The runner's parameters as st2's runner.yaml declares them (action-chain: skip_notify…). */
  readonly runnerParameters?: ParameterSpecs;
  /**
   * Reads and checks the action's definition (its entry point under `<packDir>/actions/`). Throws a
   * ValidationError naming the file, line and fix. Called when the action loads (a check), at each
   * start and when a workflow resumes after a restart: cache by the file's text, not by action.
   */
  load(action: ActionDefinition): Definition | Promise<Definition>;
  /** The workflow execution starts: its parameters are `run.execution.parameters`. */
  start(definition: Definition, run: WorkflowRun): WorkflowStep<State>;
  /**
   * A child execution this workflow requested changed status: every final status once, and the
   * waiting ones a kind may care about (`pending` for an inquiry, `paused` for a nested workflow).
   */
  childChanged(
    definition: Definition,
    state: State,
    child: ChildUpdate,
    run: WorkflowRun,
  ): WorkflowStep<State>;
  /**
   * Cancel, pause or resume asked by a user. A kind without it: cancel fails the request with
   * E_WORKFLOW_CONTROL, pause and resume too.
   */
  control?(
    definition: Definition,
    state: State,
    command: WorkflowControl,
    run: WorkflowRun,
  ): WorkflowStep<State>;
}

export type WorkflowControl = 'cancel' | 'pause' | 'resume';

/** What a kind may read about the run it conducts (never I/O). */
export interface WorkflowRun {
  /** The workflow execution's record as stored when the event came. */
  execution: Execution;
  /** The event's time, ISO 8601. */
  now: string;
  /** The datastore (`st2kv`), read synchronously from the engine's cache. */
  kv?: KeyValueLookup;
  /** Whose datastore scope user-scoped keys read: the execution's `context.user`. */
  user?: string;
  decrypt?: (ciphertext: string) => string;
  /** An action of the content snapshot serving now (ActionChain checks refs, shell parameters). */
  action?: (ref: string) => ActionDefinition | undefined;
}

/** A task's action to run as a child execution (`parent` = the workflow execution). */
export interface ChildRequest {
  /**
   * Unique within the workflow execution and stable across restarts (the conductor's request
   * counter): the store refuses a second child for the same key, so a task never runs twice.
   */
  request: string;
  action: string;
  parameters: Record<string, unknown>;
  /** Epoch ms: the child waits as `delayed` until then (a task's `delay`, a retry's delay). */
  dueMs?: number;
  /** Plain JSON kept with the request and handed back in its ChildUpdate (task, route, item…). */
  tag?: unknown;
  /** Merged into the child's `context` (st2 puts `orquesta: {task_name, …}` there). */
  context?: Record<string, unknown>;
}

export interface ChildUpdate {
  request: string;
  tag: unknown;
  /** The child's record as stored (status, result, id, timestamps). */
  execution: Execution;
}

/** Something to do to a child the workflow requested earlier. */
export interface ChildControl {
  request: string;
  command: WorkflowControl;
}

/** What one event leads to; stored in one transaction before anything of it is done. */
export interface WorkflowStep<State> {
  state: State;
  /** Child executions to create (then queue, or leave `delayed` until due). */
  requests?: ChildRequest[];
  /** Cancel, pause or resume children that are under way. */
  controls?: ChildControl[];
  /** The workflow execution's status when it changed without finishing (pausing, paused, canceling…). */
  status?: ExecutionStatus;
  /** The workflow ended: its final status and result (st2's shape, e.g. `{output, errors?}`). */
  finish?: { status: ExecutionStatus; result: unknown; error?: string };
}
