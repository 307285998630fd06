import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { squall } from '../cli/helpers/capture-io.js';
import { echoAction, makeGitRepo, packYamlText, type GitFixture } from './support/git-repo.js';

describe('squall pack install, remove and config', () => {
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

  it('installs with progress on stderr, shows the pack, sets a secret config value and removes it', async () => {
    await repo.write('packs/svc/pack.yaml', packYamlText('svc'));
    await repo.write('packs/svc/actions/ping.yaml', echoAction('ping', 'pong'));
    await repo.write(
      'packs/svc/config.schema.yaml',
      'token:\n  type: string\n  secret: true\n  required: true\nport:\n  type: integer\n  default: 80\n',
    );
    await repo.write('packs/other/pack.yaml', packYamlText('other'));
    repo.commit('packs');

    const installed = await squall([
      'pack',
      'install',
      repo.url,
      '--packs',
      'svc',
      '--subtree',
      '--home',
      home,
    ]);
    expect(installed.code).toBe(0);
    expect(installed.stderr).toMatch(/^clone: cloning file:/m);
    expect(installed.stderr).toMatch(/^checkout: /m);
    expect(installed.stderr).toMatch(/^validate: validating svc 1\.0\.0/m);
    expect(installed.stderr).toMatch(/^register: /m);
    expect(installed.stdout).toMatch(/^installed svc 1\.0\.0 from file:.* at [0-9a-f]{12}$/m);

    const listed = await squall(['pack', 'list', '--json', '--home', home]);
    expect(listed.json<{ ref: string }[]>().map((pack) => pack.ref)).toContain('svc');
    expect(listed.json<{ ref: string }[]>().map((pack) => pack.ref)).not.toContain('other');

    const invalid = await squall(['pack', 'config', 'svc', '--validate', '--home', home]);
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toMatch(/token/);

    const set = await squall(['pack', 'config', 'svc', 'set', 'token', 'tok-very-secret', '--home', home]);
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(/token = "\*{8}" \(encrypted\)/);
    expect(await readFile(path.join(home, 'configs/svc.yaml'), 'utf8')).not.toContain('tok-very-secret');
    const shown = await squall(['pack', 'config', 'svc', '--validate', '--json', '--home', home]);
    expect(shown.code).toBe(0);
    expect(shown.json()).toMatchObject({ values: { token: '********', port: 80 }, report: { valid: true } });
    expect(shown.stdout).not.toContain('tok-very-secret');

    const badVerb = await squall(['pack', 'config', 'svc', 'unset', 'token', '--home', home]);
    expect(badVerb.code).toBe(2);

    const removed = await squall(['pack', 'remove', 'svc', '--home', home]);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toMatch(/^removed svc 1\.0\.0/);
    const refused = await squall(['pack', 'remove', 'core', '--home', home]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/bundled/);
  });

  it('refuses an option-looking source with exit code 2', async () => {
    const run = await squall(['pack', 'install', '--home', home, '--', '--upload-pack=touch /tmp/x']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/starts with "-"/);
  });
});
