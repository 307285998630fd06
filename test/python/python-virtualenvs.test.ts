import { lstat, mkdir, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createEngine } from '../../src/engine/create-engine.js';
import type { Execution } from '../../src/domain/execution.js';
import { silentLogger } from '../../src/common/logger.js';
import { squall } from '../cli/helpers/capture-io.js';
import { writeWheel } from '../support/python-wheel.js';
import { makeTempHome, packYaml, type TempHome } from '../support/temp-home.js';
import { makeGitRepo, type GitFixture } from '../packs/support/git-repo.js';

const ACTION = `name: value
runner_type: python-script
entry_point: value.py
parameters: {}
`;

const code = (marker: string): string => `import sys

import tinylib
from st2common.runners.base_action import Action


class Value(Action):
    def run(self):
        return {"value": tinylib.VALUE, "prefix": sys.prefix, "code": "${marker}"}
`;

/** Slow: real virtualenvs and pip (from a local wheel folder; this machine reaches no index). */
describe('a virtualenv per pack, from requirements.txt', () => {
  let home: TempHome;
  let repo: GitFixture;
  const at = (...args: string[]): string[] => [...args, '--home', home.home];
  const venvLink = (): string => path.join(home.home, 'virtualenvs', 'wheely');
  const runValue = async (): Promise<Record<string, unknown>> => {
    const run = await squall(at('run', 'wheely.value', '--json'));
    expect(run.code, run.stderr).toBe(0);
    return (run.json<Execution>().result as { result: Record<string, unknown> }).result;
  };
  const commit = async (files: Record<string, string>): Promise<void> => {
    for (const [file, text] of Object.entries(files)) await repo.write(file, text);
    repo.commit('change');
  };

  beforeAll(async () => {
    home = await makeTempHome(['core', 'packs']);
    const wheels = path.join(home.home, 'wheels');
    await mkdir(wheels);
    writeWheel(wheels, 'tinylib', '1.0', 'one');
    writeWheel(wheels, 'tinylib', '1.1', 'one-point-one');
    await home.write('squall.yaml', 'python:\n  pip:\n    no_index: true\n    find_links: [wheels]\n');
    repo = await makeGitRepo();
    await commit({
      'pack.yaml': packYaml('wheely'),
      'requirements.txt': '# served from the local wheel folder\ntinylib==1.0\n',
      'actions/value.yaml': ACTION,
      'actions/value.py': code('first'),
    });
  });
  afterAll(async () => {
    await repo?.cleanup();
    await home?.cleanup();
  });

  it('installs a pack whose requirement comes from a local wheel folder and runs it in its virtualenv', async () => {
    const install = await squall(at('pack', 'install', repo.url));
    expect(install.code, install.stderr).toBe(0);
    expect(install.stderr).toMatch(/^venv: installing tinylib==1\.0 with pip$/m);
    expect((await lstat(venvLink())).isSymbolicLink()).toBe(true);
    const value = await runValue();
    expect(value).toEqual({ value: 'one', prefix: await realpath(venvLink()), code: 'first' });
  });

  it('keeps the virtualenv when only the code changes', async () => {
    const before = await realpath(venvLink());
    await commit({ 'actions/value.py': code('second') });
    const install = await squall(at('pack', 'install', repo.url));
    expect(install.code, install.stderr).toBe(0);
    expect(install.stderr).toContain('the virtualenv of wheely is up to date');
    expect(await realpath(venvLink())).toBe(before);
    expect(await runValue()).toMatchObject({ code: 'second', value: 'one' });
  });

  it('fails an install pip cannot satisfy with pip’s error; the live pack keeps its code and virtualenv', async () => {
    const before = await realpath(venvLink());
    await commit({ 'requirements.txt': 'tinylib==9.9\n', 'actions/value.py': code('third') });
    const install = await squall(at('pack', 'install', repo.url));
    expect(install.code).not.toBe(0);
    expect(install.stderr).toContain('pack wheely: could not install its requirements');
    expect(install.stderr).toMatch(/No matching distribution found for tinylib==9\.9/);
    expect(await realpath(venvLink())).toBe(before);
    expect(await runValue()).toMatchObject({ code: 'second', value: 'one', prefix: before });
  });

  it('rebuilds the virtualenv when the requirements change, and the warm workers move to it', async () => {
    const engine = await createEngine({
      home: home.home,
      bundledPacksDirs: [home.bundled],
      logger: silentLogger(),
      sensors: false,
    });
    try {
      const run = async (): Promise<Record<string, unknown>> => {
        const requested = await engine.run({ action: 'wheely.value' });
        const done = await engine.waitForExecution(requested.id, { timeoutMs: 60_000 });
        return (done.result as { result: Record<string, unknown> }).result;
      };
      const first = await realpath(venvLink());
      expect(await run()).toMatchObject({ value: 'one', prefix: first });
      await commit({ 'requirements.txt': 'tinylib==1.1\n' });
      const install = await squall(at('pack', 'install', repo.url));
      expect(install.code, install.stderr).toBe(0);
      await engine.reload();
      const second = await realpath(venvLink());
      expect(second).not.toBe(first);
      expect(await run()).toMatchObject({ value: 'one-point-one', prefix: second, code: 'third' });

      const setup = await engine.run({ action: 'packs.setup_virtualenv', parameters: { packs: ['wheely'] } });
      const done = await engine.waitForExecution(setup.id, { timeoutMs: 120_000 });
      expect(done.status, done.error ?? '').toBe('succeeded');
      const third = await realpath(venvLink());
      expect(third).not.toBe(second);
      expect(await run()).toMatchObject({ value: 'one-point-one', prefix: third });
      const kept = (await readdir(path.join(home.home, 'virtualenvs'))).filter((name) => name !== 'wheely');
      expect(kept.map((name) => path.join(home.home, 'virtualenvs', name)).sort()).toEqual(
        [second, third].sort(),
      );
    } finally {
      await engine.stop();
    }
  });

  it('setup-venv --update leaves an up-to-date virtualenv alone; removing the pack deletes it', async () => {
    const before = await realpath(venvLink());
    const update = await squall(at('pack', 'setup-venv', 'wheely', '--update'));
    expect(update.code, update.stderr).toBe(0);
    expect(update.stdout).toContain(`wheely: virtualenv up to date at ${before}`);
    const remove = await squall(at('pack', 'remove', 'wheely'));
    expect(remove.code, remove.stderr).toBe(0);
    expect(await readdir(path.join(home.home, 'virtualenvs'))).toEqual([]);
  });
});
