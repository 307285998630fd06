import { existsSync } from 'node:fs';

import type { Runner, RunnerContext, RunnerResult } from '../runner.js';
import {
  DEFAULT_ACTION_TIMEOUT_SECONDS,
  LOCAL_RUNNER_PARAMETERS,
  processSettings,
  type ProcessRunnerOptions,
} from './local-runner-options.js';
import { actionEnvironment, timeoutSeconds } from './process-environment.js';
import { refusedShellResult as refused, shellRunnerResult } from './shell-result.js';
import { spawnProcess } from './spawn-process.js';
import { withSudo, type Command } from './sudo.js';

/** st2's `local-shell-cmd`: runs `cmd` with `/bin/bash -c` (or `/bin/sh -c`) on this host. */
export function createLocalShellCmdRunner(options: ProcessRunnerOptions = {}): Runner {
  return {
    name: 'local-shell-cmd',
    description: 'Runs a shell command on the host running Squall.',
    parameters: {
      cmd: { type: 'string', description: 'Arbitrary Linux command to be executed on the host.' },
      ...LOCAL_RUNNER_PARAMETERS,
    },
    shellParameters: ['cmd'],
    run: (context) => runShellCommand(context, options),
  };
}

async function runShellCommand(context: RunnerContext, options: ProcessRunnerOptions): Promise<RunnerResult> {
  const { parameters } = context;
  const cmd = parameters['cmd'];
  if (typeof cmd !== 'string' || cmd.trim() === '') {
    return refused(`action ${context.action.ref}: parameter "cmd" is empty; give the command to run`);
  }
  const shell = existsSync('/bin/bash') ? '/bin/bash' : '/bin/sh';
  let command: Command = { command: shell, args: ['-c', cmd] };
  if (parameters['sudo'] === true) {
    const wrapped = withSudo(command, parameters['sudo_password'], options.searchPath);
    if ('error' in wrapped) return refused(`action ${context.action.ref}: ${wrapped.error}`);
    command = wrapped;
  }
  const timeout = timeoutSeconds(parameters['timeout'], DEFAULT_ACTION_TIMEOUT_SECONDS);
  context.logger.debug(
    { execution: context.executionId, sudo: parameters['sudo'] === true },
    'running shell command',
  );
  const outcome = await spawnProcess({
    ...command,
    ...processSettings(context, timeout, options),
    env: actionEnvironment(context, { env: parameters['env'] }),
  });
  return shellRunnerResult(outcome, timeout);
}
