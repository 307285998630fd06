import type { RunnerResult } from '../../runner.js';
import { parseJsonOrKeep, stripShellChars } from '../shell-result.js';
import type { ProcessOutcome } from '../spawn-process.js';

/** One host's result, as st2's ParallelSSHClient reports it. */
export interface HostResult {
  stdout: unknown;
  stderr: unknown;
  return_code: number | null;
  succeeded: boolean;
  failed: boolean;
  timeout?: boolean;
  error?: string;
}

const TIMEOUT_RETURN_CODE = -9;
/** ssh's own exit code when it could not connect, authenticate or verify the host key. */
const SSH_ERROR_CODE = 255;

export function hostResult(outcome: ProcessOutcome, label: string, timeoutSeconds: number): HostResult {
  const stdout = parseJsonOrKeep(stripShellChars(outcome.stdout));
  const stderr = parseJsonOrKeep(stripShellChars(outcome.stderr));
  if (outcome.spawnError) return hostError(`could not start ssh: ${outcome.spawnError.message}`);
  if (outcome.timedOut || outcome.canceled) {
    return {
      stdout,
      stderr,
      return_code: TIMEOUT_RETURN_CODE,
      succeeded: false,
      failed: true,
      timeout: outcome.timedOut,
      error: outcome.timedOut
        ? `the command on ${label} did not finish in ${timeoutSeconds} seconds`
        : 'Execution was canceled',
    };
  }
  const succeeded = outcome.exitCode === 0;
  const result: HostResult = { stdout, stderr, return_code: outcome.exitCode, succeeded, failed: !succeeded };
  if (outcome.exitCode === SSH_ERROR_CODE) {
    result.error = `ssh to ${label} failed: ${stripShellChars(outcome.stderr).trim() || 'exit code 255'}`;
  }
  return result;
}

export function hostError(error: string): HostResult {
  return { stdout: '', stderr: '', return_code: SSH_ERROR_CODE, succeeded: false, failed: true, error };
}

/** st2's status for per-host results: succeeded when every host did, timeout when every host timed out. */
export function remoteRunnerResult(results: Record<string, HostResult>, canceled: boolean): RunnerResult {
  const all = Object.values(results);
  const succeeded = all.length > 0 && all.every((host) => host.succeeded);
  const timedOut = all.length > 0 && all.every((host) => host.timeout === true);
  const status: RunnerResult['status'] = canceled
    ? 'canceled'
    : succeeded
      ? 'succeeded'
      : timedOut
        ? 'timeout'
        : 'failed';
  const failures = Object.entries(results)
    .filter(([, host]) => !host.succeeded)
    .map(([label, host]) => `${label}: ${host.error ?? `exited with code ${host.return_code}`}`);
  const single = all.length === 1 ? all[0] : undefined;
  return {
    status,
    result: results,
    ...(single
      ? { stdout: text(single.stdout), stderr: text(single.stderr), exitCode: single.return_code }
      : {}),
    ...(status === 'succeeded' ? {} : { error: failures.join('; ') || 'Execution was canceled' }),
  };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
