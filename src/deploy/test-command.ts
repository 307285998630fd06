import { spawnProcess } from '../actions/runners/spawn-process.js';

/** What the repository's `test` command did in the checkout. */
export interface TestOutcome {
  command: string;
  passed: boolean;
  exit_code: number | null;
  timed_out: boolean;
  /** stdout then stderr, the last bytes only. */
  output: string;
}

export const TEST_TIMEOUT_MS = 10 * 60_000;
const OUTPUT_BYTES = 64 * 1024;
const ENV_PASSED_ON = ['PATH', 'HOME', 'USER', 'LANG', 'LC_ALL', 'TMPDIR', 'SYSTEMROOT'];

/**
 * Runs `command` with `sh -c` in the checkout, in its own process group (a timeout or cancel kills
 * all it started). The engine's environment is not passed on beyond what tools need to run.
 */
export async function runTestCommand(
  command: string,
  cwd: string,
  options: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<TestOutcome> {
  const env: NodeJS.ProcessEnv = { CI: 'true' };
  for (const name of ENV_PASSED_ON) if (process.env[name] !== undefined) env[name] = process.env[name];
  const outcome = await spawnProcess({
    command: '/bin/sh',
    args: ['-c', command],
    cwd,
    env,
    timeoutMs: options.timeoutMs ?? TEST_TIMEOUT_MS,
    maxOutputBytes: OUTPUT_BYTES,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const output = [outcome.stdout, outcome.stderr, outcome.spawnError?.message ?? '']
    .filter((part) => part !== '')
    .join('\n');
  return {
    command,
    passed: outcome.exitCode === 0 && !outcome.timedOut && !outcome.canceled,
    exit_code: outcome.exitCode,
    timed_out: outcome.timedOut,
    output: output.length > OUTPUT_BYTES ? output.slice(-OUTPUT_BYTES) : output,
  };
}
