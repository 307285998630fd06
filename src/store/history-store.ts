import type { ExecutionOutputChunk, OutputType } from '../domain/execution-output.js';

/** The kinds of record history retention deletes, each with its own time to live. */
export type HistoryKind = 'trigger_instances' | 'enforcements' | 'executions' | 'execution_output';

/**
 * What the history keeps beside the records themselves (the output of running actions, chunk by
 * chunk) and what retention deletes. Ids are time-ordered, so "older than" is a comparison of ids.
 */
export interface HistoryStore {
  /** Stores chunks of output as they are produced; resolves once durable. */
  appendExecutionOutput(chunks: readonly ExecutionOutputChunk[]): Promise<void>;
  /** An execution's output chunks, oldest first. */
  listExecutionOutput(executionId: string, outputType?: OutputType): Promise<ExecutionOutputChunk[]>;
  /**
   * Deletes at most `limit` records of `kind` whose id is below `beforeId` (oldest first) and returns
   * how many it deleted. Executions still waiting or running (and their output) and trigger instances
   * still pending are never deleted.
   */
  deleteHistoryBefore(kind: HistoryKind, beforeId: string, limit: number): Promise<number>;
}
