import { shellQuote } from '../../../templates/shell-quote.js';
import type { RemoteHost } from './remote-hosts.js';

export interface SshTarget {
  host: RemoteHost;
  user: string;
  /** Port when the host does not give one. */
  port?: number;
  identityFile?: string;
  /** Host keys are checked against it; ssh's default (~/.ssh/known_hosts) when absent. */
  knownHostsFile?: string;
  connectTimeoutSeconds: number;
  /** Proxied through this host, with the same user, key and port. */
  bastion?: RemoteHost;
}

/**
 * `ssh` arguments for one remote command: never a prompt (BatchMode), host keys checked against
 * known_hosts (an unknown or changed key fails the run), no terminal, the host after `--`.
 */
export function sshArguments(target: SshTarget, remoteCommand: string): string[] {
  return [...connectionOptions(target, target.host), '--', target.host.hostname, remoteCommand];
}

function connectionOptions(target: SshTarget, host: RemoteHost): string[] {
  const options = [
    '-T',
    '-o',
    'BatchMode=yes',
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    `ConnectTimeout=${target.connectTimeoutSeconds}`,
    '-o',
    'LogLevel=ERROR',
    '-l',
    target.user,
  ];
  const port = host.port ?? target.port;
  if (port !== undefined) options.push('-p', String(port));
  if (target.knownHostsFile) options.push('-o', `UserKnownHostsFile=${configValue(target.knownHostsFile)}`);
  if (target.identityFile) options.push('-i', target.identityFile, '-o', 'IdentitiesOnly=yes');
  if (target.bastion && host === target.host) {
    // ssh runs ProxyCommand with a shell: every word is quoted, the bastion is a plain host name.
    const jump = [
      'ssh',
      ...connectionOptions(target, target.bastion),
      '-W',
      '%h:%p',
      '--',
      target.bastion.hostname,
    ];
    options.push(
      '-o',
      `ProxyCommand=${jump.map((word) => (word === '%h:%p' ? word : shellQuote(word))).join(' ')}`,
    );
  }
  return options;
}

/** A value in ssh's `-o Key=Value` syntax: quoted when it holds spaces. */
function configValue(value: string): string {
  return /\s/.test(value) ? `"${value}"` : value;
}
