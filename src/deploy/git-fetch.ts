import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { simpleGit, type SimpleGit } from 'simple-git';

import { BackendError, NotFoundError, errorMessage } from '../errors.js';
import { assertSafeGitUrl, assertSafeRef } from '../packs/manage/git-source.js';
import { maskUrlCredentials } from '../security/mask.js';
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

/** Variables git and ssh need from this process; the rest (GIT_DIR, EDITOR, ...) are not passed on. */
const PASSED_ON = [
  'PATH',
  'HOME',
  'USER',
  'LANG',
  'LC_ALL',
  'TMPDIR',
  'SSH_AUTH_SOCK',
  'HTTPS_PROXY',
  'https_proxy',
  'NO_PROXY',
  'no_proxy',
  'SYSTEMROOT',
];

function gitEnvironment(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of PASSED_ON) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  // Never prompt (a server must not hang) and only the transports Squall accepts, submodules too.
  return {
    ...env,
    GIT_TERMINAL_PROMPT: '0',
    GIT_ALLOW_PROTOCOL: 'https:ssh:file',
    GCM_INTERACTIVE: 'never',
    ...extra,
  };
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
    const env = gitEnvironment(
      options.sshKey ? await sshKeyEnvironment(options.sshKey, path.join(root, 'ssh')) : {},
    );
    const git = simpleGit({
      baseDir: root,
      // Squall sets GIT_SSH_COMMAND itself (the deploy key); nothing user-typed reaches it.
      ...(options.sshKey ? { unsafe: { allowUnsafeSshCommand: true } } : {}),
      timeout: { block: options.timeoutMs ?? 300_000 },
      ...(options.signal ? { abort: options.signal } : {}),
    }).env(env);
    await gitStep(options.url, 'clone', () =>
      git.raw(['clone', '--quiet', '--no-checkout', '--', options.url, dir]),
    );
    await git.cwd(dir);
    const commit = await revision(git, `refs/remotes/origin/${options.branch}`);
    if (!commit) {
      throw new NotFoundError(
        `packs.deploy: ${maskUrlCredentials(options.url)} has no branch "${options.branch}"; check the name (git ls-remote --heads shows them)`,
        { code: 'E_DEPLOY_BRANCH_NOT_FOUND' },
      );
    }
    await gitStep(options.url, 'checkout', () => git.raw(['checkout', '--quiet', '--detach', commit]));
    return { dir, commit, git, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** The commit `rev` names in the checkout, or undefined. */
export async function revision(git: SimpleGit, rev: string): Promise<string | undefined> {
  try {
    const out = await git.raw(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
    const commit = out.trim();
    return /^[0-9a-f]{40,64}$/.test(commit) ? commit : undefined;
  } catch {
    return undefined;
  }
}

async function gitStep<T>(url: string, step: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new BackendError(
      `packs.deploy: git ${step} of ${maskUrlCredentials(url)} failed: ${maskUrlCredentials(errorMessage(error).trim())}`,
      { code: 'E_DEPLOY_GIT' },
    );
  }
}
