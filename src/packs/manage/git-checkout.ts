import type { SimpleGit } from 'simple-git';

import { BackendError, NotFoundError } from '../../common/errors.js';
import { maskUrlCredentials } from '../../security/url-credentials.js';
import { gitClient, gitStep, splitUrlCredentials, verifyCommit } from './git-client.js';
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
  const { url, credentials } = splitUrlCredentials(options.url);
  const git = gitClient({
    baseDir: options.dir,
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    credentials,
  });
  await gitStep(
    () => git.raw(['clone', '--quiet', '--no-checkout', '--', url, options.dir]),
    installGitError(options.url),
  );
  options.onCloned?.();
  const commit = await resolveCommit(git, options.url, options.ref);
  await gitStep(() => git.raw(['checkout', '--quiet', '--detach', commit]), installGitError(options.url));
  return { commit };
}

/** The commit `ref` names: a remote branch, a tag, a commit, or `v<ref>` for a bare version number. */
async function resolveCommit(git: SimpleGit, url: string, ref: string | undefined): Promise<string> {
  if (ref === undefined) return verifyCommit(git, 'HEAD').then((commit) => commit ?? missing(url, 'HEAD'));
  const candidates = [`refs/remotes/origin/${ref}`, `refs/tags/${ref}`, ref];
  if (/^\d+\.\d+(\.\d+)?$/.test(ref)) candidates.push(`refs/tags/v${ref}`);
  for (const candidate of candidates) {
    const commit = await verifyCommit(git, candidate);
    if (commit) return commit;
  }
  return missing(url, ref);
}

function missing(url: string, ref: string): never {
  throw new NotFoundError(
    `pack install: ${maskUrlCredentials(url)} has no branch, tag or commit "${ref}"; check the name (git ls-remote shows them)`,
    { code: 'E_PACK_REF_NOT_FOUND' },
  );
}

function installGitError(url: string): (maskedDetail: string) => Error {
  return (detail) =>
    new BackendError(`pack install: git failed for ${maskUrlCredentials(url)}: ${detail}`, {
      code: 'E_PACK_GIT',
    });
}
