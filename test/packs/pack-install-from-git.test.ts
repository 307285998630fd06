import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { getPack } from '../../src/packs/manage/describe-packs.js';
import { installPacks } from '../../src/packs/manage/install-pack.js';
import { removePack } from '../../src/packs/manage/remove-pack.js';
import { echoAction, makeGitRepo, packYamlText, webhookRule, type GitFixture } from './support/git-repo.js';
import { startPackEngine, type PackEngine } from './support/pack-engine.js';

/** The error a promise rejects with; fails the test when it resolves. */
async function failureOf(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof Error)) throw new Error('expected the install to fail');
  return outcome;
}

describe('installing packs from git', () => {
  let repo: GitFixture;
  let env: PackEngine;
  beforeEach(async () => {
    repo = await makeGitRepo();
    env = await startPackEngine();
  });
  afterEach(async () => {
    await env.close();
    await repo.cleanup();
  });

  async function stdoutOf(action: string): Promise<string> {
    const done = await env.run(action);
    expect(done.status).toBe('succeeded');
    return String((done.result as { stdout?: unknown }).stdout).trim();
  }

  it('installs one pack, records its source and serves its actions', async () => {
    await repo.write('pack.yaml', packYamlText('hello'));
    await repo.write('actions/greet.yaml', echoAction('greet', 'hi-from-v1'));
    await repo.write('rules/on_hook.yaml', webhookRule('hello', 'on_hook', 'hello.greet'));
    const commit = repo.commit('v1');

    const result = await installPacks({ source: repo.url }, env.deps());

    expect(result.installed.map((pack) => [pack.ref, pack.version, pack.replaced])).toEqual([
      ['hello', '1.0.0', false],
    ]);
    expect(await stdoutOf('hello.greet')).toBe('hi-from-v1');
    expect(env.engine.snapshot().rules.has('hello.on_hook')).toBe(true);
    const record = JSON.parse(
      await readFile(path.join(env.temp.home, 'packs/hello/.squall-source.json'), 'utf8'),
    ) as Record<string, unknown>;
    expect(record).toMatchObject({ url: repo.url, commit, path: '.' });
    expect(existsSync(path.join(env.temp.home, 'packs/hello/.git'))).toBe(false);
    expect(env.progress.map((update) => update.step)).toEqual(
      expect.arrayContaining(['clone', 'checkout', 'validate', 'copy', 'register']),
    );
    const described = await getPack('hello', env.engine.snapshot());
    expect(described).toMatchObject({
      version: '1.0.0',
      source: { commit },
      content: { actions: 1, rules: 1 },
      issues: [],
    });
  });

  it('installs the packs under packs/ (detected or --subtree) and a --packs subset', async () => {
    for (const name of ['alpha', 'beta', 'gamma']) {
      await repo.write(`packs/${name}/pack.yaml`, packYamlText(name));
      await repo.write(`packs/${name}/actions/say.yaml`, echoAction('say', name));
    }
    repo.commit('three packs');

    const subset = await installPacks(
      { source: repo.url, packs: ['alpha', 'gamma'], subtree: true },
      env.deps(),
    );
    expect(subset.installed.map((pack) => pack.ref)).toEqual(['alpha', 'gamma']);
    expect(env.engine.snapshot().packs.has('beta')).toBe(false);
    expect(await stdoutOf('gamma.say')).toBe('gamma');

    const all = await installPacks({ source: repo.url }, env.deps());
    expect(all.installed.map((pack) => pack.ref)).toEqual(['beta']);
    expect(all.unchanged.map((pack) => pack.ref)).toEqual(['alpha', 'gamma']);
    expect((await getPack('beta', env.engine.snapshot())).source?.path).toBe('packs/beta');

    await expect(installPacks({ source: repo.url, packs: ['delta'] }, env.deps())).rejects.toThrow(
      /no pack delta; it has: alpha, beta, gamma/,
    );
  });

  it('checks out a tag or a branch given as url=ref, and replaces the old version on reinstall', async () => {
    await repo.write('pack.yaml', packYamlText('hello', '1.0.0'));
    await repo.write('actions/greet.yaml', echoAction('greet', 'one'));
    repo.commit('v1');
    repo.tag('v1.0.0');
    await repo.write('pack.yaml', packYamlText('hello', '2.0.0'));
    await repo.write('actions/greet.yaml', echoAction('greet', 'two'));
    repo.commit('v2');
    repo.branch('feature/x');
    await repo.write('actions/greet.yaml', echoAction('greet', 'feature'));
    await repo.write('pack.yaml', packYamlText('hello', '2.1.0'));
    repo.commit('feature');

    await installPacks({ source: `${repo.url}=v1.0.0` }, env.deps());
    expect(await stdoutOf('hello.greet')).toBe('one');

    const second = await installPacks({ source: `${repo.url}=feature/x` }, env.deps());
    expect(second.installed[0]).toMatchObject({
      ref: 'hello',
      version: '2.1.0',
      replaced: true,
      previous_version: '1.0.0',
    });
    expect(await stdoutOf('hello.greet')).toBe('feature');

    await installPacks({ source: repo.url }, env.deps());
    expect(await stdoutOf('hello.greet')).toBe('two');
    expect((await getPack('hello', env.engine.snapshot())).version).toBe('2.0.0');
    const leftovers = (await readdir(path.join(env.temp.home, 'packs'))).filter((name) =>
      name.startsWith('.'),
    );
    expect(leftovers).toEqual([]);

    await expect(installPacks({ source: `${repo.url}=no-such-tag` }, env.deps())).rejects.toThrow(
      /no branch, tag or commit "no-such-tag"/,
    );
  });

  it('leaves the old version serving when the new one has a broken rule or pack.yaml', async () => {
    await repo.write('pack.yaml', packYamlText('hello'));
    await repo.write('actions/greet.yaml', echoAction('greet', 'good'));
    repo.commit('good');
    await installPacks({ source: repo.url }, env.deps());

    await repo.write('actions/greet.yaml', echoAction('greet', 'bad'));
    await repo.write(
      'rules/broken.yaml',
      'name: broken\npack: hello\nenabled: true\ntrigger: {type: core.st2.webhook}\naction: {ref: hello.greet}\ncriteria:\n  trigger.body.x: {type: equalz, pattern: 1}\n',
    );
    repo.commit('broken rule');
    const failure = await failureOf(installPacks({ source: repo.url }, env.deps()));
    expect(failure).toBeInstanceOf(Error);
    expect(failure.message).toMatch(/hello\/rules\/broken\.yaml/);
    expect(failure.message).toMatch(/equalz/);
    expect(failure.message).not.toMatch(/staging/);
    expect(await stdoutOf('hello.greet')).toBe('good');

    await repo.remove('rules/broken.yaml');
    await repo.write('pack.yaml', 'name: hello\ndescription: no version\nauthor: tests\n');
    repo.commit('bad pack.yaml');
    await expect(installPacks({ source: repo.url }, env.deps())).rejects.toThrow(
      /pack\.yaml is missing "version"/,
    );
    await env.engine.reload();
    expect(await stdoutOf('hello.greet')).toBe('good');
    const leftovers = (await readdir(path.join(env.temp.home, 'packs'))).filter((name) =>
      name.startsWith('.'),
    );
    expect(leftovers).toEqual([]);
  });

  it('installs dependencies first, from URLs and through the pack index', async () => {
    const dependency = await makeGitRepo();
    const indexed = await makeGitRepo();
    try {
      await dependency.write('pack.yaml', packYamlText('base_lib'));
      await dependency.write('actions/ping.yaml', echoAction('ping', 'pong'));
      dependency.commit('lib');
      await indexed.write('pack.yaml', packYamlText('from_index'));
      indexed.commit('indexed');
      const indexFile = path.join(env.temp.home, 'index.json');
      await writeFile(
        indexFile,
        JSON.stringify({ packs: { from_index: { repo_url: indexed.url, version: '1.0.0' } } }),
      );
      await repo.write(
        'pack.yaml',
        packYamlText('app', '1.0.0', `dependencies:\n  - ${dependency.url}\n  - from_index\n`),
      );
      repo.commit('app');

      const deps = env.deps({ config: { packs: { index: 'index.json' } } });
      const result = await installPacks({ source: repo.url }, deps);
      expect(result.installed.map((pack) => [pack.ref, pack.dependency_of])).toEqual([
        ['base_lib', 'app'],
        ['from_index', 'app'],
        ['app', undefined],
      ]);
      expect(await stdoutOf('base_lib.ping')).toBe('pong');

      const again = await installPacks({ source: 'from_index' }, deps);
      expect(again.unchanged).toEqual([
        { ref: 'from_index', reason: expect.stringMatching(/already installed at commit/) },
      ]);
      const skipped = await installPacks({ source: repo.url, force: true, skipDependencies: true }, deps);
      expect(skipped.installed.map((pack) => pack.ref)).toEqual(['app']);
      await expect(installPacks({ source: 'missing_pack' }, deps)).rejects.toThrow(
        /has no pack "missing_pack"/,
      );
      await expect(installPacks({ source: 'x' }, env.deps())).rejects.toThrow(/no pack index is configured/);
    } finally {
      await dependency.cleanup();
      await indexed.cleanup();
    }
  });

  it('removes an installed pack and refuses bundled ones, escapes and hand-made folders', async () => {
    await repo.write('pack.yaml', packYamlText('hello'));
    await repo.write('actions/greet.yaml', echoAction('greet', 'hi'));
    repo.commit('v1');
    await installPacks({ source: repo.url }, env.deps());

    await expect(removePack('core', env.deps())).rejects.toThrow(/bundled/);
    await expect(removePack('../core', env.deps())).rejects.toThrow(/not a pack ref/);
    await expect(removePack('/etc', env.deps())).rejects.toThrow(/not a pack ref/);
    const removed = await removePack('hello', env.deps());
    expect(removed).toMatchObject({ ref: 'hello', version: '1.0.0' });
    expect(env.engine.snapshot().actions.has('hello.greet')).toBe(false);
    expect(existsSync(path.join(env.temp.home, 'packs/hello'))).toBe(false);
    await expect(removePack('hello', env.deps())).rejects.toThrow(/no installed pack "hello"/);

    await repo.write('pack.yaml', packYamlText('core'));
    repo.commit('claims core');
    await expect(installPacks({ source: repo.url }, env.deps())).rejects.toThrow(/bundled with Squall/);
    await repo.write('pack.yaml', packYamlText('default'));
    repo.commit('claims default');
    await expect(installPacks({ source: repo.url }, env.deps())).rejects.toThrow(/this home's own rules/);

    await env.temp.write('packs/hello/pack.yaml', packYamlText('hello'));
    await repo.write('pack.yaml', packYamlText('hello'));
    repo.commit('hello again');
    await expect(installPacks({ source: repo.url }, env.deps())).rejects.toThrow(
      /was not installed by `squall pack install`; pass --force/,
    );
    await installPacks({ source: repo.url, force: true }, env.deps());
    expect(await stdoutOf('hello.greet')).toBe('hi');
  });

  it('installs from a local folder, without its .git, and refuses one inside <home>/packs', async () => {
    await repo.write('pack.yaml', packYamlText('local_pack'));
    await repo.write('actions/greet.yaml', echoAction('greet', 'local'));
    repo.commit('local');
    const result = await installPacks({ source: repo.work }, env.deps());
    expect(result.installed[0]).toMatchObject({ ref: 'local_pack', source: { url: repo.work } });
    expect(result.installed[0]?.source.commit).toBeUndefined();
    expect(existsSync(path.join(env.temp.home, 'packs/local_pack/.git'))).toBe(false);
    expect(await stdoutOf('local_pack.greet')).toBe('local');
    await expect(
      installPacks({ source: path.join(env.temp.home, 'packs/local_pack') }, env.deps()),
    ).rejects.toThrow(/already inside/);
  });

  it('never lets a token in an https URL reach results, errors, logs or the source record', async () => {
    const token = 'ghp_SuperSecretToken123';
    const url = `https://x-access-token:${token}@127.0.0.1:1/org/pack.git`;
    const failure = await failureOf(installPacks({ source: `${url}=main` }, env.deps()));
    expect(failure.message).toMatch(/https:\/\/\*{8}@127\.0\.0\.1:1/);
    expect(JSON.stringify(failure)).not.toContain(token);
    expect(failure.stack).not.toContain(token);
    expect(env.logs.join('')).not.toContain(token);
    expect(JSON.stringify(env.progress)).not.toContain(token);

    const local = await failureOf(installPacks({ source: url.replace('https', 'http') }, env.deps()));
    expect(local.message).toMatch(/plain http/);
    expect(local.message).not.toContain(token);
  });
});
