import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { SimpleGit } from 'simple-git';

import { BackendError, NotFoundError } from '../common/errors.js';
import { gitClient, gitStep, splitUrlCredentials, verifyCommit } from '../packs/manage/git-client.js';
import { assertSafeGitUrl, assertSafeRef } from '../packs/manage/git-source.js';
import { maskUrlCredentials } from '../security/url-credentials.js';
import { sshKeyEnvironment } from './ssh-key.js';

export interface FetchBranchOptions {
  /** The real URL (credentials included); it never appears in a message. */
  url: string;
  branch: string;
  sshKey?: string;
  signal?: AbortSignal;
  /** @default 300000 (5 minutes without output from git) */
  timeoutMs?: number;
}

/** A checkout of a branch in a temp folder, with the repository's history for changelogs. */
export interface FetchedBranch {
  dir: string;
  commit: string;
  git: SimpleGit;
  cleanup(): Promise<void>;
}

/**
 * Clones the repository and checks out the tip of `branch` (detached). User text reaches git only
 * after `--` or `--end-of-options`; every error has URL credentials masked and no git cause attached
 * (git's own message may hold the token).
 */
export async function fetchBranch(options: FetchBranchOptions): Promise<FetchedBranch> {
  assertSafeGitUrl(options.url);
  assertSafeRef(options.branch);
  const root = await mkdtemp(path.join(tmpdir(), 'squall-deploy-'));
  const cleanup = (): Promise<void> => rm(root, { recursive: true, force: true });
  try {
    const dir = path.join(root, 'checkout');
    const { url, credentials } = splitUrlCredentials(options.url);
    const git = gitClient({
      credentials,
      baseDir: root,
      ...(options.sshKey
        ? {
            // Squall sets GIT_SSH_COMMAND itself (the deploy key); nothing user-typed reaches it.
            env: await sshKeyEnvironment(options.sshKey, path.join(root, 'ssh')),
            allowSshCommand: true,
          }
        : {}),
      timeoutMs: options.timeoutMs,
      signal: options.signal,
    });
    await gitStep(
      () => git.raw(['clone', '--quiet', '--no-checkout', '--', url, dir]),
      deployGitError(options.url, 'clone'),
    );
    await git.cwd(dir);
    const commit = await verifyCommit(git, `refs/remotes/origin/${options.branch}`);
    if (!commit) {
      throw new NotFoundError(
        `packs.deploy: ${maskUrlCredentials(options.url)} has no branch "${options.branch}"; check the name (git ls-remote --heads shows them)`,
        { code: 'E_DEPLOY_BRANCH_NOT_FOUND' },
      );
    }
    await gitStep(
      () => git.raw(['checkout', '--quiet', '--detach', commit]),
      deployGitError(options.url, 'checkout'),
    );
    return { dir, commit, git, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

function deployGitError(url: string, step: string): (maskedDetail: string) => Error {
  return (detail) =>
    new BackendError(`packs.deploy: git ${step} of ${maskUrlCredentials(url)} failed: ${detail}`, {
      code: 'E_DEPLOY_GIT',
    });
}
