import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import path from 'node:path';

import { shellQuote } from '../../../templates/shell-quote.js';
import type { Runner, RunnerContext, RunnerResult } from '../../runner.js';
import { resolveEntryPoint } from '../resolve-entry-point.js';
import { scriptArguments } from '../script-arguments.js';
import { refusedShellResult } from '../shell-result.js';
import { remoteCommandLine } from './remote-command.js';
import { REMOTE_RUNNER_PARAMETER_NAMES, REMOTE_RUNNER_PARAMETERS } from './remote-parameters.js';
import { hostError, hostResult } from './remote-result.js';
import { runOnHosts, type RemoteShellOptions } from './remote-run.js';
import { sshArguments } from './ssh-command.js';

const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;

/**
 * st2's `remote-shell-script` over OpenSSH: the entry point (and the `lib` folder beside it) is
 * copied to `<dir>/<execution id>/` on each host, run there with st2's arguments, then deleted.
 */
export function createRemoteShellScriptRunner(options: RemoteShellOptions = {}): Runner {
  return {
    name: 'remote-shell-script',
    description: 'Copies a script to remote hosts over SSH (OpenSSH, host keys checked) and runs it.',
    parameters: REMOTE_RUNNER_PARAMETERS,
    shellParameters: [],
    run: (context) => runRemoteScript(context, options),
  };
}

async function runRemoteScript(context: RunnerContext, options: RemoteShellOptions): Promise<RunnerResult> {
  const { parameters, action } = context;
  const entry = await resolveEntryPoint(context.packDir, action.spec.entry_point, action.ref);
  if ('error' in entry) return refusedShellResult(entry.error);
  const upload = await archive(entry.path);
  if ('error' in upload) return refusedShellResult(`action ${action.ref}: ${upload.error}`);
  const kwargOp = typeof parameters['kwarg_op'] === 'string' ? parameters['kwarg_op'] : '--';
  const { argv } = scriptArguments(action.parameters, REMOTE_RUNNER_PARAMETER_NAMES, parameters, kwargOp);
  const dir = typeof parameters['dir'] === 'string' && parameters['dir'] !== '' ? parameters['dir'] : '/tmp';
  const remoteDir = path.posix.join(dir, context.executionId);
  const script = path.posix.join(remoteDir, path.basename(entry.path));
  return runOnHosts(context, options, async (host, run) => {
    const unpack = `umask 077 && mkdir -p ${shellQuote(remoteDir)} && tar -xf - -C ${shellQuote(remoteDir)}`;
    const copied = await run.ssh(sshArguments(run.target, unpack), upload.tar);
    if (copied.exitCode !== 0 || copied.timedOut || copied.canceled) {
      const failed = hostResult(copied, host.label, run.timeoutSeconds);
      return failed.timeout
        ? failed
        : hostError(`Failed copying content to ${host.label}: ${String(failed.stderr)}`);
    }
    const command = [script, ...argv].map(shellQuote).join(' ');
    const line = remoteCommandLine(command, {
      env: run.remoteEnv,
      cwd: typeof parameters['cwd'] === 'string' ? parameters['cwd'] : '/tmp',
      sudo: parameters['sudo'] === true,
      sudoPassword: run.sudoPassword !== undefined,
    });
    const cleanup = `${line}; status=$?; rm -rf ${shellQuote(remoteDir)}; exit $status`;
    const stdin = run.sudoPassword === undefined ? undefined : `${run.sudoPassword}\n`;
    return hostResult(
      await run.ssh(sshArguments(run.target, cleanup), stdin),
      host.label,
      run.timeoutSeconds,
    );
  });
}

/** A tar stream of the script (mode 0744) and its folder's `lib/`, made by the local tar. */
async function archive(script: string): Promise<{ tar: Buffer } | { error: string }> {
  const folder = path.dirname(script);
  const members = [path.basename(script)];
  if ((await stat(path.join(folder, 'lib')).catch(() => undefined))?.isDirectory()) members.push('lib');
  return new Promise((resolve) => {
    execFile(
      'tar',
      ['-C', folder, '--mode=u+rwx,go+r', '-cf', '-', '--', ...members],
      { encoding: 'buffer', maxBuffer: MAX_UPLOAD_BYTES },
      (error, stdout) =>
        resolve(
          error ? { error: `could not pack the script for copying: ${error.message}` } : { tar: stdout },
        ),
    );
  });
}
