import { createRequire } from 'node:module';

import type { SimpleGit, SimpleGitFactory } from 'simple-git';

import { errorMessage } from '../../common/errors.js';
import { maskUrlCredentials } from '../../security/url-credentials.js';

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
  // A private CA for an internal git server.
  'GIT_SSL_CAINFO',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
];

/** A user name and token taken out of a URL, handed to git by a credential helper instead. */
export interface GitCredentials {
  username: string;
  password: string;
}

/**
 * Takes `user:token@` out of an https:// URL: git then sees the URL without them, so they are on no
 * command line (`ps`), in no remote of the checkout and in no error message.
 */
export function splitUrlCredentials(url: string): { url: string; credentials?: GitCredentials } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { url };
  }
  if (parsed.protocol !== 'https:' || (parsed.username === '' && parsed.password === '')) return { url };
  const credentials = {
    username: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
  };
  parsed.username = '';
  parsed.password = '';
  return { url: parsed.toString(), credentials };
}

export interface GitClientOptions {
  baseDir: string;
  signal?: AbortSignal | undefined;
  /** @default 300000 (5 minutes without output from git) */
  timeoutMs?: number | undefined;
  /** Variables added to git's environment, e.g. GIT_SSH_COMMAND for a deploy key. */
  env?: Record<string, string>;
  /** Set when `env` holds a GIT_SSH_COMMAND that Squall built itself (nothing user-typed reaches it). */
  allowSshCommand?: boolean;
  /** Given to git through a credential helper reading the environment, never on the command line. */
  credentials?: GitCredentials | undefined;
}

/** A simple-git client that never prompts and accepts only the transports Squall does. */
export function gitClient(options: GitClientOptions): SimpleGit {
  const credentials = options.credentials;
  // Loaded on first use: a server that never installs or deploys a pack never pays for it.
  const { simpleGit } = createRequire(import.meta.url)('simple-git') as { simpleGit: SimpleGitFactory };
  return simpleGit({
    baseDir: options.baseDir,
    // Squall writes these settings itself; nothing user-typed reaches them.
    unsafe: {
      ...(options.allowSshCommand ? { allowUnsafeSshCommand: true } : {}),
      ...(credentials ? { allowUnsafeConfigEnvCount: true, allowUnsafeCredentialHelper: true } : {}),
    },
    timeout: { block: options.timeoutMs ?? 300_000 },
    ...(options.signal ? { abort: options.signal } : {}),
  }).env(gitEnvironment({ ...options.env, ...(credentials ? credentialEnvironment(credentials) : {}) }));
}

/**
 * A credential helper configured through the environment (GIT_CONFIG_COUNT), after one that clears
 * any configured helper: git asks it when the server wants a password, and it answers from two
 * variables of git's own environment.
 */
function credentialEnvironment(credentials: GitCredentials): Record<string, string> {
  return {
    GIT_CONFIG_COUNT: '2',
    GIT_CONFIG_KEY_0: 'credential.helper',
    GIT_CONFIG_VALUE_0: '',
    GIT_CONFIG_KEY_1: 'credential.helper',
    GIT_CONFIG_VALUE_1:
      '!f() { test "$1" = get && printf "username=%s\\npassword=%s\\n" "$SQUALL_GIT_USERNAME" "$SQUALL_GIT_PASSWORD"; }; f',
    SQUALL_GIT_USERNAME: credentials.username,
    SQUALL_GIT_PASSWORD: credentials.password,
  };
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
