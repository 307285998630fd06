import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createSecretBox } from '../../src/datastore/secret-box.js';
import { createPackActions } from '../../src/packs/manage/pack-actions.js';
import { writeSourceRecord } from '../../src/packs/manage/source-record.js';
import { echoAction, makeGitRepo, packYamlText, type GitFixture } from './support/git-repo.js';
import { startPackEngine, type PackEngine } from './support/pack-engine.js';

describe('the packs pack actions', () => {
  let repo: GitFixture;
  let env: PackEngine;
  beforeEach(async () => {
    repo = await makeGitRepo();
    env = await startPackEngine();
    const actions = createPackActions({
      home: env.engine.home,
      reload: () => env.engine.reload(),
      snapshot: () => env.engine.snapshot(),
      config: env.engine.config,
      secretBox: createSecretBox(Buffer.alloc(32, 1)),
      logger: env.engine.logger,
    });
    for (const [name, action] of actions) env.engine.registerInternalAction(name, action);
  });
  afterEach(async () => {
    await env.close();
    await repo.cleanup();
  });

  it('installs, shows, lists and uninstalls through packs.install, packs.get, packs.list and packs.remove', async () => {
    for (const name of ['one', 'two']) {
      await repo.write(`packs/${name}/pack.yaml`, packYamlText(name));
      await repo.write(`packs/${name}/actions/say.yaml`, echoAction('say', name));
    }
    const commit = repo.commit('two packs');

    const installed = await env.run('packs.install', { packs: [`${repo.url}=master`], select: ['two'] });
    expect(installed.status).toBe('succeeded');
    expect(installed.result).toMatchObject({
      installed: [{ ref: 'two', version: '1.0.0', source: { commit, ref: 'master' } }],
    });
    expect((await env.run('two.say')).status).toBe('succeeded');

    const shown = await env.run('packs.get', { pack: 'two' });
    expect(shown.result).toMatchObject({
      ref: 'two',
      source: { url: repo.url, commit },
      content: { actions: 1 },
    });
    const listed = (await env.run('packs.list')).result as { packs: { ref: string; bundled: boolean }[] };
    expect(listed.packs.map((pack) => [pack.ref, pack.bundled])).toEqual([
      ['core', true],
      ['default', false],
      ['packs', true],
      ['two', false],
    ]);

    const removed = await env.run('packs.remove', { packs: ['two'] });
    expect(removed).toMatchObject({ status: 'succeeded', result: { removed: [{ ref: 'two' }] } });
    expect(env.engine.snapshot().packs.has('two')).toBe(false);
    const refused = await env.run('packs.uninstall', { packs: ['core'] });
    expect(refused.status).toBe('failed');
    expect(JSON.stringify(refused.result)).toMatch(/bundled/);
  });

  it('fails packs.install with the reason and masks a token in results and in packs.get', async () => {
    const failed = await env.run('packs.install', {
      packs: ['https://user:tok-abc123xyz@127.0.0.1:1/r.git'],
    });
    expect(failed.status).toBe('failed');
    expect(JSON.stringify(failed.result)).toMatch(/git failed for https:\/\/\*{8}@127\.0\.0\.1:1/);
    expect(JSON.stringify(failed.result)).not.toContain('tok-abc123xyz');

    // A record written by an older version with a clear token is still shown masked.
    const dir = await env.temp.write('packs/legacy/pack.yaml', packYamlText('legacy'));
    await writeSourceRecord(dir.replace(/\/pack\.yaml$/, ''), {
      url: 'https://user:tok-abc123xyz@git.example/r.git',
      installed_at: new Date().toISOString(),
    });
    await env.engine.reload();
    const shown = await env.run('packs.get', { pack: 'legacy' });
    expect(JSON.stringify(shown.result)).not.toContain('tok-abc123xyz');
    expect(shown.result).toMatchObject({ source: { url: 'https://********@git.example/r.git' } });
    expect(env.logs.join('')).not.toContain('tok-abc123xyz');
  });
});
