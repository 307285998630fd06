import { access, chmod, constants as fsConstants, stat } from 'node:fs/promises';

import type { Runner, RunnerContext, RunnerResult } from '../runner.js';
import {
  DEFAULT_ACTION_TIMEOUT_SECONDS,
  LOCAL_RUNNER_PARAMETERS,
  processSettings,
  type ProcessRunnerOptions,
} from './local-runner-options.js';
import { actionEnvironment, timeoutSeconds } from './process-environment.js';
import { resolveEntryPoint } from './resolve-entry-point.js';
import { parameterEnvironment, scriptArguments } from './script-arguments.js';
import { refusedShellResult, shellRunnerResult } from './shell-result.js';
import { spawnProcess } from './spawn-process.js';
import { withSudo, type Command } from './sudo.js';

const SCRIPT_RUNNER_PARAMETERS = {
  ...LOCAL_RUNNER_PARAMETERS,
  debug: {
    type: 'boolean' as const,
    default: false,
    required: false,
    description: 'Enable runner debug mode.',
  },
};

/**
 * st2's `local-shell-script`: runs the pack file named by `entry_point` (relative to the pack's
 * `actions/`) directly, without a shell, with the parameters as arguments.
 */
export function createLocalShellScriptRunner(options: ProcessRunnerOptions = {}): Runner {
  const runnerParameterNames = new Set(Object.keys(SCRIPT_RUNNER_PARAMETERS));
  return {
    name: 'local-shell-script',
    description: "Runs a script from the action's pack on the host running Squall.",
    parameters: SCRIPT_RUNNER_PARAMETERS,
    shellParameters: [],
    run: (context) => runScript(context, runnerParameterNames, options),
  };
}

async function runScript(
  context: RunnerContext,
  runnerParameterNames: ReadonlySet<string>,
  options: ProcessRunnerOptions,
): Promise<RunnerResult> {
  const { parameters, action } = context;
  const entry = await resolveEntryPoint(context.packDir, action.spec.entry_point, action.ref);
  if ('error' in entry) return refusedShellResult(entry.error);
  const executable = await ensureExecutable(entry.path);
  if (executable) return refusedShellResult(`action ${action.ref}: ${executable}`);

  const kwargOp = typeof parameters['kwarg_op'] === 'string' ? parameters['kwarg_op'] : '--';
  const args = scriptArguments(action.parameters, runnerParameterNames, parameters, kwargOp);
  let command: Command = { command: entry.path, args: args.argv };
  if (parameters['sudo'] === true) {
    const wrapped = withSudo(command, parameters['sudo_password'], options.searchPath);
    if ('error' in wrapped) return refusedShellResult(`action ${action.ref}: ${wrapped.error}`);
    command = wrapped;
  }
  const extra = parameterEnvironment(args.actionParameters);
  if (parameters['debug'] === true) extra['ST2_ACTION_DEBUG'] = 'True';
  const timeout = timeoutSeconds(parameters['timeout'], DEFAULT_ACTION_TIMEOUT_SECONDS);
  context.logger.debug({ execution: context.executionId, script: entry.path }, 'running script');
  const outcome = await spawnProcess({
    ...command,
    ...processSettings(context, timeout, options),
    env: actionEnvironment(context, { env: parameters['env'], extra }),
  });
  return shellRunnerResult(outcome, timeout);
}

/** st2 makes the script executable before running it; so do we. Returns an error message on failure. */
async function ensureExecutable(path: string): Promise<string | undefined> {
  try {
    await access(path, fsConstants.X_OK);
    return undefined;
  } catch {
    try {
      const { mode } = await stat(path);
      await chmod(path, mode | 0o111);
      return undefined;
    } catch (error) {
      return `script ${path} is not executable and could not be made so (${String(error)}); run chmod +x on it`;
    }
  }
}
