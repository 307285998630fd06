import type { RunnerResult } from '../runner.js';
import type { ProcessOutcome } from './spawn-process.js';

/** st2's shell result: `{stdout, stderr, return_code, succeeded, failed}` (+ `error`). */
export interface ShellResult {
  stdout: unknown;
  stderr: unknown;
  return_code: number | null;
  succeeded: boolean;
  failed: boolean;
  error?: string;
}

/** Minus SIGKILL, what st2 reports as the return code of a timed-out command. */
const TIMEOUT_RETURN_CODE = -9;

/**
 * Turns a finished process into a runner result the way st2's local runner does: exit code 0
 * succeeds, a timeout is status `timeout`, the last newline is stripped and output that is JSON
 * becomes the value it encodes (so `echo 5` gives `stdout: 5`).
 */
export function shellRunnerResult(outcome: ProcessOutcome, timeoutSeconds: number): RunnerResult {
  const stdout = stripShellChars(outcome.stdout);
  const stderr = stripShellChars(outcome.stderr);
  let error: string | undefined;
  let returnCode = outcome.exitCode;
  if (outcome.spawnError) {
    error = `could not start the process: ${outcome.spawnError.message}`;
  } else if (outcome.timedOut) {
    error = `Action failed to complete in ${timeoutSeconds} seconds`;
    returnCode = TIMEOUT_RETURN_CODE;
  } else if (outcome.canceled) {
    error = 'Execution was canceled';
  }
  const succeeded = !error && returnCode === 0;
  const result: ShellResult = {
    failed: !succeeded,
    succeeded,
    return_code: returnCode,
    stdout: parseJsonOrKeep(stdout),
    stderr: parseJsonOrKeep(stderr),
    ...(error ? { error } : {}),
  };
  return {
    status: outcome.timedOut ? 'timeout' : outcome.canceled ? 'canceled' : succeeded ? 'succeeded' : 'failed',
    result,
    stdout,
    stderr,
    exitCode: returnCode,
    ...(error ? { error } : succeeded ? {} : { error: `exited with code ${returnCode}` }),
  };
}

/** st2's strip_shell_chars: drops one trailing "\n", then one trailing "\r". */
export function stripShellChars(text: string): string {
  let out = text.endsWith('\n') ? text.slice(0, -1) : text;
  out = out.endsWith('\r') ? out.slice(0, -1) : out;
  return out;
}

/** st2 json-loads command output: text that is JSON becomes the value it encodes. */
export function parseJsonOrKeep(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return text;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return text;
  }
}

/** A run that never started a process, with the reason in st2's result shape. */
export function refusedShellResult(error: string): RunnerResult {
  return {
    status: 'failed',
    result: { failed: true, succeeded: false, return_code: null, stdout: '', stderr: '', error },
    stdout: '',
    stderr: '',
    exitCode: null,
    error,
  };
}
