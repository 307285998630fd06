import { findExecutable } from './process-environment.js';

export interface Command {
  command: string;
  args: string[];
  stdin?: string;
}

/**
 * Wraps a command in `sudo -n -E --` (or `sudo -S -E --` with the password on stdin when a
 * `sudo_password` is given). Returns an error message instead when sudo is not installed.
 */
export function withSudo(
  command: Command,
  sudoPassword: unknown,
  searchPath?: string,
): Command | { error: string } {
  const sudo = findExecutable('sudo', searchPath);
  if (!sudo) {
    return {
      error:
        'the action asks for sudo but sudo is not installed on this host (not found on PATH); ' +
        'install sudo and allow the Squall user to run it without a password, or run the action with sudo: false',
    };
  }
  const password = typeof sudoPassword === 'string' && sudoPassword !== '' ? sudoPassword : undefined;
  return {
    command: sudo,
    args: [password ? '-S' : '-n', '-E', '--', command.command, ...command.args],
    ...(password ? { stdin: `${password}\n` } : {}),
  };
}
