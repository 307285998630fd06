import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** A bare repository (served over file://) and a work clone that commits and pushes to it. */
export interface PackRepo {
  url: string;
  write(relative: string, content: string): Promise<void>;
  /** Commits everything and pushes the current branch; returns the commit. */
  commit(message: string): string;
  /** Creates and switches to a branch. */
  branch(name: string): void;
  checkout(name: string): void;
  cleanup(): Promise<void>;
}

const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Dev Eloper',
  GIT_AUTHOR_EMAIL: 'dev@example.invalid',
  GIT_COMMITTER_NAME: 'Dev Eloper',
  GIT_COMMITTER_EMAIL: 'dev@example.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
};

export async function makePackRepo(): Promise<PackRepo> {
  const root = await mkdtemp(path.join(tmpdir(), 'squall-deploy-repo-'));
  const bare = path.join(root, 'my-packs.git');
  const work = path.join(root, 'work');
  const git = (cwd: string, ...args: string[]): string =>
    execFileSync('git', args, { cwd, env: ENV, encoding: 'utf8' }).trim();
  await mkdir(bare);
  git(bare, 'init', '--quiet', '--bare', '--initial-branch=master');
  await mkdir(work);
  git(work, 'init', '--quiet', '--initial-branch=master');
  git(work, 'remote', 'add', 'origin', bare);
  return {
    url: pathToFileURL(bare).href,
    async write(relative, content) {
      const file = path.join(work, relative);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, content);
    },
    commit(message) {
      git(work, 'add', '--all');
      git(work, 'commit', '--quiet', '--allow-empty', '-m', message);
      git(work, 'push', '--quiet', 'origin', git(work, 'rev-parse', '--abbrev-ref', 'HEAD'));
      return git(work, 'rev-parse', 'HEAD');
    },
    branch(name) {
      git(work, 'checkout', '--quiet', '-b', name);
    },
    checkout(name) {
      git(work, 'checkout', '--quiet', name);
    },
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

/** Writes `packs/<name>/` with an action `say` that echoes `message`. */
export async function writeSayPack(repo: PackRepo, name: string, message: string): Promise<void> {
  await repo.write(
    `packs/${name}/pack.yaml`,
    `name: ${name}\ndescription: pack ${name}\nversion: 1.0.0\nauthor: tests\n`,
  );
  await repo.write(
    `packs/${name}/actions/say.yaml`,
    `name: say\nrunner_type: local-shell-cmd\nentry_point: ''\nparameters:\n  cmd:\n    default: echo ${message}\n`,
  );
}
