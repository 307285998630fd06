import { spawnSync } from 'node:child_process';
import { shellRunnerResult } from '../../../src/actions/runners/shell-result.js';
import type { ActionStatus } from '../../../src/workflows/conductor/statuses.js';

export interface ActionOutcome {
  status: ActionStatus;
  result?: unknown;
}

/**
 * Stand-ins for core.local, core.echo and core.noop that give the results StackStorm's runners
 * give (`{stdout, stderr, return_code, succeeded, failed}`). Commands run in a real bash in `cwd`,
 * with `sleep` made a no-op so that tests never wait on the clock.
 */
export function coreAction(
  action: string,
  input: Record<string, unknown>,
  cwd: string,
): ActionOutcome | undefined {
  if (action === 'core.noop') {
    return {
      status: 'succeeded',
      result: { failed: false, succeeded: true, return_code: 0, stdout: '', stderr: '' },
    };
  }
  if (action === 'core.echo') return bash('echo "$1"', [String(input['message'] ?? '')], cwd);
  if (action === 'core.local') return bash(String(input['cmd'] ?? ''), [], cwd);
  return undefined;
}

function bash(command: string, args: string[], cwd: string): ActionOutcome {
  const run = spawnSync('bash', ['-c', `sleep() { :; }\n${command}`, 'bash', ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: cwd, LANG: 'C.UTF-8' },
    timeout: 20_000,
  });
  const outcome = shellRunnerResult(
    {
      stdout: run.stdout,
      stderr: run.stderr,
      exitCode: run.status,
      signal: run.signal,
      timedOut: false,
      canceled: false,
      ...(run.error ? { spawnError: run.error } : {}),
    },
    60,
  );
  return { status: outcome.status, result: outcome.result };
}
