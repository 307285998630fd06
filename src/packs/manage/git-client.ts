import { simpleGit, type SimpleGit } from 'simple-git';

import { errorMessage } from '../../common/errors.js';
import { maskUrlCredentials } from '../../security/mask.js';

/** Variables git and ssh need from this process; the rest (GIT_DIR, EDITOR, ...) are not passed on. */
const PASSED_ON = [
  'PATH',
  'HOME',
  'USER',
  'LANG',
  'LC_ALL',
  'TMPDIR',
  'XDG_CONFIG_HOME',
  'SSH_AUTH_SOCK',
  'HTTPS_PROXY',
  'https_proxy',
  'NO_PROXY',
  'no_proxy',
  'SYSTEMROOT',
];

export interface GitClientOptions {
  baseDir: string;
  signal?: AbortSignal | undefined;
  /** @default 300000 (5 minutes without output from git) */
  timeoutMs?: number | undefined;
  /** Variables added to git's environment, e.g. GIT_SSH_COMMAND for a deploy key. */
  env?: Record<string, string>;
  /** Set when `env` holds a GIT_SSH_COMMAND that Squall built itself (nothing user-typed reaches it). */
  allowSshCommand?: boolean;
}

/** A simple-git client that never prompts and accepts only the transports Squall does. */
export function gitClient(options: GitClientOptions): SimpleGit {
  return simpleGit({
    baseDir: options.baseDir,
    ...(options.allowSshCommand ? { unsafe: { allowUnsafeSshCommand: true } } : {}),
    timeout: { block: options.timeoutMs ?? 300_000 },
    ...(options.signal ? { abort: options.signal } : {}),
  }).env(gitEnvironment(options.env));
}

function gitEnvironment(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of PASSED_ON) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  // No prompts for credentials (a server must not hang), and only the transports Squall accepts,
  // also for submodules and redirects.
  return {
    ...env,
    GIT_TERMINAL_PROMPT: '0',
    GIT_ALLOW_PROTOCOL: 'https:ssh:file',
    GCM_INTERACTIVE: 'never',
    ...extra,
  };
}

/** The commit `rev` names in the repository, or undefined. */
export async function verifyCommit(git: SimpleGit, rev: string): Promise<string | undefined> {
  try {
    const out = await git.raw(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
    const commit = out.trim();
    return /^[0-9a-f]{40,64}$/.test(commit) ? commit : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs one git step; a failure becomes the error `fail` builds from git's message with URL
 * credentials masked. No cause is attached on purpose: git's own message may hold the URL's token.
 */
export async function gitStep<T>(work: () => Promise<T>, fail: (maskedDetail: string) => Error): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw fail(maskUrlCredentials(errorMessage(error).trim()));
  }
}
