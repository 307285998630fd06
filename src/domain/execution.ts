export type ExecutionStatus =
  | 'requested'
  | 'scheduled'
  /** A workflow task's action waiting for its `delay`. */
  | 'delayed'
  | 'running'
  /** Workflows only: a task waits for a person (an inquiry); then pausing, paused, resuming, canceling. */
  | 'pending'
  | 'pausing'
  | 'paused'
  | 'resuming'
  | 'canceling'
  | 'succeeded'
  | 'failed'
  | 'timeout'
  | 'canceled'
  | 'abandoned';

export const FINAL_STATUSES: ReadonlySet<ExecutionStatus> = new Set([
  'succeeded',
  'failed',
  'timeout',
  'canceled',
  'abandoned',
]);

/** One run of an action, in StackStorm's field names. Stored before it runs. */
export interface Execution {
  id: string;
  /** Action ref. */
  action: string;
  runner: string;
  /** Rendered, typed parameters; secret values are stored masked. */
  parameters: Record<string, unknown>;
  /**
   * The real values of secret parameters, encrypted (secret box ciphertext of a JSON object), so a
   * queued execution can run after a restart. Never leaves the engine: API, CLI and logs drop it.
   */
  secret_parameters: string | null;
  status: ExecutionStatus;
  /** Runner result, e.g. `{stdout, stderr, return_code, succeeded, failed}`. */
  result: unknown;
  stdout: string;
  stderr: string;
  exit_code: number | null;
  /** Why it failed, in words. */
  error: string | null;
  created_at: string;
  start_timestamp: string | null;
  end_timestamp: string | null;
  trigger_instance: string | null;
  /** Rule ref. */
  rule: string | null;
  enforcement: string | null;
  /** Parent execution id (workflows, chained runs). */
  parent: string | null;
  trace_id: string;
  /** Who and what asked for it: `{user, source: 'rule'|'api'|'cli'|'chatops', ...}`. */
  context: Record<string, unknown>;
}

export type ExecutionPatch = Partial<Omit<Execution, 'id' | 'action' | 'created_at'>>;
