import type { Runner, RunnerContext, RunnerResult } from '../../runner.js';
import { refusedShellResult } from '../shell-result.js';
import { remoteCommandLine } from './remote-command.js';
import { REMOTE_RUNNER_PARAMETERS } from './remote-parameters.js';
import { hostResult } from './remote-result.js';
import { runOnHosts, type RemoteShellOptions } from './remote-run.js';
import { sshArguments } from './ssh-command.js';

/** st2's `remote-shell-cmd` over OpenSSH: `cmd` on each of `hosts`. */
export function createRemoteShellCmdRunner(options: RemoteShellOptions = {}): Runner {
  return {
    name: 'remote-shell-cmd',
    description: 'Runs a shell command on remote hosts over SSH (OpenSSH, host keys checked).',
    parameters: {
      cmd: { type: 'string', description: 'Arbitrary Linux command to be executed on the remote host(s).' },
      ...REMOTE_RUNNER_PARAMETERS,
    },
    shellParameters: ['cmd'],
    run: (context) => runRemoteCommand(context, options),
  };
}

async function runRemoteCommand(context: RunnerContext, options: RemoteShellOptions): Promise<RunnerResult> {
  const { parameters, action } = context;
  if (action.spec.entry_point) {
    return refusedShellResult(
      `action ${action.ref} has an entry_point; a script runs with the remote-shell-script runner`,
    );
  }
  const cmd = parameters['cmd'];
  if (typeof cmd !== 'string' || cmd.trim() === '')
    return refusedShellResult(`action ${action.ref}: parameter "cmd" is empty; give the command to run`);
  return runOnHosts(context, options, async (host, run) => {
    const line = remoteCommandLine(cmd, {
      env: run.remoteEnv,
      cwd: typeof parameters['cwd'] === 'string' ? parameters['cwd'] : '/tmp',
      sudo: parameters['sudo'] === true,
      sudoPassword: run.sudoPassword !== undefined,
    });
    const stdin = run.sudoPassword === undefined ? undefined : `${run.sudoPassword}\n`;
    return hostResult(await run.ssh(sshArguments(run.target, line), stdin), host.label, run.timeoutSeconds);
  });
}
