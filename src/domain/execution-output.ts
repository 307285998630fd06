/** One chunk of what a running action printed, in st2's ActionExecutionOutput field names. */
export interface ExecutionOutputChunk {
  /** Time-ordered, so chunks read back in the order they were produced. */
  id: string;
  execution_id: string;
  action_ref: string;
  runner_ref: string;
  output_type: OutputType;
  data: string;
  /** ISO-8601 UTC, when the chunk was read from the process. */
  timestamp: string;
}

export type OutputType = 'stdout' | 'stderr';
