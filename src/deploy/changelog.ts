import type { SimpleGit } from 'simple-git';

import type { DeploymentChange, DeploymentCommit } from '../domain/deployment.js';
import { verifyCommit } from '../packs/manage/git-client.js';

/** Commits listed per pack at most; the rest is flagged `truncated`. */
export const CHANGELOG_LIMIT = 50;

const SEPARATOR = '\u001f';

/**
 * What changed for one pack: the commits touching its folder between the revision it had and the
 * one deployed, and those of the old revision that the new one lacks (a rollback, a force push).
 * An old revision the repository does not have yields empty lists.
 */
export async function packChangelog(
  git: SimpleGit,
  change: { pack: string; from: string | null; to: string; folder: string },
): Promise<DeploymentChange> {
  const base = { pack: change.pack, from: change.from, to: change.to };
  if (change.from === null || change.from === change.to || !(await verifyCommit(git, change.from))) {
    return { ...base, commits: [], reverted: [], truncated: false };
  }
  const commits = await commitsIn(git, `${change.from}..${change.to}`, change.folder);
  const reverted = await commitsIn(git, `${change.to}..${change.from}`, change.folder);
  return {
    ...base,
    commits: commits.slice(0, CHANGELOG_LIMIT),
    reverted: reverted.slice(0, CHANGELOG_LIMIT),
    truncated: commits.length > CHANGELOG_LIMIT || reverted.length > CHANGELOG_LIMIT,
  };
}

async function commitsIn(git: SimpleGit, range: string, folder: string): Promise<DeploymentCommit[]> {
  const out = await git.raw([
    'log',
    `--max-count=${CHANGELOG_LIMIT + 1}`,
    `--format=%H${SEPARATOR}%an${SEPARATOR}%aI${SEPARATOR}%s`,
    '--end-of-options',
    range,
    '--',
    folder,
  ]);
  return out
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [id = '', author = '', date = '', ...subject] = line.split(SEPARATOR);
      return { id, author, date, subject: subject.join(SEPARATOR) };
    });
}
