import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** A bare repository and a work clone in a temp folder, for installing over file://. */
export interface GitFixture {
  /** `file://` URL of the bare repository. */
  url: string;
  work: string;
  write(relative: string, content: string): Promise<void>;
  remove(relative: string): Promise<void>;
  /** Commits everything and pushes the current branch; returns the commit. */
  commit(message: string): string;
  branch(name: string): void;
  checkout(name: string): void;
  tag(name: string): void;
  cleanup(): Promise<void>;
}

const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'tests',
  GIT_AUTHOR_EMAIL: 'tests@example.invalid',
  GIT_COMMITTER_NAME: 'tests',
  GIT_COMMITTER_EMAIL: 'tests@example.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
};

export async function makeGitRepo(): Promise<GitFixture> {
  const root = await mkdtemp(path.join(tmpdir(), 'squall-git-'));
  const bare = path.join(root, 'origin.git');
  const work = path.join(root, 'work');
  const git = (cwd: string, ...args: string[]): string =>
    execFileSync('git', args, { cwd, env: ENV, encoding: 'utf8' }).trim();
  await mkdir(bare);
  git(bare, 'init', '--quiet', '--bare', '--initial-branch=master');
  git(root, 'clone', '--quiet', bare, work);
  git(work, 'checkout', '--quiet', '-B', 'master');
  return {
    url: pathToFileURL(bare).href,
    work,
    async write(relative, content) {
      const file = path.join(work, relative);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, content);
    },
    async remove(relative) {
      await rm(path.join(work, relative), { recursive: true, force: true });
    },
    commit(message) {
      git(work, 'add', '--all');
      git(work, 'commit', '--quiet', '--allow-empty', '-m', message);
      const branch = git(work, 'rev-parse', '--abbrev-ref', 'HEAD');
      git(work, 'push', '--quiet', 'origin', branch);
      return git(work, 'rev-parse', 'HEAD');
    },
    branch(name) {
      git(work, 'checkout', '--quiet', '-b', name);
    },
    checkout(name) {
      git(work, 'checkout', '--quiet', name);
    },
    tag(name) {
      git(work, 'tag', name);
      git(work, 'push', '--quiet', 'origin', name);
    },
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

export function packYamlText(name: string, version = '1.0.0', extra = ''): string {
  return `name: ${name}\ndescription: test pack ${name}\nversion: ${version}\nauthor: tests\n${extra}`;
}

export function echoAction(name: string, message: string): string {
  return `name: ${name}\nrunner_type: local-shell-cmd\nentry_point: ''\nparameters:\n  cmd:\n    default: echo ${message}\n`;
}

export function webhookRule(pack: string, name: string, action: string): string {
  return [
    `name: ${name}`,
    `pack: ${pack}`,
    'enabled: true',
    'trigger:',
    '  type: core.st2.webhook',
    '  parameters:',
    `    url: ${name}`,
    'action:',
    `  ref: ${action}`,
    '',
  ].join('\n');
}
