import type { Execution, ExecutionPatch } from './execution.js';

export type WorkflowKind = 'orquesta' | 'action-chain';

/** A workflow execution's conductor state, kept in the store beside its execution record. */
export interface WorkflowRecord {
  /** The workflow execution's id. */
  execution: string;
  kind: WorkflowKind;
  /** The workflow's status as its conductor sees it. */
  status: string;
  /** The conductor's state and the requests still waiting for their child: plain JSON. */
  state: unknown;
  finished: boolean;
  updated_at: string;
}

/** A task's action run as a child execution of the workflow, requested once per `request` key. */
export interface WorkflowChild {
  execution: Execution;
  /** Unique within the workflow: the conductor's request id. */
  request: string;
  /** Epoch ms when a `delayed` child becomes `requested`; null runs it at once. */
  due_ms: number | null;
}

/** One event's outcome, written in one transaction: the new state, the children it requests, the parent's change. */
export interface WorkflowStep {
  workflow: WorkflowRecord;
  children: WorkflowChild[];
  /** A change of the workflow execution itself (running, paused, its final status and result). */
  parent?: ExecutionPatch;
}
