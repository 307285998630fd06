import type { Status } from './statuses.js';

/**
 * A workflow execution's progress, as plain JSON: stored as it is, restored as it is. The model is
 * orquesta's: contexts hold the data published along the way, routes tell apart the runs of a
 * task reached by several branches, staged tasks wait to run (or for a join), and the sequence
 * records every task run in order.
 */
export interface WorkflowState {
  status: Status;
  /** The workflow's input after defaults. */
  input: Record<string, unknown>;
  /** contexts[0]: runtime context, input and vars; later entries: what transitions published. */
  contexts: Record<string, unknown>[];
  /** routes[0] is []; a route lists the `<task>__t<key>` transitions that split it off. */
  routes: string[][];
  staged: StagedTask[];
  sequence: TaskRecord[];
  /** `<task>__r<route>` → index in `sequence` of its latest run. */
  latest: Record<string, number>;
  errors: WorkflowErrorEntry[];
  /** Rendered output; null until the workflow completed, or when it has none. */
  output: Record<string, unknown> | null;
  /** Input and vars rendered: tasks can run (false when that failed). */
  initialized: boolean;
  /** The finish command was given. */
  finished: boolean;
  /** Counts action requests, so each has an id of its own. */
  requests: number;
}

export interface StagedTask {
  id: string;
  route: number;
  /** Indexes into `contexts`, merged in order, that the task starts with. */
  ctxs: number[];
  /** `<from>__t<key>` → index in `sequence` of the task run that led here. */
  prev: Record<string, number>;
  /** Its join (if any) is satisfied: it can run. */
  ready: boolean;
  /** A with items task that completed with failed items (kept for a rerun). */
  completed?: boolean;
  /** Runs even though the workflow failed: named beside `fail` in the same transition. */
  runOnFail?: boolean;
  retry?: RetryState;
  /** With items: the status of each item. */
  items?: { status: Status }[];
}

export interface RetryState {
  when: string | undefined;
  count: number;
  delay: number | undefined;
  tally: number;
}

export interface TaskRecord {
  id: string;
  route: number;
  ctxs: { in: number[]; out?: Record<string, number> };
  prev: Record<string, number>;
  /** Transition id (`<to>__t<key>`) → whether its criteria held. */
  next: Record<string, boolean>;
  status?: Status;
  /** The action's result; for with items, `{items: [{status, result}]}`. */
  result?: unknown;
  /** The workflow's terminal context is built from terminal tasks. */
  term?: boolean;
  retry?: RetryState;
  startedAt?: string;
  endedAt?: string;
}

/** StackStorm's workflow error entry; identical entries are kept once. */
export interface WorkflowErrorEntry {
  type: 'error';
  message: string;
  task_id?: string;
  route?: number;
  task_transition_id?: string;
  result?: unknown;
}

export function taskKey(id: string, route: number): string {
  return `${id}__r${route}`;
}

export function latestRecord(state: WorkflowState, id: string, route: number): TaskRecord | undefined {
  const index = state.latest[taskKey(id, route)];
  return index === undefined ? undefined : state.sequence[index];
}

export function recordIndex(state: WorkflowState, id: string, route: number): number | undefined {
  return state.latest[taskKey(id, route)];
}

export function stagedTask(state: WorkflowState, id: string, route: number): StagedTask | undefined {
  return state.staged.find((staged) => staged.id === id && staged.route === route);
}

/** Staged tasks that can run now. */
export function readyTasks(state: WorkflowState): StagedTask[] {
  return state.staged.filter((staged) => staged.ready && !staged.completed);
}

/** The latest run of each task (earlier runs of a cycle are history). */
export function latestRecords(state: WorkflowState): TaskRecord[] {
  const latest = new Set(Object.values(state.latest));
  return state.sequence.filter((_, index) => latest.has(index));
}

export function mergeContexts(state: WorkflowState, indexes: readonly number[]): Record<string, unknown> {
  return Object.assign({}, ...indexes.map((index) => state.contexts[index] ?? {})) as Record<string, unknown>;
}

export function addError(state: WorkflowState, entry: WorkflowErrorEntry): void {
  const text = JSON.stringify(entry);
  if (!state.errors.some((existing) => JSON.stringify(existing) === text)) state.errors.push(entry);
}
