import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ST2_CORPUS } from '../support/st2-corpus.js';
import { squall } from '../cli/helpers/capture-io.js';

const CORPUS = ST2_CORPUS;
const EXAMPLES = path.join(CORPUS, 'examples');

describe.skipIf(!existsSync(EXAMPLES))("StackStorm's own examples pack", () => {
  if (!existsSync(EXAMPLES)) console.warn(`skipping: StackStorm's examples pack is not at ${EXAMPLES}`);
  let root: string;
  let repo: string;
  let home: string;

  beforeAll(async () => {
    // A git repository made at test time from the corpus folder, as a user's clone of it would be.
    root = await mkdtemp(path.join(tmpdir(), 'squall-st2-examples-'));
    repo = path.join(root, 'examples');
    home = path.join(root, 'home');
    await cp(EXAMPLES, repo, { recursive: true });
    const git = (...args: string[]): string =>
      execFileSync('git', args, {
        cwd: repo,
        encoding: 'utf8',
        env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.invalid' },
      });
    git('init', '--quiet', '--initial-branch=master');
    git('add', '--all');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '--quiet', '-m', 'examples');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('installs with squall pack install unchanged, beside the bundled squall_demo pack', async () => {
    const installed = await squall(['pack', 'install', repo, '--home', home]);
    expect(installed.stderr).not.toMatch(/bundled with Squall/);
    expect(installed.code).toBe(0);
    expect(installed.stdout).toMatch(/^installed examples 0\.\d+\.\d+ from /m);

    const examples = await squall(['pack', 'get', 'examples', '--json', '--home', home]);
    expect(examples.json()).toMatchObject({ ref: 'examples', bundled: false });
    const demo = await squall(['pack', 'get', 'squall_demo', '--json', '--home', home]);
    expect(demo.json()).toMatchObject({ ref: 'squall_demo', bundled: true });

    const rules = await squall(['rule', 'list', '--pack', 'examples', '--json', '--home', home]);
    expect(rules.json<{ ref: string }[]>().map((rule) => rule.ref)).toContain(
      'examples.sample_rule_with_webhook',
    );
    expect((await squall(['pack', 'remove', 'examples', '--home', home])).code).toBe(0);
  });
});
