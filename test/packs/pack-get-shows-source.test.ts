import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { squall } from '../cli/helpers/capture-io.js';
import { echoAction, makeGitRepo, packYamlText, type GitFixture } from './support/git-repo.js';

interface PackJson {
  ref: string;
  source?: Record<string, unknown>;
}

describe('squall pack get shows where a pack was installed from', () => {
  let repo: GitFixture;
  let home: string;
  beforeEach(async () => {
    repo = await makeGitRepo();
    home = await mkdtemp(path.join(tmpdir(), 'squall-cli-home-'));
  });
  afterEach(async () => {
    await repo.cleanup();
    await rm(home, { recursive: true, force: true });
  });

  it('prints and answers the source record of a pack installed from git', async () => {
    await repo.write('pack.yaml', packYamlText('svc'));
    await repo.write('actions/ping.yaml', echoAction('ping', 'pong'));
    repo.branch('release');
    const commit = repo.commit('svc');
    const installed = await squall(['pack', 'install', `${repo.url}=release`, '--home', home]);
    expect(installed.code, installed.stderr).toBe(0);

    const json = await squall(['pack', 'get', 'svc', '--json', '--home', home]);
    expect(json.code, json.stderr).toBe(0);
    expect(json.json<PackJson>().source).toMatchObject({
      url: repo.url,
      ref: 'release',
      commit,
      installed_at: expect.any(String),
    });

    const human = await squall(['pack', 'get', 'svc', '--home', home]);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/^source:$/m);
    expect(human.stdout).toContain(`url: ${repo.url}`);
    expect(human.stdout).toMatch(/^ {2}ref: release$/m);
    expect(human.stdout).toContain(`commit: ${commit}`);
  });

  it('masks URL credentials in the record and leaves source out for bundled packs', async () => {
    const dir = path.join(home, 'packs', 'copied');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'pack.yaml'), packYamlText('copied'));
    await writeFile(
      path.join(dir, '.squall-source.json'),
      JSON.stringify({ url: 'https://bob:hunter2@git.example.com/copied.git', installed_at: '2024-01-01' }),
    );
    const copied = await squall(['pack', 'get', 'copied', '--json', '--home', home]);
    expect(copied.code, copied.stderr).toBe(0);
    expect(copied.stdout).not.toContain('hunter2');
    expect(copied.json<PackJson>().source?.['url']).toMatch(/^https:\/\/.*git\.example\.com\/copied\.git$/);

    const core = await squall(['pack', 'get', 'core', '--json', '--home', home]);
    expect(core.json<PackJson>()).not.toHaveProperty('source');
    expect((await squall(['pack', 'get', 'core', '--home', home])).stdout).not.toMatch(/^source:/m);
  });
});
