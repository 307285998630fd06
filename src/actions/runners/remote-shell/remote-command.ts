import { shellQuote } from '../../../templates/shell-quote.js';

export interface RemoteCommandOptions {
  /** Environment exported before the command (sorted by name, names and values quoted). */
  env: Record<string, string>;
  cwd: string;
  sudo: boolean;
  /** sudo reads the password from stdin (ssh forwards it), so it never appears in a command line. */
  sudoPassword?: boolean;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The command line the remote shell runs, as st2's remote runners build it:
 * `export K=V … && cd <cwd> && <command>`, wrapped in `sudo -E -- bash -c '…'` with sudo. With a
 * sudo password st2 echoes it into `sudo -S`; here sudo reads it from stdin instead.
 */
export function remoteCommandLine(command: string, options: RemoteCommandOptions): string {
  const env = options.env;
  const exports = Object.keys(env)
    .filter((name) => ENV_NAME.test(name))
    .sort()
    .map((name) => `${shellQuote(name)}=${shellQuote(env[name] ?? '')}`);
  const prefix = exports.length > 0 ? `export ${exports.join(' ')} && ` : '';
  const line = `${prefix}cd ${shellQuote(options.cwd)} && ${command}`;
  if (!options.sudo) return line;
  const flags = options.sudoPassword ? "-S -p '' -E" : '-n -E';
  return `sudo ${flags} -- bash -c ${shellQuote(line)}`;
}
