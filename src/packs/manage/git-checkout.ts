import { simpleGit, type SimpleGit } from 'simple-git';

import { BackendError, NotFoundError, errorMessage } from '../../errors.js';
import { maskUrlCredentials } from '../../security/mask.js';
import { assertSafeGitUrl, assertSafeRef } from './git-source.js';

export interface GitCheckout {
  /** The commit checked out. */
  commit: string;
}

export interface CloneOptions {
  url: string;
  ref?: string;
  /** An existing empty folder to clone into. */
  dir: string;
  signal?: AbortSignal;
  /** @default 300000 (5 minutes without output from git) */
  timeoutMs?: number;
  /** Called once the clone is done, before the ref is checked out. */
  onCloned?: () => void;
}

/**
 * Clones `url` into `dir` and checks out `ref` (a branch, tag or commit; the default branch when
 * absent). User text reaches git only after `--` or `--end-of-options`, only the accepted transports
 * are allowed (also for submodules and redirects), git never prompts, and every error message has
 * URL credentials masked.
 */
export async function cloneAndCheckout(options: CloneOptions): Promise<GitCheckout> {
  assertSafeGitUrl(options.url);
  if (options.ref !== undefined) assertSafeRef(options.ref);
  const git = gitIn(options.dir, options);
  await run(options.url, () =>
    git.raw(['clone', '--quiet', '--no-checkout', '--', options.url, options.dir]),
  );
  options.onCloned?.();
  const commit = await resolveCommit(git, options.url, options.ref);
  await run(options.url, () => git.raw(['checkout', '--quiet', '--detach', commit]));
  return { commit };
}

function gitIn(dir: string, options: CloneOptions): SimpleGit {
  return simpleGit({
    baseDir: dir,
    timeout: { block: options.timeoutMs ?? 300_000 },
    ...(options.signal ? { abort: options.signal } : {}),
  }).env(gitEnvironment());
}

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

function gitEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of PASSED_ON) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  // No prompts for credentials (a server must not hang), and only the transports Squall accepts,
  // also for submodules and redirects.
  return { ...env, GIT_TERMINAL_PROMPT: '0', GIT_ALLOW_PROTOCOL: 'https:ssh:file', GCM_INTERACTIVE: 'never' };
}

/** The commit `ref` names: a remote branch, a tag, a commit, or `v<ref>` for a bare version number. */
async function resolveCommit(git: SimpleGit, url: string, ref: string | undefined): Promise<string> {
  if (ref === undefined) return verify(git, 'HEAD').then((commit) => commit ?? missing(url, 'HEAD'));
  const candidates = [`refs/remotes/origin/${ref}`, `refs/tags/${ref}`, ref];
  if (/^\d+\.\d+(\.\d+)?$/.test(ref)) candidates.push(`refs/tags/v${ref}`);
  for (const candidate of candidates) {
    const commit = await verify(git, candidate);
    if (commit) return commit;
  }
  return missing(url, ref);
}

async function verify(git: SimpleGit, rev: string): Promise<string | undefined> {
  try {
    const out = await git.raw(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
    const commit = out.trim();
    return /^[0-9a-f]{40,64}$/.test(commit) ? commit : undefined;
  } catch {
    return undefined;
  }
}

function missing(url: string, ref: string): never {
  throw new NotFoundError(
    `pack install: ${maskUrlCredentials(url)} has no branch, tag or commit "${ref}"; check the name (git ls-remote shows them)`,
    { code: 'E_PACK_REF_NOT_FOUND' },
  );
}

async function run<T>(url: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    // The cause is left out on purpose: git's own message may hold the URL's token.
    throw new BackendError(
      `pack install: git failed for ${maskUrlCredentials(url)}: ${maskUrlCredentials(errorMessage(error).trim())}`,
      {
        code: 'E_PACK_GIT',
      },
    );
  }
}
