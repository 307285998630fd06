import { mkdir, mkdtemp, readFile, realpath, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { packageRoot } from '../../src/common/package-root.js';
import { resolveSquallHome } from '../../src/config/squall-home.js';
import { echoAction, makeGitRepo, packYamlText, type GitFixture } from '../packs/support/git-repo.js';
import { squall } from './helpers/capture-io.js';

describe('the home a command works on', () => {
  let root: string;
  beforeEach(async () => {
    root = await realpath(await mkdtemp(path.join(tmpdir(), 'squall-home-choice-')));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('is --home, else $SQUALL_HOME, else the nearest .squall/ folder, else ./.squall', async () => {
    const nested = path.join(root, 'project', 'src', 'deep');
    await mkdir(nested, { recursive: true });
    const env = { SQUALL_HOME: path.join(root, 'from-env') };
    expect(resolveSquallHome({ flag: 'given', env, cwd: nested })).toBe(path.join(nested, 'given'));
    expect(resolveSquallHome({ env, cwd: nested })).toBe(path.join(root, 'from-env'));
    expect(resolveSquallHome({ env: { SQUALL_HOME: '' }, cwd: nested })).toBe(path.join(nested, '.squall'));
    await mkdir(path.join(root, 'project', '.squall'));
    expect(resolveSquallHome({ env: {}, cwd: nested })).toBe(path.join(root, 'project', '.squall'));
  });

  it("refuses Squall's own package folder as the home, whose packs/ are the bundled packs", async () => {
    const run = await squall(['pack', 'list', '--home', packageRoot(), '--json']);
    expect(run.code).toBe(2);
    expect(run.json()).toMatchObject({ code: 'E_HOME_IS_PACKAGE' });
    expect(run.json<{ faultstring: string }>().faultstring).toMatch(/--home DIR or SQUALL_HOME=DIR/);
  });

  it('prints the package version for --version', async () => {
    const pkg = JSON.parse(await readFile(path.join(packageRoot(), 'package.json'), 'utf8')) as {
      version: string;
    };
    const run = await squall(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(pkg.version);
  });
});

describe('packs installed into a home chosen by $SQUALL_HOME or ./.squall', () => {
  let repo: GitFixture;
  let root: string;
  beforeEach(async () => {
    repo = await makeGitRepo();
    root = await mkdtemp(path.join(tmpdir(), 'squall-home-install-'));
    await repo.write('pack.yaml', packYamlText('mypack'));
    await repo.write('actions/ping.yaml', echoAction('ping', 'pong'));
    repo.commit('mypack');
  });
  afterEach(async () => {
    await repo.cleanup();
    await rm(root, { recursive: true, force: true });
  });

  it('land in <home>/packs, are not bundled, and can be removed (SQUALL_HOME)', async () => {
    const home = path.join(root, 'srv');
    const env = { SQUALL_HOME: home };
    expect((await squall(['pack', 'install', repo.url], { cwd: root, env })).code).toBe(0);
    expect(existsSync(path.join(home, 'packs', 'mypack', 'pack.yaml'))).toBe(true);
    const got = await squall(['pack', 'get', 'mypack', '--json'], { cwd: root, env });
    expect(got.json()).toMatchObject({ ref: 'mypack', bundled: false });
    const bundled = await squall(['pack', 'get', 'squall_demo', '--json'], { cwd: root, env });
    expect(bundled.json()).toMatchObject({
      bundled: true,
      path: path.join(packageRoot(), 'packs', 'squall_demo'),
    });
    const removed = await squall(['pack', 'remove', 'mypack'], { cwd: root, env });
    expect(removed.code).toBe(0);
    expect(existsSync(path.join(home, 'packs', 'mypack'))).toBe(false);
  });

  it('land in ./.squall/packs when neither --home nor SQUALL_HOME is given', async () => {
    const cwd = path.join(root, 'clone');
    await mkdir(cwd);
    expect((await squall(['pack', 'install', repo.url], { cwd, env: {} })).code).toBe(0);
    expect(existsSync(path.join(cwd, '.squall', 'packs', 'mypack', 'pack.yaml'))).toBe(true);
    const listed = await squall(['pack', 'list', '--json'], { cwd: path.join(cwd), env: {} });
    expect(listed.json<{ ref: string }[]>().map((pack) => pack.ref)).toEqual(
      expect.arrayContaining(['core', 'squall_demo', 'mypack']),
    );
  });
});
