import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadAliasFile } from '../../src/chatops/load-alias-file.js';
import { ValidationError } from '../../src/common/errors.js';
import { CORPUS, corpusAliasFiles } from './corpus-aliases.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'squall-alias-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, text: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
}

describe('loading alias files', () => {
  it('loads StackStorm alias metadata with defaults and compiled formats', async () => {
    const file = await write(
      'deploy.yaml',
      [
        'name: deploy',
        'action_ref: ops.deploy',
        'description: Deploy an app',
        'formats:',
        '  - "deploy {{ app }} to {{ env=staging }}"',
        '  - display: "ship <app>"',
        '    representation:',
        '      - "ship {{ app }}"',
        '      - "(send|push) {{ app }} out"',
        'immutable_parameters:',
        '  force: true',
        'allowed_users: [alice]',
        'allowed_groups: [ops]',
        'confirm: true',
      ].join('\n'),
    );
    const alias = await loadAliasFile(file, { pack: 'ops' });
    expect(alias).toMatchObject({
      ref: 'ops.deploy',
      name: 'deploy',
      pack: 'ops',
      action_ref: 'ops.deploy',
      enabled: true,
      ack: { enabled: true, append_url: true },
      result: { enabled: true },
      immutable_parameters: { force: true },
      allowed_users: ['alice'],
      allowed_groups: ['ops'],
      confirm: true,
      source: { file, line: 1 },
    });
    expect(alias.patterns.map((p) => [p.display, p.representations.map((r) => r.source)])).toEqual([
      ['deploy {{ app }} to {{ env=staging }}', ['deploy {{ app }} to {{ env=staging }}']],
      ['ship <app>', ['ship {{ app }}', '(send|push) {{ app }} out']],
    ]);
  });

  it('names the file and line of an unknown field, with a suggestion', async () => {
    const file = await write(
      'typo.yaml',
      'name: x\naction_ref: a.b\nformats: ["x"]\nack:\n  enabled: true\nformtas: []\n',
    );
    const error = await loadAliasFile(file, { pack: 'p' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toBe(
      `${file}:6: alias: unknown field "formtas" (did you mean "formats"?)`,
    );
    expect((error as ValidationError).location).toEqual({ file, line: 6 });
  });

  it('names the line of a format that is not a valid regex', async () => {
    const file = await write(
      'regex.yaml',
      'name: x\naction_ref: a.b\nformats:\n  - "ok {{a}}"\n  - "broken (unclosed {{a}}"\n',
    );
    await expect(loadAliasFile(file, { pack: 'p' })).rejects.toThrow(
      `${file}:5: alias: alias format "broken (unclosed {{a}}"`,
    );
  });

  it('refuses missing required fields, a foreign pack, and wrongly typed sections', async () => {
    const cases: [string, RegExp][] = [
      ['action_ref: a.b\n', /"name" is required/],
      ['name: x\n', /"action_ref" is required/],
      ['name: x\naction_ref: nodot\n', /must be "pack.action"/],
      [
        'name: x\npack: other\naction_ref: a.b\n',
        /:2: alias: "pack: other" differs from the pack the alias is in \("p"\)/,
      ],
      ['name: x\naction_ref: a.b\nack: yes\n', /ack must be a mapping/],
      [
        'name: x\naction_ref: a.b\nresult:\n  enabled: "no"\n',
        /:4: alias: result.enabled must be true or false/,
      ],
      ['name: x\naction_ref: a.b\nformats: [{display: only}, 3]\n', /a format must be a string/],
      ['name: x\naction_ref: a.b\nallowed_users: alice\n', /"allowed_users" must be a list of names/],
      ['- just\n- a list\n', /must hold a mapping/],
    ];
    for (const [index, [text, expected]] of cases.entries()) {
      const file = await write(`bad-${index}.yaml`, text);
      await expect(loadAliasFile(file, { pack: 'p' }), text).rejects.toThrow(expected);
    }
  });

  it('reports a missing file and broken YAML', async () => {
    await expect(loadAliasFile(join(dir, 'nope.yaml'), { pack: 'p' })).rejects.toMatchObject({
      code: 'E_ALIAS_FILE',
    });
    const file = await write('broken.yaml', 'name: [x\n');
    await expect(loadAliasFile(file, { pack: 'p' })).rejects.toMatchObject({ code: 'E_YAML' });
  });

  it('loads every alias of the StackStorm corpus unchanged', async (context) => {
    if (!existsSync(CORPUS)) context.skip(`${CORPUS} is absent`);
    const files = await corpusAliasFiles();
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const { file, pack } of files) {
      const alias = await loadAliasFile(file, { pack });
      expect(alias.name, file).toBe(basename(file).replace(/\.ya?ml$/, ''));
      expect(alias.patterns.length, file).toBeGreaterThan(0);
      expect(dirname(file)).toMatch(/aliases$/);
    }
  });
});
