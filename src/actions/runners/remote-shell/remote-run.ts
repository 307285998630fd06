import { userInfo } from 'node:os';

import { DEFAULT_CONFIG, type SshConfig } from '../../../config/squall-config.js';
import { childEnvironment } from '../../../security/child-environment.js';
import type { RunnerContext, RunnerResult } from '../../runner.js';
import { findExecutable, stringValues, timeoutSeconds } from '../process-environment.js';
import { refusedShellResult } from '../shell-result.js';
import { spawnProcess, type ProcessOutcome } from '../spawn-process.js';
import { isPlainHost, parseHosts, type RemoteHost } from './remote-hosts.js';
import { remoteRunnerResult, type HostResult } from './remote-result.js';
import type { SshTarget } from './ssh-command.js';
import { sshIdentity } from './ssh-identity.js';

export interface RemoteShellOptions {
  /** squall.yaml's `ssh:` section. */
  ssh?: Partial<SshConfig>;
  /** Where `ssh` is looked up. @default process.env.PATH */
  searchPath?: string;
  maxOutputBytes?: number;
  killGraceMs?: number;
}

/** What one host's work needs: where to connect, how to run ssh, and the run's limits. */
export interface HostRun {
  target: SshTarget;
  /** Environment exported on the remote host (the action's `env` and ST2_ACTION_*). */
  remoteEnv: Record<string, string>;
  /** Runs ssh with these arguments; the timeout counts from the start of the execution. */
  ssh(args: string[], stdin?: string | Buffer): Promise<ProcessOutcome>;
  timeoutSeconds: number;
  sudoPassword?: string;
}

const DEFAULT_TIMEOUT_SECONDS = 60;

/**
 * The frame both remote-shell runners share: hosts parsed, the key prepared, then `perHost` on
 * each host (one after another, or `ssh.max_parallel` at a time with `parallel: true`), and st2's
 * per-host result.
 */
export async function runOnHosts(
  context: RunnerContext,
  options: RemoteShellOptions,
  perHost: (host: RemoteHost, run: HostRun) => Promise<HostResult>,
): Promise<RunnerResult> {
  const { parameters } = context;
  const ssh: SshConfig = { ...DEFAULT_CONFIG.ssh, ...options.ssh };
  const hosts = parseHosts(parameters['hosts']);
  if ('error' in hosts) return refusedShellResult(`action ${context.action.ref}: ${hosts.error}`);
  const refused = unsupportedCredentials(parameters);
  if (refused) return refusedShellResult(`action ${context.action.ref}: ${refused}`);
  const bastionText = parameters['bastion_host'];
  let bastion: RemoteHost | undefined;
  if (typeof bastionText === 'string' && bastionText.trim() !== '') {
    const parsed = isPlainHost(bastionText.trim()) ? parseHosts(bastionText.trim()) : undefined;
    if (!parsed || 'error' in parsed || parsed.length !== 1)
      return refusedShellResult(
        `action ${context.action.ref}: bastion_host "${bastionText}" is not a host name`,
      );
    bastion = parsed[0];
  }
  const sshPath = findExecutable('ssh', options.searchPath);
  if (!sshPath) return refusedShellResult('the remote-shell runners need the OpenSSH client (ssh) on PATH');
  const identity = await sshIdentity(parameters['private_key'], ssh.private_key_file);
  if ('error' in identity) return refusedShellResult(`action ${context.action.ref}: ${identity.error}`);
  try {
    const timeout = timeoutSeconds(parameters['timeout'], DEFAULT_TIMEOUT_SECONDS);
    const deadline = timeout > 0 ? Date.now() + timeout * 1000 : undefined;
    const base = {
      user: stringOr(parameters['username'], ssh.user ?? userInfo().username),
      connectTimeoutSeconds: ssh.connect_timeout,
      ...(typeof parameters['port'] === 'number' ? { port: parameters['port'] } : {}),
      ...(identity.file ? { identityFile: identity.file } : {}),
      ...(ssh.known_hosts_file ? { knownHostsFile: ssh.known_hosts_file } : {}),
      ...(bastion ? { bastion } : {}),
    };
    const runFor = (host: RemoteHost): HostRun => ({
      target: { ...base, host },
      remoteEnv: remoteEnvironment(context),
      timeoutSeconds: timeout,
      ...(typeof parameters['sudo_password'] === 'string' && parameters['sudo_password'] !== ''
        ? { sudoPassword: parameters['sudo_password'] }
        : {}),
      ssh: (args, stdin) =>
        spawnProcess({
          command: sshPath,
          args,
          env: childEnvironment(),
          timeoutMs: deadline === undefined ? 0 : Math.max(1, deadline - Date.now()),
          signal: context.signal,
          ...(context.onOutput ? { onOutput: context.onOutput } : {}),
          ...(stdin === undefined ? {} : { stdin }),
          ...(options.maxOutputBytes === undefined ? {} : { maxOutputBytes: options.maxOutputBytes }),
          ...(options.killGraceMs === undefined ? {} : { killGraceMs: options.killGraceMs }),
        }),
    });
    const width = parameters['parallel'] === true ? ssh.max_parallel : 1;
    const results: Record<string, HostResult> = {};
    for (let start = 0; start < hosts.length; start += width) {
      const batch = hosts.slice(start, start + width);
      const done = await Promise.all(batch.map((host) => perHost(host, runFor(host))));
      batch.forEach((host, index) => (results[host.label] = done[index] as HostResult));
    }
    return remoteRunnerResult(results, context.signal.aborted);
  } finally {
    await identity.cleanup();
  }
}

/** BatchMode ssh cannot type a password or a passphrase: refused, with what to do instead. */
function unsupportedCredentials(parameters: Record<string, unknown>): string | undefined {
  if (typeof parameters['password'] === 'string' && parameters['password'] !== '')
    return 'password log-in is not supported (ssh runs in batch mode); give private_key, or set ssh.private_key_file in squall.yaml';
  if (typeof parameters['passphrase'] === 'string' && parameters['passphrase'] !== '')
    return 'passphrase-protected keys are not supported (ssh runs in batch mode); store the key without a passphrase as a secret, or load it into an ssh-agent';
  return undefined;
}

function remoteEnvironment(context: RunnerContext): Record<string, string> {
  return {
    ...stringValues(context.parameters['env']),
    ST2_ACTION_PACK_NAME: context.action.spec.pack,
    ST2_ACTION_EXECUTION_ID: context.executionId,
    ST2_ACTION_NAME: context.action.ref,
  };
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}
