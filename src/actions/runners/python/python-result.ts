import type { RunnerResult } from '../../runner.js';
import type { WorkerOutcome } from './python-worker.js';

/** st2's PYTHON_RUNNER_INVALID_ACTION_STATUS_EXIT_CODE: run() returned a 2-tuple without a bool. */
export const INVALID_STATUS_EXIT_CODE = 220;
/** What st2 reports as the exit code of a process it killed on timeout. */
const TIMEOUT_EXIT_CODE = -9;

/**
 * A python-script execution's result as StackStorm's runner builds it: `{stdout, stderr,
 * exit_code, result}` (plus `error` on timeout); `result` is the string "None" when run() gave
 * nothing back (an exception, a timeout). A `(bool, value)` return sets the status, exit code 0
 * with no status succeeds.
 */
export function pythonRunnerResult(outcome: WorkerOutcome, timeoutSeconds: number): RunnerResult {
  const { done } = outcome;
  const exitCode = outcome.timedOut ? TIMEOUT_EXIT_CODE : outcome.exitCode;
  const status: RunnerResult['status'] = outcome.timedOut
    ? 'timeout'
    : outcome.canceled
      ? 'canceled'
      : exitCode === 0 && (done?.status ?? true) === true
        ? 'succeeded'
        : 'failed';
  const error = errorOf(outcome, exitCode, timeoutSeconds);
  const result: Record<string, unknown> = {
    stdout: outcome.stdout,
    stderr: outcome.stderr,
    exit_code: exitCode,
    result: done?.has_result ? done.result : 'None',
  };
  if (outcome.timedOut || exitCode === INVALID_STATUS_EXIT_CODE) result['error'] = error;
  return {
    status,
    result,
    stdout: outcome.stdout,
    stderr: outcome.stderr,
    exitCode,
    ...(status === 'succeeded' || error === undefined ? {} : { error }),
  };
}

function errorOf(
  outcome: WorkerOutcome,
  exitCode: number | null,
  timeoutSeconds: number,
): string | undefined {
  const { done } = outcome;
  if (outcome.timedOut) return `Action failed to complete in ${timeoutSeconds} seconds`;
  if (outcome.canceled) return 'Execution was canceled';
  if (!done) return `the Python process exited with code ${exitCode} before the action returned`;
  if (done.error) return done.error;
  if (done.status === false) return 'the action returned (False, result)';
  if (exitCode !== 0) return `exited with code ${exitCode}`;
  return undefined;
}

/** A run that could not start (no interpreter, no virtualenv, no entry point). */
export function pythonStartFailure(error: string): RunnerResult {
  return {
    status: 'failed',
    result: { stdout: '', stderr: '', exit_code: null, result: 'None', error },
    error,
  };
}
