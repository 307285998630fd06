import type { Execution } from '../../domain/execution.js';

/** An execution as the API and CLI show it: no `secret_parameters` (mask-answers.ts masks the rest). */
export type ExecutionView = Omit<Execution, 'secret_parameters'> & { elapsed_seconds: number | null };

export function serializeExecution(execution: Execution): ExecutionView {
  const { secret_parameters: _secret, ...shown } = execution;
  return {
    ...shown,
    elapsed_seconds: elapsedSeconds(execution),
  };
}

function elapsedSeconds(execution: Execution): number | null {
  if (!execution.start_timestamp || !execution.end_timestamp) return null;
  const elapsed = Date.parse(execution.end_timestamp) - Date.parse(execution.start_timestamp);
  return Number.isFinite(elapsed) ? Math.round(elapsed) / 1000 : null;
}
